#!/usr/bin/env python3
"""Cost of `loom choose-seeds` (issue 22 item 3) for 40 and 400 schools.

    choose_seeds_bench.py [--loom build/release/cli/loom] [--threads 2]

The buddy preset (each member a full school model, 5 years) with its
schools set to 40 and 400, K = 3. At 40 schools every school is a
candidate (-r 8); at 400, 40 candidates given by file (-r 4): every
candidate costs R runs of the whole network in the first round, so all 400
would take ten times as long (the line printed says how long, from the
measured time per network run). Prints one CSV line per case: schools,
candidates, replicates, sets evaluated, network runs, wall and CPU seconds
(user + sys of the child), CPU seconds per network run.
"""
import argparse
import json
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--loom", default="build/release/cli/loom")
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()

print("schools,candidates,replicates,evaluations,runs,wall_s,cpu_s,cpu_s_per_run")
with tempfile.TemporaryDirectory() as tmp:
    cand = Path(tmp) / "candidates.txt"
    cand.write_text("\n".join(f"S-{i}" for i in range(1, 401, 10)) + "\n")
    for schools, r, extra in ((40, 8, []), (400, 4, ["--candidates", str(cand)])):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        out = subprocess.run([args.loom, "choose-seeds", "network/buddy", "-k", "3", "-r", str(r),
                              "-t", str(args.threads), "--set", f"network.schools={schools}",
                              "--format", "json", *extra],
                             check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        res = json.loads(out)
        candidates = 40 if extra else schools
        print(f"{schools},{candidates},{r},{res['evaluations']},{res['runs']},{wall:.1f},{cpu:.1f},"
              f"{cpu / res['runs']:.3f}")
        if extra:
            first_round_all = (schools + 1) * r * cpu / res["runs"]
            print(f"# all {schools} schools as candidates: the first round alone would take about "
                  f"{first_round_all / 60:.0f} CPU minutes ({schools + 1} sets x {r} runs)")
