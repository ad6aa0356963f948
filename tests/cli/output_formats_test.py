"""`loom run`/`compare` summaries as table, CSV, JSON and none; --quiet;
--baseline and the year-by-year rows; `loom params --json`.
Usage: output_formats_test.py LOOM SOURCE_DIR"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

import h5py

loom, source = sys.argv[1], sys.argv[2]
scenarios = os.path.join(source, "scenarios")
work = tempfile.mkdtemp(prefix="loom-output-formats-")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAILED:", what)


def run(*args):
    p = subprocess.run([loom, *args], capture_output=True, text=True, cwd=work)
    check(p.returncode == 0, f"loom {' '.join(args)} exits 0 (got {p.returncode}: {p.stderr})")
    return p


try:
    # A scenario id of 30+ characters: its header must not run into the next column.
    long_name = os.path.join(work, "a-scenario-with-a-very-long-name-indeed.toml")
    shutil.copy(os.path.join(scenarios, "top-down.toml"), long_name)
    shared = os.path.join(scenarios, "shared-leadership.toml")
    out = os.path.join(work, "x.h5")
    common = ["-r", "3", "-o", out, "-t", "2"]

    p = run("compare", shared, long_name, *common, "-q")
    lines = p.stdout.splitlines()
    check(lines and lines[0].startswith("Means over replicates"), "--quiet table starts with the table")
    check("Wrote" not in p.stdout and p.stderr == "", "--quiet prints nothing but the table")
    first_block = lines[1:lines.index("")] if "" in lines else lines[1:]
    rows = [line.split(" | ") for line in first_block]
    check(len(rows) > 10 and all(len(r) == 4 for r in rows),
          "every row of the first table has 4 columns separated by ' | '")
    check("outcome_mean at the end of each year, differences paired by replicate:" in lines,
          "a comparison reports the headline metrics year by year")
    header = lines[1]
    check("a-scenario-with-a-very-long-name-indeed (n=3) | " in header,
          "a 30+ character header is followed by a separator")
    starts = [header.index(" | ", 1)]
    for line in first_block[1:]:
        check(line.index(" | ") == starts[0], f"columns aligned: {line}")

    p = run("compare", shared, long_name, *common)
    check("Wrote " + out in p.stdout, "the table form says where results went")

    p = run("compare", shared, long_name, *common, "--format", "csv")
    check("Wrote " + out in p.stderr, "with csv, the notes go to stderr")
    everything = list(csv.DictReader(io.StringIO(p.stdout)))
    table = [r for r in everything if r["year"] == ""]
    fields = {r["field"] for r in table}
    check(len(table) == 2 * len(fields) and len(fields) > 20, "one CSV row per scenario and field")
    yearly = [r for r in everything if r["year"] != ""]
    check(sorted({(r["field"], r["year"]) for r in yearly}) ==
          sorted((m, str(y)) for m in ("outcome_gap", "outcome_mean") for y in range(1, 6)),
          "year rows: the headline metrics at the end of years 1..5")
    for r in everything:
        check(r["baseline"] == "", "no baseline columns without --baseline")
    for r in table:
        check(int(r["n"]) == 3, "n is the run count")
        float(r["mean"]), float(r["ci_low"]), float(r["ci_high"])
        if r["scenario"] == "shared-leadership":
            check(r["difference"] == "" and r["difference_from"] == "", "no difference for the reference")
        else:
            check(r["difference_from"] == "shared-leadership" and r["paired"] == "true",
                  "the other scenario's difference is from the first, paired")
            float(r["difference"])

    p = run("compare", shared, long_name, *common, "--format", "json", "-q")
    document = json.loads(p.stdout)
    check(document["reference"] == "shared-leadership", "json names the reference")
    ids = [s["id"] for s in document["scenarios"]]
    check(ids == ["shared-leadership", "a-scenario-with-a-very-long-name-indeed"], f"json scenarios {ids}")
    first, second = document["scenarios"]
    check(first["runs"] == 3 and first["name"] == "Shared leadership", "json scenario header")
    check(set(first["fields"]) == fields, "json has the same fields as csv")
    check("difference" not in first["fields"]["outcome_mean"], "no difference for the reference")
    d = second["fields"]["outcome_mean"]["difference"]
    check(d["paired"] is True and d["ci_low"] <= d["mean"] <= d["ci_high"], "json difference")

    # --baseline: a preset by name, run with the reference's seed and runs
    # even though its file says otherwise, stored with role "baseline".
    odd_seed = os.path.join(work, "doing-nothing.toml")
    with open(os.path.join(scenarios, "business-as-usual.toml")) as f:
        text = f.read().replace("seed = 2026", "seed = 99").replace("replicates = 100", "replicates = 7")
    with open(odd_seed, "w") as f:
        f.write(text)
    p = run("compare", shared, long_name, *common, "--baseline", odd_seed, "--format", "csv", "-q")
    everything = list(csv.DictReader(io.StringIO(p.stdout)))
    base_rows = [r for r in everything if r["scenario"] == "doing-nothing"]
    check(len(base_rows) == len(fields) + 10, "the baseline has its own rows (fields and years)")
    for r in base_rows:
        check(r["baseline"] == "" and r["difference"] == "", "the baseline is not compared with itself")
    for r in everything:
        if r["scenario"] == "doing-nothing":
            continue
        # compliance_share is undefined (missing) in a school with no cycles:
        # no pair has both values, so its difference is missing too.
        pairs = 0 if r["field"] == "compliance_share" else 3
        check(r["baseline"] == "doing-nothing" and int(r["baseline_difference_n"]) == pairs,
              f"every other row has its paired difference from the baseline ({r['field']})")
        lo, mid, hi = (float(r[k]) if r[k] else None for k in
                       ("baseline_difference_low", "baseline_difference", "baseline_difference_high"))
        if None not in (lo, mid, hi):
            check(lo <= mid <= hi, "the baseline difference lies in its interval")
    end = {(r["scenario"], r["field"], r["year"]): r for r in everything}
    check(end[("shared-leadership", "outcome_mean", "")]["baseline_difference"] ==
          end[("shared-leadership", "outcome_mean", "5")]["baseline_difference"],
          "year 5's outcome_mean is the end of the run's")
    with h5py.File(out, "r") as f:
        roles = {k: f["scenarios"][k].attrs["role"] for k in f["scenarios"]}
        check(roles == {"shared-leadership": "scenario", "doing-nothing": "baseline",
                        "a-scenario-with-a-very-long-name-indeed": "scenario"}, f"roles {roles}")
        check(f["scenarios/doing-nothing"].attrs["seed"] == f["scenarios/shared-leadership"].attrs["seed"],
              "the baseline runs with the reference's seed")
        check(f["scenarios/doing-nothing/summary"].shape[0] == 3, "and its replicate count")
        check(f["scenarios/shared-leadership"].attrs["headline_metrics"] == "outcome_mean,outcome_gap",
              "the headline metrics are stored")
    p = run("compare", shared, long_name, *common, "--baseline", "business-as-usual", "-q")
    check("Against the baseline, business-as-usual (Business as usual)" in p.stdout,
          "the table reports against the baseline")
    p = run("compare", shared, long_name, *common, "--baseline", "business-as-usual", "-q",
            "--format", "json")
    document = json.loads(p.stdout)
    check(document["baseline"] == "business-as-usual", "json names the baseline")
    roles = [s["role"] for s in document["scenarios"]]
    check(roles == ["scenario", "scenario", "baseline"], f"json roles {roles}")
    y5 = document["scenarios"][1]["yearly"]["outcome_mean"][4]
    check(y5["year"] == 5 and "difference" in y5 and "baseline_difference" in y5,
          "json yearly entries carry both differences")

    p = run("run", long_name, *common, "--format", "none", "-q")
    check(p.stdout == "" and p.stderr == "" and os.path.exists(out), "--format none -q is silent")

    p = subprocess.run([loom, "run", long_name, "--format", "xml"], capture_output=True, text=True)
    check(p.returncode == 2, "an unknown format is a command-line error (exit 2)")

    p = run("params", "--json")
    document = json.loads(p.stdout)
    keys = {"key", "kind", "default", "min", "max", "unit", "label", "description", "source",
            "choices", "applies_when", "fixed_at_start"}
    count = 0
    by_key = {}
    for model in document["models"]:
        for section in model["sections"]:
            for parameter in section["parameters"]:
                count += 1
                check(set(parameter) == keys, f"all fields for {parameter.get('key')}")
                by_key[(model["name"], section["name"], parameter["key"])] = parameter
    check({m["name"] for m in document["models"]} == {"school", "march", "network", "ishigami", "gaussian"}, "every model")
    check(count > 100, f"every parameter ({count})")
    teachers = by_key[("school", "school", "teachers")]
    check(teachers["fixed_at_start"] == "sizes the school" and teachers["default"] == 59,
          "school.teachers fixed at start, default 59")
    blame = by_key[("school", "leadership", "blame")]
    check(blame["fixed_at_start"] is None and blame["kind"] == "real", "leadership.blame may be scheduled")
    learn = by_key[("school", "leadership", "learn_from")]
    check(learn["choices"] == ["leaders", "everyone"] and learn["default"] == "everyone", "choices")
    pause = by_key[("school", "equity", "pause_load")]
    check(pause["applies_when"] == "equity.pause_every_weeks > 0", "applies_when")
finally:
    shutil.rmtree(work, ignore_errors=True)

print("ok" if not failures else f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
