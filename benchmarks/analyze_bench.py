"""Wall time of `loom analyze` on 100,000-row sweep files (target < 5 s).

Writes three sweep files with the test fixture (tests/cli/sweep_fixture.cpp,
the Ishigami function in loom sweep's layout) and times `loom analyze` on
each, best and median of --repeats runs, whole process (start-up, reading,
averaging, the estimator, printing and storing the result):

- sobol: 20,000 base samples x (3 + 2) = 100,000 points, 1 replicate,
  1,000 bootstrap resamples (the default);
- morris: 25,000 trajectories x (3 + 1) = 100,000 points, 1 replicate;
- regression: a 10,000-point Latin hypercube x 10 replicates = 100,000
  runs, five factors of three types (--mixed).

Usage: python3 benchmarks/analyze_bench.py [build/release/cli/loom
           build/release/tests/loom_sweep_fixture] [--repeats 5]
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("loom", nargs="?", default="build/release/cli/loom")
parser.add_argument("fixture", nargs="?", default="build/release/tests/loom_sweep_fixture")
parser.add_argument("--repeats", type=int, default=5)
args = parser.parse_args()

CASES = [
    ("sobol", ["sobol", "20000", "1"], []),
    ("morris", ["morris", "25000", "1"], []),
    ("regression", ["lhs", "10000", "10", "--mixed"], []),
]

print("method,rows,file_mb,best_s,median_s,peak_rss_mb")
with tempfile.TemporaryDirectory() as work:
    for name, spec, extra in CASES:
        path = os.path.join(work, f"{name}.h5")
        subprocess.run([args.fixture, path, *spec], check=True, capture_output=True)
        rows = int(spec[1]) * {"sobol": 5, "morris": 4, "regression": int(spec[2])}[name]
        times, peak = [], 0.0
        for _ in range(args.repeats):
            start = time.perf_counter()
            child = subprocess.Popen([args.loom, "analyze", path, "--field", "y", "--json", *extra],
                                     stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            times.append(time.perf_counter() - start)
            if status != 0:
                raise SystemExit(f"loom analyze failed on {path}")
            peak = max(peak, usage.ru_maxrss / 1024)  # this child only
        print(f"{name},{rows},{os.path.getsize(path) / 1e6:.1f},{min(times):.3f},"
              f"{statistics.median(times):.3f},{peak:.0f}")
