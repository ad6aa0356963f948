#!/usr/bin/env python3
"""Exit 0 when two HDF5 files hold the same datasets with identical values
(attributes such as the command line and creation time may differ).

Numbers are compared bit for bit, so a missing value (NaN) equals the same
missing value - value equality would call NaN different from itself. Texts
are compared as texts, whether stored variable-length or at a fixed width."""
import sys

import h5py
import numpy as np


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) else None)
    return out


def texts(a):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in a.ravel().tolist()]


def identical(x, y):
    if isinstance(x, bytes) or not isinstance(x, np.ndarray):
        return x == y
    if x.dtype.kind in "OS" and y.dtype.kind in "OS":
        # Text: the same texts, whether stored variable-length (object) or
        # at a fixed width (bytes, padding dropped by NumPy).
        return x.shape == y.shape and texts(x) == texts(y)
    if x.dtype.names or y.dtype.names:  # compound: the same fields, field by field
        return (x.dtype.names == y.dtype.names and x.shape == y.shape
                and all(identical(x[n], y[n]) for n in x.dtype.names))
    if x.dtype != y.dtype or x.shape != y.shape:
        return False
    if x.dtype.hasobject:  # variable-length strings
        return x.tolist() == y.tolist()
    return x.tobytes() == y.tobytes()


a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
if sorted(a) != sorted(b):
    print("different datasets:", sorted(set(a) ^ set(b)))
    sys.exit(1)
for name in a:
    x, y = a[name], b[name]
    if not identical(x, y):
        print("dataset differs:", name)
        sys.exit(1)
print(f"same {len(a)} datasets")
