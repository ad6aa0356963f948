#!/usr/bin/env python3
"""`loom schools` (issue 22 item 8): a network's results school by school.

    schools_report_test.py LOOM

The report is built from the results file's schools table and event story;
these checks hold it to the model's own accounting of the same runs:
  - the mean over schools of end_share equals the mean over runs of the
    summary's adopted_share, and of took_up_share its ever_adopted_share
    (both exactly: the same counts);
  - with one run and a hub exit, kept / had pooled over schools equals the
    summary's sustained_share_after_hub_exit;
  - named seeds are seeded in every run (seeded_share 1) and take it up in
    week 0; without a hub exit the exit columns are missing (null, empty);
  - table, csv and json agree; a file of the school model exits 2.
"""
import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

from checks import Checks, run_loom

LOOM = sys.argv[1]
check = Checks()


def loom(*args, code=0):
    return run_loom(LOOM, *args, code=code)


small = ["--set", "network.schools=14", "--set", "school.years=3", "-s", "5", "-q",
         "--format", "none"]
with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    out = tmp / "net.h5"
    loom("compare", "network/hub-and-spoke", *small, "-r", "6", "-o", out,
         "--variant", "grant ends y1: hub.funding_ends_year=1",
         "--variant", "pilots: seeding.strategy=named, seeding.named=S-2,S-9")
    report = json.loads(loom("schools", out, "--format", "json").stdout)
    by = {s["scenario"]: s for s in report["scenarios"]}
    check(list(by) == ["hub-and-spoke", "grant-ends-y1", "pilots"], f"every scenario: {list(by)}")
    with h5py.File(out) as f:
        for sid, r in by.items():
            summary = f[f"scenarios/{sid}/summary"][()]
            ends = np.mean([s["end_share"] for s in r["schools"]])
            took = np.mean([s["took_up_share"] for s in r["schools"]])
            check(abs(ends - summary["adopted_share"].mean()) < 1e-12,
                  f"{sid}: mean end_share {ends:.4f} = mean adopted_share "
                  f"{summary['adopted_share'].mean():.4f}")
            check(abs(took - summary["ever_adopted_share"].mean()) < 1e-12,
                  f"{sid}: mean took_up_share {took:.4f} = mean ever_adopted_share")
            check([s["id"] for s in r["schools"]] == [f"S-{i}" for i in range(1, 15)],
                  f"{sid}: schools by id in order")
    plain, exit1, pilots = by["hub-and-spoke"], by["grant-ends-y1"], by["pilots"]
    check(not plain["hub_exit"] and all(s["had_at_exit_share"] is None for s in plain["schools"]),
          "no hub exit: the exit columns are null")
    check(exit1["hub_exit"] and all(s["had_at_exit_share"] is not None for s in exit1["schools"]),
          "a hub exit: every school has a had-at-exit share")
    named = {s["id"]: s for s in pilots["schools"]}
    check(named["S-2"]["seeded_share"] == 1 and named["S-9"]["seeded_share"] == 1
          and named["S-2"]["first_week_median"] == 0
          and sum(s["seeded_share"] for s in pilots["schools"]) == 2,
          "named seeds are seeded in every run, from week 0, and no other school is")

    # One run: kept / had pooled over schools is the run's sustained share.
    one = tmp / "one.h5"
    loom("run", "network/hub-and-spoke", *small, "-r", "1", "--set", "hub.funding_ends_year=1",
         "-o", one)
    r = json.loads(loom("schools", one, "--format", "json").stdout)["scenarios"][0]
    had = sum(s["had_at_exit_share"] for s in r["schools"])
    kept = sum(s["kept_after_exit_share"] * s["had_at_exit_share"] for s in r["schools"]
               if s["kept_after_exit_share"] is not None)
    with h5py.File(one) as f:
        sustained = f["scenarios/hub-and-spoke/summary"][()]["sustained_share_after_hub_exit"][0]
    check(had > 0 and abs(kept / had - sustained) < 1e-12,
          f"kept/had {kept:.0f}/{had:.0f} = sustained_share_after_hub_exit {sustained:.4f}")

    # The formats agree; the table names schools by id.
    rows = list(csv.DictReader(io.StringIO(loom("schools", out, "--format", "csv").stdout)))
    check(len(rows) == 3 * 14 and rows[0]["id"] == "S-1" and rows[0]["had_at_exit_share"] == "",
          "csv: one row per scenario and school, missing values empty")
    check(float(rows[14]["kept_after_exit_share"] or "nan") == exit1["schools"][0]["kept_after_exit_share"]
          or (rows[14]["kept_after_exit_share"] == "" and exit1["schools"][0]["kept_after_exit_share"] is None),
          "csv and json give the same number")
    table = loom("schools", out, "--scenario", "grant-ends-y1").stdout
    check("S-14" in table and "kept after" in table and "year 1 week 1" in table,
          "the table names schools by id, with the exit columns")
    school = tmp / "school.h5"
    loom("run", "top-down", "-r", "1", "-q", "--format", "none", "-o", school)
    err = loom("schools", school, code=2).stderr
    check("is not a network of schools" in err, f"a school model's file exits 2: {err.strip()}")

check.finish()
