#!/usr/bin/env python3
"""Pinned results: a run, a compare, a March grid, a sweep and a network run
give exactly the datasets they gave when these checksums were taken.

Moving code (a new layout, a split file) must not change a single number;
this test says so at every commit. When a change is *meant* to change
results (a new random draw, a recalibrated mechanism), re-pin with
`pinned_results_test.py LOOM SOURCE_DIR --print` and say in the commit
message which checksums moved and why.

Every dataset is hashed (SHA-256 of its shape, type and values, strings as
UTF-8; scripts/loomtools/fingerprint.py, dataset_hashes) except the stored
scenario and sweep texts (`scenario.toml`, `base_scenario`, `sweep/spec`),
which spell section names and absolute paths, and attributes (command line,
time, commit). Pinned on: aec3568 (before the layout move).

    pinned_results_test.py LOOM SOURCE_DIR [--print]
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Checksums by case, then dataset path (first 16 hex digits of SHA-256).
PINNED = json.loads(r"""
{
 "compare": {
  "scenario_order": "aa2cc909f19ae0a1",
  "scenarios/shared-leadership/events": "e1f018c37a2f7c0e",
  "scenarios/shared-leadership/metrics": "0d2deb6ea964dcca",
  "scenarios/shared-leadership/network_edges": "28956174691f4b33",
  "scenarios/shared-leadership/network_nodes": "681bfee8c8345596",
  "scenarios/shared-leadership/summary": "24f4ce932782caf4",
  "scenarios/shared-leadership/timeseries": "dc79701ac181a5f7",
  "scenarios/shared-leadership/week": "529935c0eff0dfba",
  "scenarios/top-down/events": "894009584b52ed63",
  "scenarios/top-down/metrics": "0d2deb6ea964dcca",
  "scenarios/top-down/network_edges": "16e852445f4894b5",
  "scenarios/top-down/network_nodes": "8bf54f90705f2713",
  "scenarios/top-down/summary": "11997c6be00522a8",
  "scenarios/top-down/timeseries": "7961d902f4d259fd",
  "scenarios/top-down/week": "529935c0eff0dfba"
 },
 "march": {
  "march/equilibrium_knowledge": "a41826f5a878335d",
  "march/equilibrium_knowledge_se": "041166789753966e",
  "march/individual_knowledge": "a41826f5a878335d",
  "march/p1": "caea515935f16a69",
  "march/p2": "4634ea83a5a68550",
  "march/periods_mean": "035d3350cc943ec1"
 },
 "network": {
  "scenario_order": "53764f790f7ce3c4",
  "scenarios/buddy/events": "e0e6eba8e640928c",
  "scenarios/buddy/metrics": "f5bf0f96a91f061e",
  "scenarios/buddy/school_rows": "c956c35080c84071",
  "scenarios/buddy/school_ties": "4bf708feaf8357b7",
  "scenarios/buddy/schools": "fca25ae260c64c50",
  "scenarios/buddy/summary": "9c44f0e5ba093c03",
  "scenarios/buddy/timeseries": "1ee788dd4955555c",
  "scenarios/buddy/week": "7a60bb039f53027e"
 },
 "run": {
  "scenario_order": "4a6844e5dc7c35a7",
  "scenarios/top-down/events": "a6f9046b56eb37ac",
  "scenarios/top-down/metrics": "0d2deb6ea964dcca",
  "scenarios/top-down/network_edges": "9dd3fdba1e0b0a2f",
  "scenarios/top-down/network_nodes": "117d8cbd6512085c",
  "scenarios/top-down/summary": "fda0fcd0d1be4a64",
  "scenarios/top-down/timeseries": "b23680d7ce17d00a",
  "scenarios/top-down/week": "529935c0eff0dfba"
 },
 "sweep": {
  "sweep/events": "77642d6410c85e86",
  "sweep/factor_names": "d6ac7c824bf5d843",
  "sweep/fields": "06aa0fe45e2e4da9",
  "sweep/metrics": "0d2deb6ea964dcca",
  "sweep/points": "1c354c1bdec42480",
  "sweep/runs": "b51e2748e9901f97",
  "sweep/timeseries": "f43a86e779399231"
 }
}
""")

def cases(loom, src, work):
    s = Path(src).resolve() / "scenarios"
    sweep = work / "sweep.toml"
    sweep.write_text(f"""[sweep]
base = "{s / 'shared-leadership.toml'}"
design = "lhs"
samples = 6
replicates = 2
seed = 11
record = "all"

[factors]
"school.poverty" = {{ min = 0.1, max = 0.9 }}
"leadership.learn_from" = {{ levels = ["leaders", "everyone"] }}
""")
    small_network = ["--set", "network.schools=16", "--set", "school.years=2",
                     "--set", "school.students=120", "--set", "school.teachers=8"]
    return {
        "run": [loom, "run", str(s / "top-down.toml"), "-r", "3", "-s", "5"],
        "compare": [loom, "compare", str(s / "top-down.toml"), str(s / "shared-leadership.toml"),
                    "-r", "3", "-s", "7"],
        "march": [loom, "march", "--p1", "0.1,0.5", "--p2", "0.5", "-n", "40"],
        "sweep": [loom, "sweep", str(sweep)],
        "network": [loom, "run", str(s / "network" / "buddy.toml"), "-r", "2", "-s", "3",
                    *small_network],
    }


def main():
    loom, src = sys.argv[1], sys.argv[2]
    sys.path.insert(0, str(Path(src).resolve() / "scripts"))
    from loomtools.fingerprint import dataset_hashes
    printing = "--print" in sys.argv[3:]
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, command in cases(loom, src, work).items():
            out = work / f"{name}.h5"
            subprocess.run([*command, "-o", str(out), "-q", "-t", "2"], check=True,
                           stdout=subprocess.DEVNULL)
            found[name] = dataset_hashes(out)
    if printing:
        print(json.dumps(found, indent=1, sort_keys=True))
        return 0
    failures = 0
    for name, pinned in PINNED.items():
        got = found.get(name, {})
        for path in sorted(set(pinned) | set(got)):
            if pinned.get(path) != got.get(path):
                print(f"FAIL {name}: {path}: pinned {pinned.get(path)}, got {got.get(path)}")
                failures += 1
        if not failures:
            print(f"ok   {name}: {len(pinned)} datasets as pinned")
    if set(found) != set(PINNED):
        print(f"FAIL cases differ: pinned {sorted(PINNED)}, ran {sorted(found)}")
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
