#!/usr/bin/python3
"""`loom march` against the batched NumPy March (1991) in one go.

    /usr/bin/python3 benchmarks/march_vs_numpy.py [--iterations 2000] [--repeats 3]

Runs the same grid (p2 = 0.5, p1 = 0.1..0.9, --iterations runs per cell)
with Loom on 1 and 2 threads and with benchmarks/march_numpy.py (one
thread), --repeats times each, interleaved, and keeps each one's best
runs/s (the least disturbed by other work on the machine). Each side times
only its own grid (Loom's printed runs/s; the NumPy script's timer), not
process start-up or file output. Prints every measurement as CSV, the
mean code knowledge per cell of both with the difference in standard
errors (they must agree within sampling error), and the ratio
Loom runs/s / NumPy runs/s.

Needs a release build (build/release/cli/loom, or --loom) and Debian's
python3-numpy and python3-h5py.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent


def run_loom(loom, p1, p2, iterations, threads, out):
    text = subprocess.run(
        [str(loom), "march", "--p1", p1, "--p2", p2, "-n", str(iterations), "-t", str(threads),
         "-o", str(out)], check=True, capture_output=True, text=True).stdout
    m = re.search(r"([0-9.]+) runs in ([0-9.]+) s \(([0-9.]+) runs/s", text)
    runs, rate = float(m.group(1)), float(m.group(3))
    with h5py.File(out, "r") as f:
        k = f["/march/equilibrium_knowledge"][:].ravel()
        se = f["/march/equilibrium_knowledge_se"][:].ravel()
        grid_p1 = f["/march/p1"][:]
    return rate, runs, list(zip(grid_p1, k, se))


def run_numpy(python, p1, p2, iterations, seed):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    text = subprocess.run(
        [python, str(HERE / "march_numpy.py"), "--p1", p1, "--p2", p2, "-n", str(iterations),
         "-s", str(seed)], check=True, capture_output=True, text=True, env=env).stdout
    rows = []
    for line in text.splitlines():
        if line and line[0].isdigit():
            a, _, _, k, se, _ = line.split(",")
            rows.append((float(a), float(k), float(se)))
    m = re.search(r"([0-9]+) runs in ([0-9.]+) s \(([0-9]+) runs/s", text)
    return float(m.group(3)), float(m.group(1)), rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iterations", type=int, default=2000, help="runs per grid cell")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--p1", default="0.1:0.9:0.1")
    ap.add_argument("--p2", default="0.5")
    ap.add_argument("--loom", default=str(HERE.parent / "build" / "release" / "cli" / "loom"))
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()

    best = {}
    tables = {}
    print(f"# numpy {np.__version__}, nproc {os.cpu_count()}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("implementation,threads,runs,runs_per_second")
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeats):
            for threads in (1, 2):
                rate, runs, table = run_loom(args.loom, args.p1, args.p2, args.iterations, threads,
                                             Path(tmp) / "march.h5")
                print(f"loom,{threads},{runs:.0f},{rate:.0f}", flush=True)
                best[("loom", threads)] = max(best.get(("loom", threads), 0), rate)
                tables["loom"] = table
            rate, runs, table = run_numpy(args.python, args.p1, args.p2, args.iterations, r + 1)
            print(f"numpy,1,{runs:.0f},{rate:.0f}", flush=True)
            best[("numpy", 1)] = max(best.get(("numpy", 1), 0), rate)
            tables["numpy"] = table

    print("# mean code knowledge at equilibrium (p2 = %s), Loom and NumPy, +/- SE" % args.p2)
    print("p1,loom,loom_se,numpy,numpy_se,difference_in_se")
    worst = 0.0
    for (a, k, se), (b, kn, sen) in zip(tables["loom"], tables["numpy"]):
        z = (k - kn) / np.hypot(se, sen)
        worst = max(worst, abs(z))
        print(f"{a:g},{k:.4f},{se:.4f},{kn:.4f},{sen:.4f},{z:+.2f}")
    print(f"# largest difference: {worst:.2f} SE over {len(tables['loom'])} cells")
    numpy_rate = best[("numpy", 1)]
    print(f"# best of {args.repeats}: numpy {numpy_rate:.0f} runs/s (1 thread)")
    for threads in (1, 2):
        rate = best[("loom", threads)]
        print(f"# loom {threads} thread(s): {rate:.0f} runs/s, {rate / numpy_rate:.1f}x NumPy "
              f"(target >= 10x)")


if __name__ == "__main__":
    main()
