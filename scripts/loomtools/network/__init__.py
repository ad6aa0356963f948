"""The network model's validation (docs/validation/network.md), one module
per section, run in this order by scripts/validate_network.py: a_contagion
(complex vs simple contagion, clustered vs random), b_hub_buddy
(hub-and-spoke vs buddy), c_seeding (seeding strategies), d_hub_exit (hub
exit with hub-held vs shared network leadership). Each has a
`section(loom, n)` that runs `loom` and returns the section's markdown.
What several sections share is here."""
import numpy as np

from loomtools import ROOT
from loomtools.stats import excludes_zero
from loomtools.svg import band_series

NETWORK = ROOT / "scenarios" / "network"


def field(r, name):
    return r.summary[name].to_numpy(dtype=float)


def share_series(label, colour, r, name="adopted_share"):
    return band_series(label, colour, r.series(name), x=np.arange(r.series(name).shape[1]) + 1)


def signif(t):
    return "yes" if excludes_zero(t) else "**no**"
