#!/usr/bin/env python3
"""Benchmarks of the network model: a state network, scaling, what-if.

(a) A state network: 10,000 member schools, every school mechanism on, 10
    school years, one replicate. `loom run` on 1 and on 2 threads (a fresh
    process each): wall time (target < 2 minutes), peak resident memory of
    the process (target < 4 GB; getrusage, as benchmarks/peak_memory.py), the
    two results files' datasets compared for bit-identity
    (tests/cli/same_datasets.py), speed-up 1 -> 2 threads and school-weeks
    per second.
(b) Scaling: the same network with 100, 1,000 and 10,000 schools (2 threads;
    the 10,000 figure is (a)'s): microseconds of wall time and of core time
    per school-week.
(c) What-if: a 200-school network (scenarios/network/network-base.toml with
    200 schools), 32 replicates, re-run as the viewer's what-if mode does
    when a lever is released (benchmarks/whatif_bench.cpp, the viewer's
    WhatIfRunner), moving spread.transmission; plus `loom run` of the same.

Usage (from the source tree, after a release build; run it under the build
lock so that timings are not disturbed by other jobs):

    /usr/bin/python3 benchmarks/network_bench.py \
        [--loom build/release/cli/loom] [--whatif build/release/benchmarks/loom_whatif_bench]
        [--schools 10000] [--years 10] [--skip-state]

It prints CSV-like lines and a Markdown summary for benchmarks/BASELINE.md.
Scenario files are written to a temporary directory and removed afterwards.
"""
import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STATE_TOML = """[scenario]
name = "State network (benchmark)"
description = "{schools} schools, every school mechanism on, {years} years (benchmarks/network_bench.py)"
model = "network"
replicates = 1
seed = 2026

[school]
years = {years}

[network]
schools = {schools}
topology = "small-world"
degree = 6
rewire = 0.1

[hub]
coaching_capacity = {coaching}
funding_ends_year = {exit_year}
shared_leadership = 0.5

[schools]
leadership = "mixed"    # half the schools shared (equity pauses, voice, disaggregated study), half top-down

[spread]
rule = "complex"

[seeding]
strategy = "central"
schools = {seeds}
"""

WHATIF_TOML = """[scenario]
base = "{base}"
name = "200-school network (what-if benchmark)"
replicates = 32

[network]
schools = 200
"""


def machine():
    model = "?"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return os.cpu_count(), model


