#!/usr/bin/env python3
"""Exit 0 when two HDF5 files hold the same datasets with identical values
(attributes such as the command line and creation time may differ)."""
import sys

import h5py
import numpy as np


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) else None)
    return out


a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
if sorted(a) != sorted(b):
    print("different datasets:", sorted(set(a) ^ set(b)))
    sys.exit(1)
for name in a:
    x, y = a[name], b[name]
    same = (x == y) if isinstance(x, bytes) else np.array_equal(x, y)
    if not same:
        print("dataset differs:", name)
        sys.exit(1)
print(f"same {len(a)} datasets")
