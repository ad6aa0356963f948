"""Fingerprints that tie a generated document to the code that made it.

A report made by running Loom (docs/validation/*.md, docs/sensitivity.md)
cannot be regenerated in every test run (minutes of runs). Instead it
records a fingerprint: a hash of every dataset of a small fixed run of the
model it describes (so any change to what the model computes changes it)
and of the generator's own sources (so a change to the report's code
does too). tests/docs/generated_docs_test.py recomputes the fingerprint of
each document in GENERATED and fails when it differs, naming the command
that regenerates it. `dataset_hashes` is also what
tests/cli/pinned_results_test.py pins.
"""
import hashlib
import subprocess
import tempfile
from pathlib import Path

import h5py
import numpy as np

from loomtools import ROOT

# Stored texts that spell section names and absolute paths, not results.
SKIPPED = ("scenario.toml", "base_scenario", "sweep/spec")

# The fixed small runs behind each kind of fingerprint (loom arguments
# after the binary; scenario paths relative to the source tree).
RUNS = {
    "school": ["compare", "scenarios/top-down.toml", "scenarios/shared-leadership.toml", "-r", "4",
               "-s", "1"],
    "network": ["run", "scenarios/network/buddy.toml", "-r", "2", "-s", "1", "--set",
                "network.schools=16", "--set", "school.years=2", "--set", "school.students=120",
                "--set", "school.teachers=8"],
}

# Generated document -> (fingerprint kind, generator sources, regenerating command).
GENERATED = {
    "docs/validation/school.md": (
        "school", ["scripts/validate.py", "scripts/loomtools"],
        "/usr/bin/python3 scripts/validate.py"),
    "docs/validation/network.md": (
        "network", ["scripts/validate_network.py", "scripts/loomtools"],
        "/usr/bin/python3 scripts/validate_network.py"),
    "docs/sensitivity.md": (
        "school", ["scripts/sensitivity.py", "scripts/loomtools"],
        "/usr/bin/python3 scripts/sensitivity.py"),
}
LINE = "- Fingerprint of the model and this report's code: `{}`"


def canonical(value):
    """16 hex digits that identify a dataset's shape, types and values."""
    h = hashlib.sha256()
    arr = np.asarray(value)
    h.update(repr(arr.shape).encode())
    if arr.dtype.names:  # a table: column by column
        for name in arr.dtype.names:
            h.update(name.encode())
            h.update(_column_bytes(arr[name]))
    else:
        h.update(_column_bytes(arr))
    return h.hexdigest()[:16]


def _column_bytes(col):
    if col.dtype.kind in "OS":
        parts = [(x.decode() if isinstance(x, bytes) else str(x)) for x in col.ravel()]
        return "\x00".join(parts).encode()
    return col.dtype.str.encode() + np.ascontiguousarray(col).tobytes()


def dataset_hashes(path):
    """{dataset path: canonical hash} of a results file, stored texts left out."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and not name.endswith(SKIPPED):
                out[name] = canonical(obj[()])
        f.visititems(visit)
    return out


def _sources_hash(h, paths):
    for p in paths:
        full = ROOT / p
        files = sorted(full.rglob("*.py")) if full.is_dir() else [full]
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())


def fingerprint(loom, document):
    """The fingerprint of `document` (a key of GENERATED) for this code."""
    kind, sources, _ = GENERATED[document]
    h = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="loom-fingerprint-") as tmp:
        out = Path(tmp) / "f.h5"
        args = [str(ROOT / a) if a.startswith("scenarios/") else a for a in RUNS[kind]]
        subprocess.run([loom, *args, "-q", "-t", "1", "--format", "none", "-o", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        for name, digest in sorted(dataset_hashes(out).items()):
            h.update(f"{name}={digest};".encode())
    _sources_hash(h, sources)
    return h.hexdigest()[:16]


def fingerprint_line(loom, document):
    return LINE.format(fingerprint(loom, document))


def recorded(document):
    """The fingerprint written in `document`, or None."""
    prefix, _ = LINE.split("{}")
    for line in (ROOT / document).read_text().splitlines():
        if line.startswith(prefix):
            return line[len(prefix):].strip("`")
    return None
