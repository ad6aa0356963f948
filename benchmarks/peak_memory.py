"""Peak memory of `loom run` against the number of runs.

Runs `loom run SCENARIO -r N` for each N (one process each) and reports the
child's peak resident set size (getrusage ru_maxrss), wall time and the
bytes per extra run between the smallest and largest N. With the streaming
sink the peak should not grow with N (only the summary table's 8 bytes per
summary field per run stay in memory).

Usage: python3 benchmarks/peak_memory.py build/release/cli/loom \
           scenarios/top-down.toml 400 8000 [--threads 2]
"""
import argparse
import os
import resource
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("loom")
parser.add_argument("scenario")
parser.add_argument("runs", type=int, nargs="+")
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()

print("scenario,runs,threads,peak_rss_mb,seconds,file_mb")
rows = []
with tempfile.TemporaryDirectory() as work:
    for n in args.runs:
        out = os.path.join(work, f"run{n}.h5")
        # A fresh process per N: ru_maxrss of RUSAGE_CHILDREN is the largest
        # child so far, so run the sizes in increasing order.
        pid_start = time.perf_counter()
        proc = subprocess.Popen([args.loom, "run", args.scenario, "-r", str(n), "-t",
                                 str(args.threads), "-o", out],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - pid_start
        if status != 0:
            raise SystemExit(f"loom run -r {n} failed ({status})")
        peak_mb = usage.ru_maxrss / 1024.0  # kilobytes on Linux
        size_mb = os.path.getsize(out) / 1e6
        rows.append((n, peak_mb))
        print(f"{os.path.basename(args.scenario)},{n},{args.threads},{peak_mb:.1f},"
              f"{seconds:.2f},{size_mb:.1f}")
(n0, m0), (n1, m1) = rows[0], rows[-1]
if n1 > n0:
    print(f"# {(m1 - m0) * 1024 * 1024 / (n1 - n0):.0f} bytes of peak memory per extra run "
          f"({n0} -> {n1} runs)")
