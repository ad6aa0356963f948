#!/usr/bin/env python3
"""Validation of Loom's school model (the patterns of docs/model.md section 1.1).

Runs the `loom` command line (run, compare, march) into a temporary
directory, reads the HDF5 results with h5py, and writes
docs/validation/school.md (its `loom` invocations in
docs/validation/school-commands.md) with SVG figures in docs/validation/,
then rebuilds the index docs/validation.md. Every number in that part
comes from one invocation of this script. The sections live in
scripts/loomtools/school/, one module each.

    /usr/bin/python3 scripts/validate.py [--replicates N] [--loom PATH]
                                         [--seed S] [--threads T]

Use Debian's /usr/bin/python3 (h5py, numpy, pandas). Runtime with
the defaults (1,000 replicates, 2 threads) is a few minutes.
"""
import argparse
import datetime as dt
import os
import sys
import tempfile
import time

import numpy as np

from loomtools import FIGURES, ROOT, report
from loomtools.runner import Loom
from loomtools.school import (a_turnover_calibration, b_turnover_nces, c_principal_exit, d_equity,
                              e_champions, f_learning_core, g_leadership, h_time_scale, i_evidence,
                              j_implementation_dip, k_steady_state, l_capacity_load,
                              m_counterfactual)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replicates", type=int, default=1000, help="replicates per configuration (default 1000)")
    ap.add_argument("--loom", default=str(ROOT / "build/release/cli/loom"), help="path to the loom binary")
    ap.add_argument("--seed", type=int, default=2026, help="random seed for every run (default 2026)")
    ap.add_argument("--threads", type=int, default=2, help="threads for loom (default 2)")
    args = ap.parse_args()
    if not os.access(args.loom, os.X_OK):
        sys.exit(f"no loom binary at {args.loom}: build it first (cmake --build build/release --target loom)")
    n = args.replicates
    FIGURES.mkdir(parents=True, exist_ok=True)
    started = time.time()
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    # One generator for every bootstrap, drawn from in section order.
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory(prefix="loom-validate-") as tmp:
        loom = Loom(args.loom, args.threads, args.seed, tmp)
        print("validate: running loom (progress below)", file=sys.stderr)
        text_a, _ = a_turnover_calibration.section(loom, n)
        text_b, by_poverty = b_turnover_nces.section(loom, n)
        sections = [
            text_a, text_b,
            c_principal_exit.section(loom, n, by_poverty[0.5], rng),
            d_equity.section(loom, n),
            e_champions.section(loom, n, rng),
            f_learning_core.section(loom, n, rng),
            g_leadership.section(loom, n, rng),
            h_time_scale.section(loom, n),
            i_evidence.section(loom, n),
            j_implementation_dip.section(loom, n),
            k_steady_state.section(loom, n),
            l_capacity_load.section(loom, n),
            m_counterfactual.section(loom, n),
        ]
        commands = loom.commands
        commit = loom.git_commit
    runtime = time.time() - started
    head = ["# Validation of the school model", ""]
    head += report.generated_by("validate.py", args, date, commit,
                                " (fixed when the build was configured)",
                                document="docs/validation/school.md")
    head += [f"- Seed: {args.seed} for every run (section f's comparison with the pre-extension model uses "
             "seed 7, as that model's documented run did)",
             f"- Replicates: {n} per configuration unless a section says otherwise; threads: {args.threads}",
             f"- Runtime: {runtime / 60:.1f} minutes for {len(commands)} `loom` invocations, listed in "
             f"[{report.COMMANDS}]({report.COMMANDS})",
             "- Intervals are 95%: Student's t over replicates for means and paired differences (replicate i "
             "of every configuration shares its random streams), binomial for calibrated rates, and a "
             "bootstrap over whole runs for ratios and year-level comparisons.",
             "- Figures: `docs/validation/*.svg` (medians with 90% bands over replicates, or means with 95% "
             "intervals, as labelled).", "",
             "Sections follow the patterns of docs/model.md section 1.1: "
             "(a) turnover calibration, (b) realised turnover vs NCES, "
             "(c) principal-exit shock, (d) equity, (e) champions, (f) the learning core and March "
             "docking, (g) leadership styles and the other presets, (h) the time scale of the shared way, "
             "(i) learning through evidence, (j) the implementation dip, (k) steady state and bounded "
             "responses, (l) a capacity x initiative-load phase diagram of the leadership difference. The "
             "global sensitivity of the headline comparison is in docs/sensitivity.md "
             "(scripts/sensitivity.py). Complex contagion (pattern 5) and the other network patterns are "
             "checked in [network.md](network.md), written by scripts/validate_network.py. The verdicts "
             "of both parts are tabulated in [docs/validation.md](../validation.md).",
             ""]
    report.write_part("school.md", head + sections)
    report.write_part(report.COMMANDS, [
        "# Commands run for the school model's validation", "",
        "Every `loom` invocation of the run reported in [school.md](school.md), in order (`$TMP` is a "
        "temporary directory removed afterwards; `$TMP/defaults.toml` is a scenario with only a "
        "`[scenario]` header, i.e. every parameter at its default).", "", "```"]
        + [c for _, c in commands] + ["```", ""])
    report.write_index()
    print(f"validate: wrote docs/validation/school.md, docs/validation/{report.COMMANDS}, "
          f"docs/validation/*.svg and docs/validation.md in {runtime:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
