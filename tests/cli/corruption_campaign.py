#!/usr/bin/env python3
"""Corruption campaign over Loom's results files (docs/output.md, "Writing
guarantee", item 5: a damaged file never crashes or hangs a Loom program).
It extends tests/cli/damaged_file_test.py from one file kind and one kind of
damage to four kinds and five programs.

Usage:
    corruption_campaign.py LOOM VIEWER SOURCE_DIR [--mutations N] [--seed S] [--jobs J]
                           [--timeout T] [--viewer-every K]

LOOM is the `loom` binary, VIEWER the `loom-viewer` binary or `none`,
SOURCE_DIR the source tree (its scenarios/ are passed by path;
LOOM_DATA_DIR is unset for every program).

What it does:
1. Makes four small results files once, in a temporary folder, and requires
   `loom check` to pass each (exit 0) and every program to accept it:
   run (new-principal-top-down, 2 replicates, 2 years), compare (top-down vs
   shared-leadership, same size), sweep (ishigami, sobol, 32 base samples =
   160 points, then `loom analyze --field y` so it holds an analysis table)
   and network (buddy, 6 schools, 1 year).
2. Damages copies of them, seeded and reproducible (--seed, default 2026):
   - N single bit flips per file (--mutations, default 60), one in each of N
     equal slices of the file, at a random offset and bit inside the slice;
   - truncations at 10 fractions of the file size (one in each tenth);
   - 4 KiB zeroed at 10 offsets (one in each tenth);
   - targeted at HDF5 global heap collections (variable-length strings): for
     every `GCOL` signature, bit 6 of the byte 24 after it, bit 6 of the
     byte 28 after it, and 4 KiB zeroed from it;
   - compare.h5: the two scenarios' `summary` tables swapped with h5py (every
     checksum stays valid; only the content digest, which covers the path,
     can tell);
   - sweep.h5: max(10, N / 6) bit flips inside the raw bytes of
     /sweep/points (spread evenly over them).
3. Runs on each damaged copy, each under a time limit (--timeout, default
   20 s; when it runs out the process group is killed and it counts as a
   hang. Loom's own probe, sim/output/hdf5_probe.hpp, gives up on a libhdf5
   that loops after 10 s and exits 2): `loom check F`; `loom story F` (run, compare, network);
   `loom analyze F --field y` on a fresh copy (sweep); and the viewer,
   `xvfb-run -a VIEWER F --size 640x400 --screenshot OUT.png` (every kind;
   skipped, and said so, when VIEWER is `none` or xvfb-run is missing). The
   picture is 640x400 because rendering 1600x1000 in software takes 2 s and
   the crashes this hunts are in reading, not drawing. --viewer-every K
   screenshots only every K-th damaged file (default 1: every one).
4. Classifies each exit: 0 = accepted, 2 or 3 = detected, killed by a signal
   (a negative return code, or 128 + a signal number from a shell such as
   xvfb-run: 134, 139) = crash, any other code = defect (counted with the
   crashes, its code reported), time limit = hang.
5. Classifies each damaged file by `loom check`: detected (exit 2); intact
   (exit 0 and h5py reads every dataset and attribute with the same value
   as in the original); *silently accepted* (exit 0, but some value differs
   from the original, or h5py cannot read the file: the names of the first
   differing datasets/attributes are listed). h5py reads in a child process
   under the time limit, because damage in the global heap can crash or hang
   libhdf5 itself; such a file is "silently accepted (unreadable)".

It prints a table per file kind and program (tried / detected / accepted /
crashes / hangs, and for `loom check` intact / silently accepted), then every
crash and hang with a reproducer (kind, mutation, command; the damaged file
is kept in a folder named in the output, because the timestamps in a fresh
file move every offset), and the wall time.

Requires: 0 crashes and 0 hangs (exit 1 otherwise; exit 0 when none).
Silently accepted files are reported, not failed: a bit flipped in unused
space or in a part no checksum covers is not a crash.

The default (N = 60, 358 damaged files, every one also through the viewer)
is sized for CI: about 2.5 minutes on 2 busy cores with --jobs 2, plus
30 s for each damaged file that hangs (3 programs x 20 s over 2 jobs).
--mutations 200 (941 files) took 8 minutes.
The full campaign:
    tests/cli/corruption_campaign.py build/release/cli/loom \\
        build/release/viewer/loom-viewer . --mutations 500 --jobs 4
"""
import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PROGRAMS = ("check", "story", "analyze", "viewer")
STORY_KINDS = ("run", "compare", "network")
KINDS = ("run", "compare", "sweep", "network")

