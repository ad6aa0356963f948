#!/usr/bin/python3
"""`loom march` against two batched NumPy versions of March (1991) in one go.

    /usr/bin/python3 benchmarks/march_vs_numpy.py [--iterations 2000] [--repeats 3]

Runs the same grid (p2 = 0.5, p1 = 0.1..0.9, --iterations runs per cell)
with Loom on 1 and 2 threads, with benchmarks/march_numpy_bits.py (bit-packed,
the strongest reference: the target) and with benchmarks/march_numpy.py (int8
arrays, the first reference), --repeats times each, interleaved, and keeps
each one's best (the least disturbed by other work on the machine).

The ratio that counts is per core by CPU time (user + sys), which holds on a
busy machine: Loom's is the whole `loom march -t 1` process as the kernel
counts it (start-up and file output included, which is against Loom), the
NumPy versions' is the CPU time of their grid alone (`time.process_time`,
without the interpreter's start-up, in NumPy's favour). Runs/s by wall time
are printed too. Each cell's mean code knowledge is compared between Loom and
each reference in standard errors (they must agree within sampling error).

Needs a release build (build/release/cli/loom, or --loom) and Debian's
python3-numpy and python3-h5py.
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent


def child_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def run_loom(loom, p1, p2, iterations, threads, out):
    before = child_cpu()
    text = subprocess.run(
        [str(loom), "march", "--p1", p1, "--p2", p2, "-n", str(iterations), "-t", str(threads),
         "-o", str(out)], check=True, capture_output=True, text=True).stdout
    cpu = child_cpu() - before
    m = re.search(r"([0-9.]+) runs in ([0-9.]+) s \(([0-9.]+) runs/s", text)
    runs, rate = float(m.group(1)), float(m.group(3))
    with h5py.File(out, "r") as f:
        k = f["/march/equilibrium_knowledge"][:].ravel()
        se = f["/march/equilibrium_knowledge_se"][:].ravel()
        grid_p1 = f["/march/p1"][:]
    return rate, runs, cpu, list(zip(grid_p1, k, se))


def run_numpy(python, script, p1, p2, iterations, seed):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    text = subprocess.run(
        [python, str(HERE / script), "--p1", p1, "--p2", p2, "-n", str(iterations),
         "-s", str(seed)], check=True, capture_output=True, text=True, env=env).stdout
    rows = []
    for line in text.splitlines():
        if line and line[0].isdigit():
            a, _, _, k, se, _ = line.split(",")
            rows.append((float(a), float(k), float(se)))
    m = re.search(r"([0-9]+) runs in ([0-9.]+) s \(([0-9]+) runs/s", text)
    rate, runs = float(m.group(3)), float(m.group(1))
    cpu = float(re.search(r"cpu ([0-9.]+) s", text).group(1))
    return rate, runs, cpu, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iterations", type=int, default=2000, help="runs per grid cell")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--p1", default="0.1:0.9:0.1")
    ap.add_argument("--p2", default="0.5")
    ap.add_argument("--loom", default=str(HERE.parent / "build" / "release" / "cli" / "loom"))
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()

    best = {}  # (implementation, threads) -> (runs/s, CPU seconds), each its best
    tables = {}
    refs = (("numpy-bits", "march_numpy_bits.py"), ("numpy-int8", "march_numpy.py"))
    print(f"# numpy {np.__version__}, nproc {os.cpu_count()}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("implementation,threads,runs,runs_per_second,cpu_seconds")

    def keep(key, rate, cpu):
        old = best.get(key, (0.0, float("inf")))
        best[key] = (max(old[0], rate), min(old[1], cpu))

    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeats):
            for threads in (1, 2):
                rate, runs, cpu, table = run_loom(args.loom, args.p1, args.p2, args.iterations,
                                                  threads, Path(tmp) / "march.h5")
                print(f"loom,{threads},{runs:.0f},{rate:.0f},{cpu:.3f}", flush=True)
                keep(("loom", threads), rate, cpu)
                tables["loom"] = table
            for name, script in refs:
                rate, runs, cpu, table = run_numpy(args.python, script, args.p1, args.p2,
                                                   args.iterations, r + 1)
                print(f"{name},1,{runs:.0f},{rate:.0f},{cpu:.3f}", flush=True)
                keep((name, 1), rate, cpu)
                tables[name] = table

    for name, _ in refs:
        print(f"# mean code knowledge at equilibrium (p2 = {args.p2}), Loom and {name}, +/- SE")
        print(f"p1,loom,loom_se,{name},{name}_se,difference_in_se")
        worst = 0.0
        for (a, k, se), (b, kn, sen) in zip(tables["loom"], tables[name]):
            z = (k - kn) / np.hypot(se, sen)
            worst = max(worst, abs(z))
            print(f"{a:g},{k:.4f},{se:.4f},{kn:.4f},{sen:.4f},{z:+.2f}")
        print(f"# largest difference: {worst:.2f} SE over {len(tables['loom'])} cells")
    loom_cpu = best[("loom", 1)][1]
    print(f"# best of {args.repeats}, CPU seconds for the grid: loom -t 1 {loom_cpu:.3f}")
    for name, _ in refs:
        rate, cpu = best[(name, 1)]
        target = " (target >= 10x)" if name == "numpy-bits" else ""
        print(f"# {name}: {cpu:.3f} s CPU, {rate:.0f} runs/s; loom per core by CPU time "
              f"{cpu / loom_cpu:.1f}x{target}")
    for threads in (1, 2):
        rate = best[("loom", threads)][0]
        print(f"# loom {threads} thread(s): {rate:.0f} runs/s by wall time, "
              f"{rate / best[('numpy-bits', 1)][0]:.1f}x numpy-bits")

if __name__ == "__main__":
    main()
