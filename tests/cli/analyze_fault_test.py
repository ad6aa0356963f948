#!/usr/bin/env python3
"""`loom analyze` killed or failing at every write it makes: the sweep file is
found as it was or as it should be, never damaged, and a failed write is
never reported as stored.

    analyze_fault_test.py LOOM

A sweep file (`loom sweep` of the Ishigami function, N = 256) already holds
a Sobol table stored with --bootstrap 100; the analysis under test stores one with
--bootstrap 200 (same indices, other intervals and attribute). strace counts
every write-like system call of a clean run, then for each call k the run is
repeated twice under strace's fault injection: call k fails with EIO, and
call k kills the process (SIGKILL). After each:
- the file opens with h5py, /sweep/runs reads whole, and `loom check` passes;
- its table is the earlier one or the new one, complete (field by field,
  attribute included), nothing between;
- an injected error gives exit 3 and the earlier table, never exit 0 with
  anything but the new one (the bug this guards against: EIO on the second
  pwrite gave exit 0, "Stored in" and a table of empty names and zeros);
- no temporary file is left after an error (but a lock file whose removal
  was the call made to fail); after a kill the next analysis succeeds.
Exits 77 (skipped) when strace cannot trace here (no ptrace in the
container); strace is in scripts/ensure-deps.sh's test set.
"""
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

LOOM = sys.argv[1]
TABLE = "/sweep/analysis/y/sobol"
# Every call that can change a file's bytes or names.
WRITES = ["pwrite64", "write", "pwritev", "writev", "sendfile", "copy_file_range", "fsync",
          "fdatasync", "ftruncate", "rename", "renameat", "renameat2", "unlink", "unlinkat"]
failures = []


def check(ok, what):
    if not ok:
        print("FAIL " + what)
        failures.append(what)


def analyze(path, bootstrap, strace=()):
    return subprocess.run([*strace, LOOM, "analyze", str(path), "--field", "y", "--bootstrap",
                           str(bootstrap)], capture_output=True, text=True, timeout=120)


def table(path):
    """The stored table as (attribute bootstrap, {column: values}), or None."""
    with h5py.File(path, "r") as f:
        runs = f["/sweep/runs"][()]  # reads every chunk: a damaged one raises
        assert len(runs) > 0
        if TABLE not in f:
            return None
        t = f[TABLE]
        return int(t.attrs["bootstrap"]), {n: t[n][()].tolist() for n in t.dtype.names}


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


if shutil.which("strace") is None:
    print("SKIP: strace is not installed (scripts/ensure-deps.sh test)")
    sys.exit(77)

with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    before = tmp / "before.h5"
    spec = tmp / "ishigami.toml"
    spec.write_text('[sweep]\nmodel = "ishigami"\ndesign = "sobol"\nsamples = 256\n'
                    'replicates = 1\nseed = 7\n[factors]\n' +
                    "".join('"ishigami.x%d" = { min = -3.14, max = 3.14 }\n' % i
                            for i in (1, 2, 3)))
    subprocess.run([LOOM, "sweep", str(spec), "-o", str(before), "-q"], check=True,
                   capture_output=True)
    assert analyze(before, 100).returncode == 0
    expected_after = tmp / "after.h5"
    shutil.copy(before, expected_after)
    assert analyze(expected_after, 200).returncode == 0
    old, new = table(before), table(expected_after)
    assert old[0] == 100 and new[0] == 200 and old[1] != new[1]

    # Count the write-like calls of a clean run.
    work = tmp / "s.h5"
    shutil.copy(before, work)
    log = tmp / "strace.log"
    probe = analyze(work, 200, ["strace", "-f", "-qq", "-o", str(log), "-e",
                                "trace=" + ",".join(WRITES)])
    if probe.returncode != 0 and "ptrace" in probe.stderr:
        print("SKIP: strace cannot trace here: " + probe.stderr.strip()[:200])
        sys.exit(77)
    check(probe.returncode == 0, "the clean run under strace: exit %d" % probe.returncode)
    counts = {}
    for line in log.read_text().splitlines():
        m = re.match(r"(?:\d+\s+)?(\w+)\(", line)
        if m and m.group(1) in WRITES:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    print("write-like calls of one analysis:", counts)

    tried = errors_reported = kills = 0
    for call, n in sorted(counts.items()):
        for k in range(1, n + 1):
            for action in ("error=EIO", "signal=KILL"):
                tried += 1
                what = "%s #%d %s" % (call, k, action)
                shutil.copy(before, work)
                r = analyze(work, 200, ["strace", "-f", "-qq", "-o", "/dev/null", "-e",
                                        "trace=" + call, "-e",
                                        "inject=%s:%s:when=%d" % (call, action, k)])
                try:
                    got = table(work)
                except Exception as e:  # noqa: BLE001 - any failure to read is the defect
                    check(False, what + ": the file cannot be read: %s" % e)
                    continue
                state = "old" if got == old else "new" if got == new else "other"
                check(state != "other", what + ": the table is neither the old nor the new one")
                c = subprocess.run([LOOM, "check", str(work)], capture_output=True, text=True)
                check(c.returncode == 0, what + ": loom check exit %d: %s"
                      % (c.returncode, c.stdout.strip()[-200:]))
                if action.startswith("error"):
                    check(r.returncode in (0, 3), what + ": exit %d" % r.returncode)
                    check(r.returncode != 0 or state == "new",
                          what + ": exit 0 but the table is %s" % state)
                    if r.returncode == 3:
                        errors_reported += 1
                        check(state == "old", what + ": exit 3 but the table changed")
                        check("Stored in" not in r.stdout, what + ": says 'Stored in'")
                    # A lock file whose own removal was made to fail stays
                    # (harmless: the lock is flock(2) on it, not its existence).
                    left = sorted(p.name for p in tmp.iterdir()
                                  if p.name.startswith("s.h5") and p.name != "s.h5"
                                  and not (call.startswith("unlink") and p.name == "s.h5.lock"))
                    check(not left, what + ": left behind %s" % left)
                else:
                    kills += 1
                    again = analyze(work, 200)
                    check(again.returncode == 0 and table(work) == new,
                          what + ": the next analysis after the kill: exit %d %s"
                          % (again.returncode, again.stderr.strip()[:200]))

    print("tried %d (kills %d), errors reported with exit 3: %d, defects: %d"
          % (tried, kills, errors_reported, len(failures)))
    check(tried >= 10, "too few write points found (%d): is strace tracing?" % tried)

sys.exit(1 if failures else 0)