SWEEP_SPEC = """[sweep]
model = "ishigami"
design = "sobol"
samples = 32
replicates = 1
seed = 2026

[factors]
"ishigami.x1" = { min = -3.14, max = 3.14 }
"ishigami.x2" = { min = -3.14, max = 3.14 }
"ishigami.x3" = { min = -3.14, max = 3.14 }
"""


# --- Reading a file with h5py (always in a child process: see h5py_contents) ---

def _value(v):
    import numpy as np
    a = np.asarray(v)
    # Variable-length strings are objects: their text, not the addresses
    # tobytes() would give.
    raw = repr(a.tolist()).encode() if a.dtype.hasobject else a.tobytes()
    return hashlib.sha1(raw + str(a.dtype).encode() + str(a.shape).encode()).hexdigest()


def _contents(path):
    import h5py
    values = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            for k in obj.attrs.keys():
                values[f"{name}@{k}"] = _value(obj.attrs[k])
            if isinstance(obj, h5py.Dataset):
                values[name] = _value(obj[()])
        f.visititems(visit)
        for k in f.attrs.keys():
            values[f"/@{k}"] = _value(f.attrs[k])
    return values


if len(sys.argv) == 3 and sys.argv[1] == "--read-contents":
    try:
        print(json.dumps({"ok": _contents(sys.argv[2])}))
    except Exception as e:  # noqa: BLE001 - any failure is "cannot read"
        print(json.dumps({"error": f"{type(e).__name__}: {e}"[:300]}))
    sys.exit(0)


# --- Running programs ---

ENV = {k: v for k, v in os.environ.items() if k != "LOOM_DATA_DIR"}


def signal_name(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return f"signal {n}"


def run_limited(argv, timeout, cwd=None):
    """(returncode or None on timeout, seconds, stderr tail)."""
    start = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, start_new_session=True, env=ENV, cwd=cwd)
    try:
        _, err = p.communicate(timeout=timeout)
        code = p.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, err = p.communicate()
        code = None
    return code, time.monotonic() - start, err.decode(errors="replace").strip()[-400:]


def verdict(code):
    """'accepted', 'detected', 'hang', or ('crash', why)."""
    if code is None:
        return "hang", "time limit"
    if code < 0:
        return "crash", signal_name(-code)
    if code > 128 and code - 128 in {s.value for s in signal.Signals}:
        return "crash", f"exit {code} = {signal_name(code - 128)}"
    if code == 0:
        return "accepted", ""
    if code in (2, 3):
        return "detected", ""
    return "crash", f"exit {code}"


def h5py_contents(path, timeout, scratch):
    out = os.path.join(scratch, "contents.json")
    start = time.monotonic()
    with open(out, "w") as fh:
        p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--read-contents", path],
                             stdout=fh, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                             start_new_session=True, env=ENV)
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return "unreadable", f"h5py hung ({time.monotonic() - start:.0f} s)"
    if p.returncode != 0:
        why = signal_name(-p.returncode) if p.returncode < 0 else f"exit {p.returncode}"
        return "unreadable", f"h5py crashed ({why})"
    with open(out) as fh:
        answer = json.load(fh)
    if "error" in answer:
        return "unreadable", "h5py: " + answer["error"]
    return "ok", answer["ok"]


# --- Mutations ---

