"""Damaged and incomplete results files (docs/output.md, "Writing guarantee"; the viewer's
reader, viewer/data/h5_read.hpp).

`loom story` and `loom check` refuse them with exit code 2 and one message,
never crash, never print "stoi" or "bad_alloc":
- a stored scenario saying `weeks_per_year = abc` (story reads the
  `steps_per_year` attribute; without it, the text is read strictly);
- an events table whose extent was grown to 2^40 rows (allocating it used
  to end in std::bad_alloc);
- `complete` missing or 0, `format` not loom-results, a newer format_version;
- single bit flips at many offsets (seeded, spread over the whole file):
  each `loom check` and `loom story` must exit 0 or 2 (no signal, no other
  code). A flipped bit that `loom check` does not notice is compared with the
  original: the test reports how many changed a number silently and fails if
  one sits in a checksummed dataset.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile

import h5py
import numpy as np

loom, source = sys.argv[1], sys.argv[2]
flips = int(sys.argv[3]) if len(sys.argv) > 3 else 200
failures = []


def run(*args):
    p = subprocess.run([loom, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def expect_refused(name, path, pattern, commands=("story", "check")):
    for command in commands:
        code, _, err = run(command, path)
        bad = [w for w in ("stoi", "bad_alloc", "std::") if w in err]
        if code != 2 or pattern not in err or bad or err.count("\n") != 1:
            failures.append(f"{name} ({command}): exit {code}, stderr {err!r}")
        else:
            print(f"ok   {name} ({command}): {err.strip()}")


def copy(good, work, name):
    path = os.path.join(work, name)
    shutil.copy(good, path)
    return path


with tempfile.TemporaryDirectory() as work:
    good = os.path.join(work, "good.h5")
    subprocess.run([loom, "run", f"{source}/scenarios/new-principal-top-down.toml", "-r", "2",
                    "--set", "school.years=3", "-q", "-o", good], check=True,
                   stdout=subprocess.DEVNULL)
    group = "scenarios/new-principal-top-down"
    code, out, err = run("check", good)
    assert code == 0, (code, out, err)
    for line in ("complete = 1", "units_done = units_total = 2", "Fletcher32", "plan_hash"):
        assert line in out, (line, out)
    print("ok   loom check passes the intact file:\n" + out)

    # weeks_per_year = abc in the stored scenario.
    def abc(path, drop_attribute):
        with h5py.File(path, "r+") as f:
            g = f[group]
            text = g["scenario.toml"][()].decode()
            assert "weeks_per_year = 36" in text
            del g["scenario.toml"]
            g["scenario.toml"] = text.replace("weeks_per_year = 36", "weeks_per_year = abc")
            if drop_attribute:
                del g.attrs["steps_per_year"]

    p = copy(good, work, "abc.h5")
    abc(p, drop_attribute=False)
    code, out, err = run("story", p, "--run", "1")
    if code != 0 or "Year 2, week 36" not in out:
        failures.append(f"abc with steps_per_year: exit {code}, {err!r}")
    else:
        print("ok   weeks_per_year = abc is not read when steps_per_year is stored")
    p = copy(good, work, "abc-old.h5")
    abc(p, drop_attribute=True)
    expect_refused("weeks_per_year = abc, no steps_per_year", p, "weeks_per_year = abc",
                   commands=("story",))
    p = copy(good, work, "steps0.h5")
    with h5py.File(p, "r+") as f:
        f[group].attrs["steps_per_year"] = np.int64(0)
    expect_refused("steps_per_year = 0", p, "steps_per_year is 0", commands=("story",))

    p = copy(good, work, "huge.h5")
    with h5py.File(p, "r+") as f:
        f[group]["events"].resize((2**40,))
    expect_refused("events grown to 2^40 rows", p, "more than a file of")

    for name, change, pattern in [
        ("complete missing", lambda f: f.attrs.__delitem__("complete"), "is incomplete"),
        ("complete = 0", lambda f: f.attrs.__setitem__("complete", np.int64(0)), "is incomplete"),
        ("format unknown", lambda f: f.attrs.__setitem__("format", "other-tool"),
         "is not a Loom results file"),
        ("format_version 99", lambda f: f.attrs.__setitem__("format_version", np.int64(99)),
         "results format version 99"),
        ("units_done short", lambda f: f.attrs.__setitem__("units_done", np.int64(1)),
         "units_done = 1 but units_total = 2"),
    ]:
        p = copy(good, work, name.replace(" ", "_") + ".h5")
        with h5py.File(p, "r+") as f:
            change(f)
        expect_refused(name, p, pattern,
                       commands=("check",) if name == "units_done short" else ("story", "check"))

    # Bit flips.
    def value(v):
        a = np.asarray(v)
        # Variable-length strings are objects: compare their text, not the
        # addresses tobytes() would give.
        return repr(a.tolist()).encode() if a.dtype.hasobject else a.tobytes()

    def contents(path):
        values = {}
        with h5py.File(path, "r") as f:
            def visit(name, obj):
                for k, v in obj.attrs.items():
                    values[f"{name}@{k}"] = value(v)
                if isinstance(obj, h5py.Dataset):
                    values[name] = (value(obj[()]), obj.fletcher32)
            f.visititems(visit)
            for k, v in f.attrs.items():
                values[f"/@{k}"] = value(v)
        return values

    original = contents(good)
    data = bytearray(open(good, "rb").read())
    rng = random.Random(2026)
    counts = {"refused": 0, "intact": 0, "silent": 0}
    silent_where = []
    flipped = os.path.join(work, "flipped.h5")
    for i in range(flips):
        offset = (i * len(data)) // flips + rng.randrange(max(1, len(data) // flips))
        bit = rng.randrange(8)
        damaged = bytearray(data)
        damaged[offset] ^= 1 << bit
        with open(flipped, "wb") as out_file:
            out_file.write(damaged)
        for command in ("check", "story"):
            code, out, err = run(command, flipped)
            if code not in (0, 2):
                sig = f" (signal {signal.Signals(-code).name})" if code < 0 else ""
                failures.append(f"flip at {offset} bit {bit}: {command} exit {code}{sig}: {err!r}")
        code, _, _ = run("check", flipped)
        if code == 2:
            counts["refused"] += 1
            continue
        try:
            now = contents(flipped)
        except Exception:  # h5py cannot read what loom check passed
            failures.append(f"flip at {offset}: loom check passed a file h5py cannot read")
            continue
        changed = [k for k in original if now.get(k) != original[k]]
        if not changed:
            counts["intact"] += 1
        else:
            counts["silent"] += 1
            silent_where.append((offset, changed))
            for k in changed:
                if isinstance(original[k], tuple) and original[k][1]:
                    failures.append(f"flip at {offset} changed checksummed {k} unnoticed")
    print(f"bit flips: {flips} ({len(data)} bytes): refused {counts['refused']}, "
          f"no change to any value {counts['intact']}, changed values unnoticed {counts['silent']}")
    for offset, changed in silent_where:
        print(f"     unnoticed at byte {offset}: {', '.join(changed[:3])}")

if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
