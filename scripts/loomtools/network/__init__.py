"""The network model's validation (docs/validation/network.md), one module
per section, run in this order by scripts/validate_network.py: a_contagion
(Centola's 2010 single-seed design: complex vs simple contagion on a
clustered vs a random network, without and with a hub), b_hub_buddy
(hub-and-spoke vs buddy), c_seeding (seeding strategies), d_hub_exit (hub
exit with hub-held vs shared network leadership, also with the support
rules neutralised). Each has a `section(loom, n)` that runs `loom` and
returns the section's markdown. What several sections share is here."""
import math

import numpy as np

from loomtools import ROOT
from loomtools.stats import excludes_zero, t_crit, valid_count
from loomtools.svg import band_series

NETWORK = ROOT / "scenarios" / "network"


def field(r, name):
    return r.summary[name].to_numpy(dtype=float)


def share_series(label, colour, r, name="adopted_share"):
    return band_series(label, colour, r.series(name), x=np.arange(r.series(name).shape[1]) + 1)


def mean_series(label, colour, r, name="adopted_share"):
    """Mean over replicates by week with its 95% t interval. Where runs are
    all or nothing (one seed), a median and band would show 0 or 1 and hide
    the mean the comparison is about."""
    v = r.series(name)
    m = v.mean(0)
    h = t_crit(v.shape[0]) * v.std(0, ddof=1) / math.sqrt(v.shape[0])
    return {"label": label, "colour": colour, "x": np.arange(v.shape[1]) + 1, "y": m,
            "lo": m - h, "hi": m + h}


def year_end(r, name):
    """runs x years: the metric in the last week of each school year."""
    return r.by_year(name, "last")


def runs_where(flags):
    """'k of n runs' in which a 0/1 field (reached_half) is 1."""
    flags = np.asarray(flags, dtype=float)
    return f"{int(np.nansum(flags))} of {len(flags)} runs"


def runs_with(x):
    """'k of n runs' that have a value of a field that can be missing (NaN)."""
    return f"{valid_count(x)} of {len(np.asarray(x))} runs"


def same_runs(a, b):
    """Two results agree run for run: every summary field and every weekly
    metric of every replicate (NaN equal to NaN)."""
    return (list(a.summary.columns) == list(b.summary.columns)
            and all(np.array_equal(field(a, c), field(b, c), equal_nan=True) for c in a.summary.columns)
            and a.ts.shape == b.ts.shape and np.array_equal(a.ts, b.ts, equal_nan=True))


def signif(t):
    return "yes" if excludes_zero(t) else "**no**"
