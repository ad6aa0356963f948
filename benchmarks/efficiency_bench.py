#!/usr/bin/python3
"""Efficiency targets: wasted runs, memory against years, idle threads, file size, speed.

Every figure is a ratio measured in this one run, by CPU time (user + sys of
the `loom` process, from the kernel) where the machine may be busy, with
the commands interleaved and each one's best of --repeats kept:

(a) No unit runs twice: CPU of `loom run -r 2` over `-r 1` on a network
    (target >= 1.9; the run-time estimate used to run the first unit again).
(b) Network memory independent of years: peak RSS at 10 years over 2 years,
    2,000 schools, 2 threads (target <= 1.3).
(c) A state network, 10,000 schools x 10 years (--state; minutes): peak RSS
    on 2 threads (target < 1 GB), wall time on 2 threads (< 60 s) and on 1
    thread (< 120 s).
(d) Idle threads sleep: CPU at 2 threads over 1 thread for one 100-school
    network run and for a small network sweep (targets <= 1.2), and the
    sweep's CPU over wall time at -t 1 (one core: <= 1.05).
(e) File size: `loom run shared-leadership -r 100`; with --reference-loom (a
    build from before the change) the reference file's size over this one
    (target >= 2), and the sweep rows' bytes per row.
(f) The school model: `loom_bench school` of this build against
    --old-bench (a build of commit 41ef1a2), interleaved: ms per run, the
    ratio (target >= 1.5), and the ratio per simulated week (a run now
    simulates its 10-year history too).

Usage (release build; nothing else heavy running):

    /usr/bin/python3 benchmarks/efficiency_bench.py [--state] \\
        [--reference-loom OTHER/build/release/cli/loom] \\
        [--old-bench OLD/build/release/benchmarks/loom_bench]

March against NumPy has its own script (benchmarks/march_vs_numpy.py).
"""
import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from network_bench import STATE_TOML  # noqa: E402  (the same network as the state benchmark)

SWEEP = """[sweep]
base = "{base}"
design = "grid"
replicates = 2
seed = 2026
record = "summary"

[factors]
"spread.transmission" = {{ levels = [0.004, 0.008, 0.016] }}
"hub.shared_leadership" = {{ levels = [0.0, 0.5, 0.8] }}
"""