def spread(rng, length, count):
    """count offsets, one in each of count equal slices of [0, length)."""
    return [(i * length) // count + rng.randrange(max(1, length // count)) for i in range(count)]


def make_mutations(kind, data, n, seed, extra):
    rng = random.Random(f"{seed}-{kind}")
    size = len(data)
    out = []
    for offset in spread(rng, size, n):
        bit = rng.randrange(8)
        out.append(("flip", f"flip byte {offset} bit {bit}", ("flip", offset, bit)))
    for k in range(10):
        length = int(size * (k + rng.random()) / 10)
        out.append(("truncate", f"truncate to {length} of {size} bytes", ("truncate", length)))
    for offset in spread(rng, size, 10):
        out.append(("zero", f"zero 4096 bytes at {offset}", ("zero", offset, 4096)))
    for m in re.finditer(b"GCOL", data):
        at = m.start()
        for after in (24, 28):
            if at + after < size:
                out.append(("gcol", f"GCOL at {at}: flip byte {at + after} (GCOL+{after}) bit 6",
                            ("flip", at + after, 6)))
        out.append(("gcol", f"GCOL at {at}: zero 4096 bytes at {at}", ("zero", at, 4096)))
    if kind == "compare":
        out.append(("swap", "summary tables of top-down and shared-leadership swapped (h5py move)",
                    ("copy", extra["swapped"])))
    if kind == "sweep":
        ranges = extra["points_ranges"]
        total = sum(length for _, length in ranges)
        for pos in spread(rng, total, max(10, n // 6)):
            for start, length in ranges:
                if pos < length:
                    break
                pos -= length
            bit = rng.randrange(8)
            out.append(("points", f"flip /sweep/points byte {start + pos} bit {bit}",
                        ("flip", start + pos, bit)))
    return out


def apply_mutation(data, op):
    if op[0] == "flip":
        damaged = bytearray(data)
        damaged[op[1]] ^= 1 << op[2]
        return bytes(damaged)
    if op[0] == "truncate":
        return data[:op[1]]
    if op[0] == "zero":
        damaged = bytearray(data)
        end = min(len(damaged), op[1] + op[2])
        damaged[op[1]:end] = bytes(end - op[1])
        return bytes(damaged)
    if op[0] == "copy":
        with open(op[1], "rb") as fh:
            return fh.read()
    raise ValueError(op)


# --- One damaged file through every program (runs in a pool worker) ---

CONFIG = {}


def commands_for(kind, path, scratch, viewer_now):
    c = CONFIG
    cmds = [("check", [c["loom"], "check", path])]
    if kind in STORY_KINDS:
        cmds.append(("story", [c["loom"], "story", path, "--run", "0"]))
    if kind == "sweep":
        fresh = os.path.join(scratch, "analyze.h5")
        cmds.append(("analyze", [c["loom"], "analyze", fresh, "--field", "y"]))
    if viewer_now:
        cmds.append(("viewer", ["xvfb-run", "-a", c["viewer"], path, "--size", "640x400",
                                "--screenshot", os.path.join(scratch, "shot.png")]))
    return cmds


def try_mutation(task):
    index, kind, group, desc, op = task
    c = CONFIG
    scratch = tempfile.mkdtemp(dir=c["work"], prefix=f"{kind}-{index}-")
    try:
        damaged = apply_mutation(c["data"][kind], op)
        path = os.path.join(scratch, f"{kind}.h5")
        with open(path, "wb") as fh:
            fh.write(damaged)
        viewer_now = c["viewer"] is not None and index % c["viewer_every"] == 0
        result = {"index": index, "kind": kind, "group": group, "desc": desc, "programs": {},
                  "failures": []}
        for program, argv in commands_for(kind, path, scratch, viewer_now):
            if program == "analyze":
                shutil.copy(path, argv[2])
            for attempt in range(3):
                code, seconds, err = run_limited(argv, c["timeout"], cwd=scratch)
                # Two xvfb-runs racing for a display number is not the viewer's fault.
                if not (program == "viewer" and code == 1 and "Xvfb failed to start" in err):
                    break
            what, why = verdict(code)
            result["programs"][program] = what
            if program == "check" and what == "accepted":
                state, values = h5py_contents(path, c["timeout"], scratch)
                if state != "ok":
                    result["check_class"] = ("silent", "unreadable: " + values)
                else:
                    original = c["contents"][kind]
                    changed = sorted(k for k in set(original) | set(values)
                                     if original.get(k) != values.get(k))
                    result["check_class"] = ("silent", ", ".join(changed[:4]) +
                                             (f" (+{len(changed) - 4} more)" if len(changed) > 4
                                              else "")) if changed else ("intact", "")
            if what in ("crash", "hang"):
                shown = [a.replace(scratch, "$DIR") for a in argv]
                if program == "analyze":
                    shown = ["cp", "$DIR/" + os.path.basename(path), "$DIR/analyze.h5", "&&"] + shown
                result["failures"].append({"program": program, "what": what, "why": why,
                                           "seconds": round(seconds, 1), "stderr": err[-200:],
                                           "command": " ".join(shown)})
        if result["failures"]:
            keep = os.path.join(c["keep"], f"{kind}-{index:04d}")
            os.makedirs(keep, exist_ok=True)
            with open(os.path.join(keep, f"{kind}.h5"), "wb") as fh:
                fh.write(damaged)
            result["kept"] = keep
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# --- Making the files ---

def make_files(loom, source, work, notes):
    def must(argv, what):
        p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           env=ENV, cwd=work, timeout=300)
        if p.returncode != 0:
            raise SystemExit(f"FAIL {what}: exit {p.returncode}: {p.stderr.strip()[-300:]}")

    sc = os.path.join(source, "scenarios")
    files = {k: os.path.join(work, f"{k}.h5") for k in KINDS}
    must([loom, "run", f"{sc}/new-principal-top-down.toml", "-r", "2", "--set", "school.years=2",
          "-q", "-o", files["run"]], "loom run")
    must([loom, "compare", f"{sc}/top-down.toml", f"{sc}/shared-leadership.toml", "-r", "2",
          "--set", "school.years=2", "-q", "-o", files["compare"]], "loom compare")
    spec = os.path.join(work, "sweep.toml")
    with open(spec, "w") as fh:
        fh.write(SWEEP_SPEC)
    p = subprocess.run([loom, "sweep", spec, "-q", "-o", files["sweep"]], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, env=ENV, cwd=work, timeout=300)
    if p.returncode != 0:
        # Not a damaged-file defect (so not failed here), but a defect: say so,
        # and make the same file from shards of 4 units each plus merge.
        notes.append(f"loom sweep of a valid 160-run spec: exit {p.returncode}: "
                     f"{p.stderr.strip()[-200:]}")
        print(f"NOTE loom sweep {spec} failed (exit {p.returncode}: {p.stderr.strip()[-200:]});"
              " making sweep.h5 from 40 shards of 4 units and loom merge instead")
        for f in os.listdir(work):
            if f.startswith("sweep.h5"):
                os.remove(os.path.join(work, f))
        shard_dir = os.path.join(work, "shards")
        os.makedirs(shard_dir)
        for i in range(1, 41):
            must([loom, "sweep", spec, "-q", "--shard", f"{i}/40", "-o",
                  os.path.join(shard_dir, f"s{i:02d}.h5")], f"loom sweep --shard {i}/40")
        shards = sorted(os.path.join(shard_dir, f) for f in os.listdir(shard_dir)
                        if f.endswith(".h5"))
        must([loom, "merge", *shards, "-o", files["sweep"]], "loom merge")
        shutil.rmtree(shard_dir)
    must([loom, "analyze", files["sweep"], "--field", "y"], "loom analyze")
    must([loom, "run", f"{sc}/network/buddy.toml", "-r", "1", "--set", "network.schools=6",
          "--set", "school.years=1", "-q", "-o", files["network"]], "loom run (network)")
    for kind, path in files.items():
        must([loom, "check", path], f"loom check {kind}.h5 (undamaged)")
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("loom")
    ap.add_argument("viewer", help="loom-viewer, or none")
    ap.add_argument("source", help="source tree (for scenarios/)")
    ap.add_argument("--mutations", type=int, default=60, help="bit flips per file (default 60)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per program (default 20)")
    ap.add_argument("--viewer-every", type=int, default=1,
                    help="screenshot every K-th damaged file only (default 1: all)")
    args = ap.parse_args()
    started = time.monotonic()
    failures = []  # the campaign could not run as meant (exit 1 like a crash)
    notes = []  # defects outside the campaign's question, reported only

    loom = os.path.abspath(args.loom)
    viewer = None
    if args.viewer == "none":
        print("skip viewer: VIEWER is 'none'")
    elif shutil.which("xvfb-run") is None:
        print("skip viewer: xvfb-run not found (the viewer needs a display)")
    else:
        viewer = os.path.abspath(args.viewer)
    if viewer and args.viewer_every > 1:
        print(f"note viewer: screenshots of every {args.viewer_every}th damaged file only "
              "(--viewer-every)")

    work = tempfile.mkdtemp(prefix="loom-campaign-")
    keep = tempfile.mkdtemp(prefix="loom-campaign-repro-")
    try:
        files = make_files(loom, os.path.abspath(args.source), work, notes)
        data = {k: open(p, "rb").read() for k, p in files.items()}
        print("ok   made and checked: " + ", ".join(f"{k}.h5 ({len(d)} bytes)"
                                                   for k, d in data.items()))

        import h5py
        swapped = os.path.join(work, "compare-swapped.h5")
        shutil.copy(files["compare"], swapped)
        with h5py.File(swapped, "r+") as f:
            f.move("scenarios/top-down/summary", "scenarios/top-down/summary-swap")
            f.move("scenarios/shared-leadership/summary", "scenarios/top-down/summary")
            f.move("scenarios/top-down/summary-swap", "scenarios/shared-leadership/summary")
        with h5py.File(files["sweep"], "r") as f:
            d = f["sweep/points"]
            if d.chunks is None:
                offset = d.id.get_offset()
                ranges = [] if offset is None else [(offset, d.id.get_storage_size())]
            else:
                ranges = []
                for i in range(d.id.get_num_chunks()):
                    info = d.id.get_chunk_info(i)
                    ranges.append((info.byte_offset, info.size))
        if not ranges:
            failures.append("/sweep/points has no raw data in the file (compact?): "
                            "no flips inside it")

        contents = {}
        for kind, path in files.items():
            state, values = h5py_contents(path, args.timeout, work)
            if state != "ok":
                raise SystemExit(f"FAIL h5py cannot read the undamaged {kind}.h5: {values}")
            contents[kind] = values

        # Every program accepts the undamaged files (else its counts below mean nothing).
        CONFIG.update(loom=loom, viewer=viewer, work=work, keep=keep, timeout=args.timeout,
                      viewer_every=args.viewer_every, data=data, contents=contents)
        broken = set()
        for kind, path in files.items():
            for program, argv in commands_for(kind, path, work, viewer is not None):
                if program == "analyze":
                    shutil.copy(path, argv[2])
                code, seconds, err = run_limited(argv, args.timeout, cwd=work)
                if code != 0:
                    failures.append(f"{program} on the undamaged {kind}.h5: exit {code}: {err}")
                    broken.add(program)
        if broken:
            print("FAIL programs that refuse undamaged files: " + ", ".join(sorted(broken)))
        else:
            print("ok   every program accepts the undamaged files")

        tasks = []
        for kind in KINDS:
            extra = {"swapped": swapped, "points_ranges": ranges}
            for group, desc, op in make_mutations(kind, data[kind], args.mutations, args.seed,
                                                  extra):
                tasks.append((len(tasks), kind, group, desc, op))
        print(f"     {len(tasks)} damaged files, --jobs {args.jobs}, time limit {args.timeout:g} s"
              f" per program, seed {args.seed}", flush=True)

        results = []
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            for r in pool.imap_unordered(try_mutation, tasks):
                results.append(r)
                if len(results) % 100 == 0:
                    print(f"     {len(results)}/{len(tasks)} done "
                          f"({time.monotonic() - started:.0f} s)", flush=True)
        results.sort(key=lambda r: r["index"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # --- Tables ---
    print("\nPer file kind and program (detected = exit 2 or 3, accepted = exit 0; for check,"
          " accepted = intact + silently accepted):")
    head = f"{'kind':8} {'program':8} {'tried':>6} {'detected':>9} {'accepted':>9} " \
           f"{'crashes':>8} {'hangs':>6} {'intact':>7} {'silent':>7}"
    print(head)
    print("-" * len(head))
    total_crash = total_hang = 0
    for kind in KINDS:
        for program in PROGRAMS:
            rs = [r for r in results if r["kind"] == kind and program in r["programs"]]
            if not rs:
                continue
            n = {w: sum(r["programs"][program] == w for r in rs)
                 for w in ("detected", "accepted", "crash", "hang")}
            total_crash += n["crash"]
            total_hang += n["hang"]
            extra = ""
            if program == "check":
                intact = sum(r.get("check_class", ("",))[0] == "intact" for r in rs)
                silent = sum(r.get("check_class", ("",))[0] == "silent" for r in rs)
                extra = f" {intact:>7} {silent:>7}"
            print(f"{kind:8} {program:8} {len(rs):>6} {n['detected']:>9} {n['accepted']:>9} "
                  f"{n['crash']:>8} {n['hang']:>6}{extra}")

    print("\nloom check by mutation (detected / intact / silently accepted / crash+hang):")
    for kind in KINDS:
        parts = []
        for group in ("flip", "truncate", "zero", "gcol", "swap", "points"):
            rs = [r for r in results if r["kind"] == kind and r["group"] == group]
            if rs:
                det = sum(r["programs"]["check"] == "detected" for r in rs)
                intact = sum(r.get("check_class", ("",))[0] == "intact" for r in rs)
                silent = sum(r.get("check_class", ("",))[0] == "silent" for r in rs)
                bad = sum(r["programs"]["check"] in ("crash", "hang") for r in rs)
                parts.append(f"{group} {det}/{intact}/{silent}/{bad}")
        print(f"  {kind:8} " + ", ".join(parts))

    silent = [r for r in results if r.get("check_class", ("",))[0] == "silent"]
    if silent:
        print(f"\nSilently accepted by loom check ({len(silent)}):")
        for r in silent:
            print(f"     {r['kind']}: {r['desc']}: {r['check_class'][1]}")

    crashes = [(r, f) for r in results for f in r["failures"]]
    if crashes:
        print(f"\nCrashes and hangs ({len(crashes)}); damaged files kept under {keep}"
              " ($DIR below = the folder named on each line):")
        for r, f in crashes:
            print(f"FAIL {r['kind']}: {r['desc']}: {f['program']} {f['what']} ({f['why']}, "
                  f"{f['seconds']} s)\n       DIR={r['kept']}; {f['command']}"
                  + (f"\n       stderr: {f['stderr']!r}" if f["stderr"] else ""))
    else:
        shutil.rmtree(keep, ignore_errors=True)
    for n in notes:
        print("NOTE " + n)
    for f in failures:
        print("FAIL " + f)
    wall = time.monotonic() - started
    print(f"\n{len(results)} damaged files, {sum(len(r['programs']) for r in results)} program "
          f"runs: {total_crash} crashes, {total_hang} hangs; wall time {wall:.0f} s")
    sys.exit(1 if crashes or failures else 0)


if __name__ == "__main__":
    main()