def run_loom(loom, scenario, out, threads, extra=()):
    """One `loom run` process: (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([loom, "run", str(scenario), "-t", str(threads), "-o", str(out), "-q",
                             "--format", "none", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if status != 0:
        raise SystemExit(f"loom run {scenario} -t {threads} failed ({status}): {err}")
    return seconds, usage.ru_maxrss / 1024.0


def state_scenario(tmp, schools, years):
    path = Path(tmp) / f"state-{schools}.toml"
    path.write_text(STATE_TOML.format(schools=schools, years=years,
                                      coaching=max(1, schools // 50),
                                      exit_year=max(1, years // 2 + 1) if years > 1 else 0,
                                      seeds=max(2, schools // 100)))
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loom", default=str(ROOT / "build/release/cli/loom"))
    ap.add_argument("--whatif", default=str(ROOT / "build/release/benchmarks/loom_whatif_bench"))
    ap.add_argument("--schools", type=int, default=10000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--whatif-iterations", type=int, default=5)
    ap.add_argument("--skip-state", action="store_true", help="only (b) below 10,000 and (c)")
    args = ap.parse_args()

    cores, model = machine()
    weeks = args.years * 36
    print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, nproc {cores}, {model}, "
          f"{platform.python_version()} python, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        # (a) the state network on 1 and 2 threads.
        state = {}
        if not args.skip_state:
            scenario = state_scenario(tmp, args.schools, args.years)
            print("benchmark,schools,years,threads,seconds,peak_rss_mb,school_weeks_per_s")
            for threads in (1, 2):
                out = Path(tmp) / f"state-t{threads}.h5"
                seconds, rss = run_loom(args.loom, scenario, out, threads)
                rate = args.schools * weeks / seconds
                state[threads] = (seconds, rss, out)
                print(f"state_network,{args.schools},{args.years},{threads},{seconds:.2f},{rss:.0f},"
                      f"{rate:.0f}", flush=True)
            same = subprocess.run([sys.executable, str(ROOT / "tests/cli/same_datasets.py"),
                                   str(state[1][2]), str(state[2][2])],
                                  capture_output=True, text=True)
            identical = same.returncode == 0
            speedup = state[1][0] / state[2][0]
            print(f"# 1 vs 2 threads: {same.stdout.strip() or same.stderr.strip()}; "
                  f"speed-up {speedup:.2f}x", flush=True)
            summary += [
                f"| wall time, 1 thread | {state[1][0]:.1f} s | < 120 s: "
                f"{'met' if state[1][0] < 120 else 'MISSED'} |",
                f"| wall time, 2 threads | {state[2][0]:.1f} s | < 120 s: "
                f"{'met' if state[2][0] < 120 else 'MISSED'} |",
                f"| peak memory (RSS), 1 / 2 threads | {state[1][1]:.0f} / {state[2][1]:.0f} MB | "
                f"< 4 GB: {'met' if max(state[1][1], state[2][1]) < 4096 else 'MISSED'} |",
                f"| datasets, 1 vs 2 threads | {'bit-identical' if identical else 'DIFFER'} "
                f"({same.stdout.strip()}) | identical |",
                f"| speed-up 1 -> 2 threads | {speedup:.2f}x | - |",
                f"| school-weeks per second, 1 / 2 threads | "
                f"{args.schools * weeks / state[1][0]:,.0f} / {args.schools * weeks / state[2][0]:,.0f}"
                f" | - |",
            ]

        # (b) scaling, 2 threads.
        print("benchmark,schools,years,threads,seconds,peak_rss_mb,us_per_school_week,"
              "core_us_per_school_week")
        scaling = []
        for n in (100, 1000, args.schools):
            if n == args.schools and 2 in state:
                seconds, rss = state[2][0], state[2][1]
            elif n >= args.schools and args.skip_state:
                continue
            else:
                scenario = state_scenario(tmp, n, args.years)
                seconds, rss = min(run_loom(args.loom, scenario, Path(tmp) / f"scale{n}.h5", 2)
                                   for _ in range(3 if n <= 1000 else 1))
            us = seconds / (n * weeks) * 1e6
            scaling.append((n, seconds, rss, us))
            print(f"scaling,{n},{args.years},2,{seconds:.2f},{rss:.0f},{us:.2f},{2 * us:.2f}",
                  flush=True)

        # (c) the what-if re-run of a 200-school network.
        whatif_file = Path(tmp) / "network200.toml"
        whatif_file.write_text(WHATIF_TOML.format(
            base=(ROOT / "scenarios/network/network-base.toml").as_posix()))
        run_seconds, run_rss = min(run_loom(args.loom, whatif_file, Path(tmp) / "w.h5", 2)
                                   for _ in range(2))
        print(f"loom_run_network200,200,4,2,{run_seconds:.2f},{run_rss:.0f}  # 32 replicates")
        whatif_lines = []
        if Path(args.whatif).exists():
            res = subprocess.run([args.whatif, "--scenario", str(whatif_file), "--lever",
                                  "spread.transmission", "--runs", "32", "--threads", "2",
                                  "--iterations", str(args.whatif_iterations)],
                                 capture_output=True, text=True)
            if res.returncode != 0:
                raise SystemExit(f"loom_whatif_bench failed: {res.stderr}")
            print(res.stdout.strip().replace(str(whatif_file), "$TMP/network200.toml"), flush=True)
            whatif_lines = [l for l in res.stdout.splitlines() if l.startswith("whatif_")]
        else:
            print(f"# {args.whatif} not built (needs the viewer's data library): skipped")

    print()
    print("Markdown summary:")
    print()
    if summary:
        print(f"State network: {args.schools:,} schools x {weeks} weeks, one replicate")
        print()
        print("| figure | measured | target |")
        print("|---|---|---|")
        print("\n".join(summary))
        print()
    print("| schools | wall s (2 threads) | peak RSS MB | wall us per school-week | core us per school-week |")
    print("|---|---|---|---|---|")
    for n, seconds, rss, us in scaling:
        print(f"| {n:,} | {seconds:.2f} | {rss:.0f} | {us:.2f} | {2 * us:.2f} |")
    print()
    print(f"`loom run` of the 200-school network, 32 replicates, 2 threads: {run_seconds:.2f} s, "
          f"peak {run_rss:.0f} MB")
    for line in whatif_lines:
        f = line.split(",")
        print(f"{f[0]}: median {f[4]} ms, p90 {f[5]} ms, min {f[6]} ms, max {f[7]} ms "
              f"({f[3]} iterations, {f[2]} runs, {f[1]} threads)")


if __name__ == "__main__":
    main()
