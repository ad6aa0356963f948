"""`loom calibrate` against a plain sweep of as many runs (issue 21), and
the history-matching emulator's cost, measured in one run of this script.

1. Overhead: CPU time (user + sys of the child) per model run of an ABC-SMC
   calibration of the shared-leadership school (2 parameters, 2 targets,
   4 replicates a particle) against an LHS sweep of the same base with as
   many runs over the same ranges, summary only. Interleaved, best of 3 of
   each. Target: calibration within 5% of the sweep per run. The
   calibration's runs sit where the targets are met, the sweep's spread over
   the ranges, so the model's own cost per run differs a little between
   them; that difference is inside the figure.
2. The same on the linear Gaussian toy (a run costs microseconds), which
   shows the machinery's own cost per run: what a cheap model pays.
3. The emulator: loom_emulator_fit_bench's fit of 500 points x 8
   parameters and 10^5 predictions.

Usage: python3 benchmarks/calibrate_bench.py [build/release]
"""
import os
import re
import subprocess
import sys
import tempfile

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release")
loom = os.path.join(build, "cli", "loom")
src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu(cmd):
    """CPU seconds (user + sys) of a child process and its stdout."""
    before = os.times()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system -
                                                           before.children_system), out


def specs(work, base, priors, targets, generations, particles):
    cal = os.path.join(work, "cal.toml")
    with open(cal, "w") as f:
        f.write(f"[calibrate]\n{base}\nparticles = {particles}\nreplicates = 4\n"
                f"generations = {generations}\nseed = 7\n[priors]\n")
        for key, (lo, hi) in priors.items():
            f.write(f'"{key}" = {{ min = {lo}, max = {hi} }}\n')
        f.write("[targets]\n" + targets)
    _, out = cpu([loom, "calibrate", cal, "-o", os.path.join(work, "c.h5"), "-q", "-t", "1",
                  "--format", "json"])
    runs = int(re.search(r'"runs": (\d+)', out).group(1))
    sweep = os.path.join(work, "sweep.toml")
    with open(sweep, "w") as f:
        f.write(f'[sweep]\n{base}\ndesign = "lhs"\nsamples = {runs // 4}\nreplicates = 4\n'
                'seed = 7\nrecord = "summary"\n[factors]\n')
        for key, (lo, hi) in priors.items():
            f.write(f'"{key}" = {{ min = {lo}, max = {hi} }}\n')
    return cal, sweep, runs


def compare(name, base, priors, targets, generations, particles):
    with tempfile.TemporaryDirectory() as work:
        cal, sweep, runs = specs(work, base, priors, targets, generations, particles)
        best_cal, best_sweep = float("inf"), float("inf")
        for _ in range(3):  # interleaved
            c, _ = cpu([loom, "calibrate", cal, "-o", os.path.join(work, "c.h5"), "-q", "-t", "1"])
            s, _ = cpu([loom, "sweep", sweep, "-o", os.path.join(work, "s.h5"), "-q", "-t", "1",
                        "--force"])
            best_cal, best_sweep = min(best_cal, c), min(best_sweep, s)
        per_cal, per_sweep = best_cal / runs * 1e6, best_sweep / runs * 1e6
        print(f"{name}: {runs} runs; calibration {best_cal:.2f} s CPU ({per_cal:.1f} us a run), "
              f"sweep {best_sweep:.2f} s ({per_sweep:.1f} us a run): "
              f"calibration / sweep = {best_cal / best_sweep:.3f}")


compare("school (shared leadership)", f'base = "{src}/scenarios/shared-leadership.toml"',
        {"trust.honest_report_safety": (0.3, 0.9), "capacity.initial_capacity": (2.5, 7.5)},
        'teacher_turnover_rate = { value = 0.16, sd = 0.02 }\n'
        'burnout = { value = 0.15, sd = 0.02 }\n', 2, 100)
compare("gaussian toy", 'model = "gaussian"',
        {"gaussian.theta1": (-3, 3), "gaussian.theta2": (-3, 3)},
        "y1 = { value = 1, sd = 0.3 }\ny5 = { value = 0, sd = 0.3 }\n", 4, 500)
bench = os.path.join(build, "benchmarks", "loom_emulator_fit_bench")
if os.path.exists(bench):
    print(subprocess.run([bench], check=True, capture_output=True, text=True).stdout.strip())
