#!/usr/bin/env python3
"""Simulation-based calibration on the school model (issue 21): data that
Loom itself makes at known settings of two constants are recovered by
`loom calibrate` from five targets.

Truth: trust.honest_report_safety = 0.7, capacity.initial_capacity = 4.0
(priors uniform on 0.3-0.9 and 2.5-7.5). The "observed" targets are the
means of 4 runs of shared leadership at the truth (seed 77); each target's
sd is the spread of a 4-run mean there (from 24 other runs, seed 78), as an
observation's uncertainty would be. Checks: both 90% posterior intervals
cover the truth, and the identified parameter's (capacity, which sets the
hours left for improvement work and so burnout) is at most half its prior's
width. One study, fixed seeds: a deterministic check, not a coverage rate
(the coverage rate is measured on the toy, tests/models/catalog/).

Usage: calibrate_recovery_test.py LOOM SOURCE_DIR"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from checks import Checks, run_loom  # noqa: E402

LOOM, SRC = sys.argv[1], Path(sys.argv[2]).resolve()
TRUTH = {"trust.honest_report_safety": 0.7, "capacity.initial_capacity": 4.0}
PRIORS = {"trust.honest_report_safety": (0.3, 0.9), "capacity.initial_capacity": (2.5, 7.5)}
TARGETS = ["outcome_mean", "outcome_gap", "burnout", "harmful_adoptions", "teacher_turnover_rate"]
check = Checks()


def runs_at_truth(folder, replicates, seed):
    out = folder / f"truth-{seed}.h5"
    sets = [a for k, v in TRUTH.items() for a in ("--set", f"{k}={v}")]
    run_loom(LOOM, "run", SRC / "scenarios/shared-leadership.toml", "-r", replicates, "-s", seed,
             "-o", out, "-q", *sets)
    with h5py.File(out, "r") as f:
        summary = f["scenarios/shared-leadership/summary"][:]
    return {t: np.asarray(summary[t], dtype=float) for t in TARGETS}


with tempfile.TemporaryDirectory() as tmp:
    folder = Path(tmp)
    data = runs_at_truth(folder, 4, 77)
    spread = runs_at_truth(folder, 24, 78)
    lines = [
        "[calibrate]",
        f'base = "{SRC / "scenarios/shared-leadership.toml"}"',
        "particles = 100", "replicates = 4", "generations = 5", "seed = 9", "",
        "[priors]",
    ]
    lines += [f'"{k}" = {{ min = {lo}, max = {hi} }}' for k, (lo, hi) in PRIORS.items()]
    lines += ["", "[targets]"]
    for t in TARGETS:
        sd = max(np.std(spread[t], ddof=1) / 2.0, 1e-6)  # a 4-run mean's spread
        lines.append(f'"{t}" = {{ value = {np.mean(data[t])!r}, sd = {sd!r} }}')
    (folder / "spec.toml").write_text("\n".join(lines) + "\n")
    r = run_loom(LOOM, "calibrate", folder / "spec.toml", "-o", folder / "post.h5", "-q",
                 "--format", "json")
    report = json.loads(r.stdout)
    for p in report["parameters"]:
        truth, (lo, hi) = TRUTH[p["name"]], PRIORS[p["name"]]
        width = p["q95"] - p["q05"]
        check(p["q05"] <= truth <= p["q95"],
              f'{p["name"]}: 90% interval [{p["q05"]:.3f}, {p["q95"]:.3f}] covers the truth {truth}')
        if p["name"] == "capacity.initial_capacity":
            check(width <= (hi - lo) / 2,
                  f"the identified parameter's interval ({width:.2f}) is at most half its prior's "
                  f"width ({hi - lo})")
    print(f'{report["runs"]} runs, {report["generations"]} generations, ESS {report["ess"]:.1f}')
check.finish()
