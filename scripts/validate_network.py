#!/usr/bin/env python3
"""Validation of Loom's network model (docs/model.md section 5).

Runs `loom run` / `loom compare` on network scenarios into a temporary
directory, reads the HDF5 results with h5py, and writes the "Networks of
schools" part, docs/validation/network.md, with SVG figures in
docs/validation/network_*.svg, then rebuilds the index docs/validation.md.
Every number in that part comes from one invocation of this script. The
sections live in scripts/loomtools/network/, one module each.

    /usr/bin/python3 scripts/validate_network.py [--replicates N] [--loom PATH]
                                                 [--seed S] [--threads T]

Sections: (a) Centola's (2010) single-seed design (128 schools, degree 6,
one seed, spread at its defaults, which were fitted to it): complex vs
simple contagion on a clustered ring lattice vs a random network of equal
degree, without and with a hub; (b) hub-and-spoke vs buddy; (c) seeding
strategies; (d) hub exit with hub-held vs shared network leadership, with
the support rules as they are and neutralised. Section a's complex runs
without a hub use max(N, 300) replicates (single-seed runs are all or
nothing); every other configuration N. Runtime with the defaults (100
replicates, 2 threads) is 10-15 minutes.
"""
import argparse
import datetime as dt
import os
import sys
import tempfile
import time

from loomtools import FIGURES, ROOT, report
from loomtools.network import a_contagion, b_hub_buddy, c_seeding, d_hub_exit
from loomtools.runner import Loom


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replicates", type=int, default=100)
    ap.add_argument("--loom", default=str(ROOT / "build/release/cli/loom"))
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    if not os.access(args.loom, os.X_OK):
        sys.exit(f"no loom binary at {args.loom}: build it first")
    n = args.replicates
    FIGURES.mkdir(parents=True, exist_ok=True)
    started = time.time()
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with tempfile.TemporaryDirectory(prefix="loom-validate-network-") as tmp:
        loom = Loom(args.loom, args.threads, args.seed, tmp)
        print("validate_network: running loom", file=sys.stderr)
        sections = [module.section(loom, n) for module in (a_contagion, b_hub_buddy, c_seeding, d_hub_exit)]
        commands, commit = loom.commands, loom.git_commit
    runtime = time.time() - started
    part = ["# Networks of schools", ""]
    part += report.generated_by("validate_network.py", args, date, commit,
                                document="docs/validation/network.md")
    part += [f"- Seed {args.seed}; {n} replicates (whole networks) per configuration, "
             f"{a_contagion.replicates('complex', n)} for section a's complex contagion without a hub; "
             f"threads {args.threads}; runtime {runtime / 60:.1f} minutes for {len(commands)} `loom` "
             f"invocations",
             "- Intervals are 95% Student's t over replicates; differences are paired by replicate "
             "(replicate i of every configuration has the same member schools and seeds of its "
             "random streams).",
             "- Every size in the network mechanisms is a Loom assumption, illustrative "
             "(docs/model.md 5.7), except `spread.transmission` and `spread.reinforcement`, fitted to "
             "Centola (2010) in section a: read the numbers as consequences of these assumptions.",
             "- The verdicts of this part and the school model's ([school.md](school.md)) are tabulated "
             "in [docs/validation.md](../validation.md).", ""]
    part += sections + ["### Commands run (networks)", "",
                        "Every `loom` invocation of this part, in order (`$TMP` is a temporary directory "
                        "removed afterwards).", "", "```"] + [c for _, c in commands] + ["```", ""]
    report.write_part("network.md", part)
    report.write_index()
    print(f"validate_network: wrote docs/validation/network.md, docs/validation/network_*.svg and "
          f"docs/validation.md in {runtime:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