def network_file(tmp, schools, years):
    """network_bench.py's state network at this size (one file per size)."""
    path = Path(tmp) / f"network-{schools}-{years}.toml"
    path.write_text(STATE_TOML.format(schools=schools, years=years, coaching=max(1, schools // 50),
                                   exit_year=max(1, years // 2 + 1) if years > 1 else 0,
                                   seeds=max(2, schools // 100)))
    return path


def measure(cmd, env=None):
    """(wall s, CPU s, peak RSS MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if status != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({status}): {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def best(runs):
    """Per figure, the best (smallest) of several measurements."""
    return tuple(min(r[i] for r in runs) for i in range(len(runs[0])))


def run(loom, scenario, out, threads, replicates=None, extra=()):
    cmd = [loom, "run", str(scenario), "-t", str(threads), "-o", str(out), "-q", "--format",
           "none", "--force", *extra]
    if replicates:
        cmd += ["-r", str(replicates)]
    return measure(cmd)


def line(name, value, target, ok):
    print(f"{name},{value},{target},{'met' if ok else 'MISSED'}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loom", default=str(ROOT / "build/release/cli/loom"))
    ap.add_argument("--bench", default=str(ROOT / "build/release/benchmarks/loom_bench"))
    ap.add_argument("--reference-loom", help="a loom from before the change, for (e)")
    ap.add_argument("--old-bench", help="loom_bench built at commit 41ef1a2, for (f)")
    ap.add_argument("--state", action="store_true", help="also (c), the 10,000-school network")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    model = next((l.split(":", 1)[1].strip() for l in subprocess.run(
        ["lscpu"], capture_output=True, text=True).stdout.splitlines()
        if l.startswith("Model name:")), "?")
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; nproc {os.cpu_count()}, "
          f"{model}, {platform.platform()}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("figure,value,target,verdict")
    with tempfile.TemporaryDirectory(prefix="loom-efficiency-") as tmp:
        out = Path(tmp) / "out.h5"

        # (a) -r 2 over -r 1, one thread, interleaved.
        net = network_file(tmp, 500, 3)
        r1, r2 = [], []
        for _ in range(args.repeats):
            r1.append(run(args.loom, net, out, 1, 1))
            r2.append(run(args.loom, net, out, 1, 2))
        ratio = best(r2)[1] / best(r1)[1]
        line("a_cpu_r2_over_r1_500_schools", f"{ratio:.2f}", ">= 1.9", ratio >= 1.9)

        # (b) peak RSS 10 years over 2 years, 2,000 schools, 2 threads.
        short, long_ = network_file(tmp, 2000, 2), network_file(tmp, 2000, 10)
        rss2 = best([run(args.loom, short, out, 2) for _ in range(2)])[2]
        rss10 = best([run(args.loom, long_, out, 2) for _ in range(2)])[2]
        line("b_rss_10y_over_2y_2000_schools", f"{rss10 / rss2:.2f} ({rss10:.0f} / {rss2:.0f} MB)",
             "<= 1.3", rss10 / rss2 <= 1.3)

        # (c) the state network.
        if args.state:
            state = network_file(tmp, 10000, 10)
            wall2, cpu2, rss = run(args.loom, state, out, 2)
            line("c_state_rss_mb_2_threads", f"{rss:.0f}", "< 1024", rss < 1024)
            line("c_state_wall_s_2_threads", f"{wall2:.1f}", "< 60", wall2 < 60)
            wall1, cpu1, rss1 = run(args.loom, state, out, 1)
            line("c_state_wall_s_1_thread", f"{wall1:.1f}", "< 120", wall1 < 120)
            print(f"# state network: CPU {cpu1:.1f} s (1 thread), {cpu2:.1f} s (2 threads); "
                  f"peak RSS {rss1:.0f} MB on 1 thread")

        # (d) idle threads: one network run split over 2 threads, and a sweep.
        small = network_file(tmp, 100, 10)
        t1 = best([run(args.loom, small, out, 1) for _ in range(args.repeats)])
        t2 = best([run(args.loom, small, out, 2) for _ in range(args.repeats)])
        line("d_cpu_2_over_1_thread_100_schools", f"{t2[1] / t1[1]:.2f}", "<= 1.2",
             t2[1] / t1[1] <= 1.2)
        base = network_file(tmp, 100, 3)
        spec = Path(tmp) / "sweep.toml"
        spec.write_text(SWEEP.format(base=base.as_posix()))
        sweeps = {}
        for threads in (1, 2):
            rows = []
            for _ in range(args.repeats):
                for p in Path(tmp).glob("sweep.h5*"):
                    p.unlink()
                rows.append(measure([args.loom, "sweep", str(spec), "-t", str(threads), "-o",
                                     str(Path(tmp) / "sweep.h5"), "-q"]))
            sweeps[threads] = best(rows)
        line("d_sweep_cpu_2_over_1_thread", f"{sweeps[2][1] / sweeps[1][1]:.2f}", "<= 1.2",
             sweeps[2][1] / sweeps[1][1] <= 1.2)
        line("d_sweep_t1_cpu_over_wall", f"{sweeps[1][1] / sweeps[1][0]:.2f}", "<= 1.05",
             sweeps[1][1] / sweeps[1][0] <= 1.05)
        import h5py  # only here: the rest needs no Python packages
        with h5py.File(Path(tmp) / "sweep.h5", "r") as f:
            rows_ = f["/sweep/runs"]
            per_row = rows_.id.get_storage_size() / max(1, rows_.shape[0])
            raw = rows_.dtype.itemsize
        print(f"# sweep rows: {per_row:.1f} bytes per row stored, {raw} uncompressed")

        # (e) file size of the shared-leadership preset, 100 runs.
        run(args.loom, "shared-leadership", out, 2, 100)
        size = out.stat().st_size
        if args.reference_loom:
            ref = Path(tmp) / "reference.h5"
            run(args.reference_loom, "shared-leadership", ref, 2, 100)
            ratio = ref.stat().st_size / size
            line("e_run_file_reference_over_now", f"{ratio:.2f} ({ref.stat().st_size / 1e6:.2f} / "
                 f"{size / 1e6:.2f} MB)", ">= 2", ratio >= 2)
        else:
            print(f"# shared-leadership -r 100 file: {size / 1e6:.2f} MB (no --reference-loom)")

        # (f) the school model against commit 41ef1a2.
        if args.old_bench:
            now, old = {}, {}
            for _ in range(args.repeats):
                old_root = Path(args.old_bench).resolve().parents[3]  # OLD/build/release/benchmarks
                for bench, into, cwd in ((args.old_bench, old, old_root), (args.bench, now, ROOT)):
                    text = subprocess.run([bench, "school", "--runs", "300"], capture_output=True,
                                          text=True, check=True, cwd=cwd).stdout
                    for l in text.splitlines():
                        if l.startswith("school_"):
                            name, _, _, _, ms, _ = l.split(",")
                            into[name] = min(into.get(name, 1e9), float(ms))
            for name in sorted(now):
                r = old[name] / now[name]
                # A run now simulates its history (school.history_years = 10
                # by default) before its 5 years: 15 school years of weeks
                # against 5 at 41ef1a2.
                per_week = r * 15 / 5
                line(f"f_{name}_old_ms_over_now_ms", f"{r:.2f} ({old[name]:.2f} / {now[name]:.2f} ms;"
                     f" per simulated week {per_week:.2f})", ">= 1.5", r >= 1.5)


if __name__ == "__main__":
    main()
