"""Quick checks of scripts/loomtools, the package behind the validation
reports: the statistics helpers against known values (and against scipy
where it is installed; the helpers do not need it), the number formatting, the index's anchors and
verdict table, and that the SVG writers produce well-formed SVG. No `loom`
binary needed.

    /usr/bin/python3 tests/scripts/loomtools_test.py SOURCE_DIR

Exits non-zero on the first failure."""
import math
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

try:
    from scipy import stats as sps
except ImportError:  # only a second reference; loomtools does not use scipy
    sps = None

source = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(source / "scripts"))
from loomtools import report, stats, svg  # noqa: E402

SVG_NS = "{http://www.w3.org/2000/svg}"


def close(a, b, tol=1e-12):
    return abs(a - b) <= tol * max(1.0, abs(b))


def chi2_sf_exact(x, k):
    """The chi-square upper tail in closed form (integer k): a finite sum
    for even k, erfc plus a finite sum for odd k."""
    if k % 2 == 0:
        return math.exp(-x / 2) * sum((x / 2) ** i / math.factorial(i) for i in range(k // 2))
    term, total = math.sqrt(2 * x / math.pi), 0.0
    for i in range(k // 2):
        total += term
        term *= x / (2 * i + 3)
    return math.erfc(math.sqrt(x / 2)) + math.exp(-x / 2) * total


# t interval of a known sample. Reference values from scipy 1.10.1:
# t.interval(0.95, 9, loc=mean, scale=sem) = (2.66597, 4.35403) and
# t.ppf(0.975, k) for k = 1, 4, 29, 999 (tables: 12.7062, 2.7764, 2.0452, 1.9623).
x = np.array([2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 4.9, 3.0, 3.7])
m, lo, hi = stats.mean_ci(x)
assert close(m, 3.51) and close(lo, 2.6659664227479922, 1e-9) and close(hi, 4.354033577252008, 1e-9)
assert close(stats.t_crit(10), 2.2621571627409915, 1e-10)
for n, want in ((2, 12.706204736174705), (5, 2.7764451051977987), (30, 2.045229642132703),
                (1000, 1.9623414611334487)):
    assert close(stats.t_crit(n), want, 1e-10), (n, stats.t_crit(n), want)
if sps:
    slo, shi = sps.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=sps.sem(x))
    assert close(lo, slo, 1e-10) and close(hi, shi, 1e-10), (lo, hi, slo, shi)
assert math.isnan(stats.t_crit(1))
# One value: a mean but no interval; missing values left out and counted.
m1, lo1, hi1 = stats.mean_ci([4.0])
assert m1 == 4.0 and math.isnan(lo1) and math.isnan(hi1)
assert all(math.isnan(v) for v in stats.mean_ci([math.nan, math.nan]))
mx = stats.mean_ci(np.append(x, [math.nan, math.nan]))
assert all(close(p, q) for p, q in zip(mx, (m, lo, hi)))
assert stats.valid_count([1.0, math.nan, 2.0]) == 2

# Paired differences: b - a, replicate by replicate.
a = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
b = a + np.array([0.5, 0.7, 0.2, 0.9, 0.4])
assert all(close(p, q) for p, q in zip(stats.paired(a, b), stats.mean_ci(b - a)))
assert stats.paired(a, b)[0] > 0 and stats.excludes_zero(stats.paired(a, b))
assert not stats.excludes_zero((0.1, -0.2, 0.4))

# Chi-square upper tail against the closed forms (scipy 1.10.1: sf(27, 27) =
# 0.46379481562055863, sf(40.11327206941358, 27) = 0.05) and against scipy
# where installed.
CASES = ((27.0, 27), (10.5, 27), (55.0, 27), (40.11327206941358, 27), (30.0, 26), (3.2, 4), (0.8, 1))
assert close(chi2_sf_exact(27.0, 27), 0.46379481562055863, 1e-12)
assert close(chi2_sf_exact(40.11327206941358, 27), 0.05, 1e-12)
for chi2, k in CASES:
    got = stats.chi2_sf(chi2, k)
    assert abs(got - chi2_sf_exact(chi2, k)) < 1e-10, (chi2, k, got)
    if sps:
        assert abs(got - float(sps.chi2.sf(chi2, k))) < 1e-10, (chi2, k, got)

# Cluster bootstrap: the point is the statistic on every replicate; the
# interval brackets it, and collapses for a constant sample.
rng = np.random.default_rng(1)
y = rng.normal(0.3, 1.0, 200)
point, blo, bhi = stats.boot_ci(lambda idx: y[idx].mean(), len(y), np.random.default_rng(2))
assert close(point, y.mean()) and blo < point < bhi, (point, blo, bhi)
# ... and it is about the t interval's width for a mean.
tlo, thi = stats.mean_ci(y)[1:]
assert 0.8 < (bhi - blo) / (thi - tlo) < 1.2, (bhi - blo, thi - tlo)
assert stats.boot_ci(lambda idx: np.ones(5)[idx].mean(), 5, np.random.default_rng(3), reps=50) == (1.0, 1.0, 1.0)

# Formatting.
assert stats.f3(0.12345) == "0.123"
assert stats.f3(0.5, 1, sign=True) == "+0.5"
assert stats.f3(float("nan")) == "n/a" and stats.f3(None) == "n/a"
assert stats.ci((0.5, 0.4, 0.6)) == "0.500 [0.400, 0.600]"
assert stats.ci((-0.01, -0.02, 0.0), 3, True) == "-0.010 [-0.020, +0.000]"
assert stats.pct((0.16, 0.155, 0.165), 1) == "16.0 [15.5, 16.5]"

# Report helpers: GitHub's heading anchors, the verdict table of a part.
assert report.anchor("a. Turnover calibration with neutral modifiers") == \
    "a-turnover-calibration-with-neutral-modifiers"
assert report.anchor("Networks of schools, d. Hub exit: hub-held vs shared network leadership") == \
    "networks-of-schools-d-hub-exit-hub-held-vs-shared-network-leadership"
part = ("# Part\n\nintro\n\n## a. One\n\n" + report.verdict(True, "good", "bad") + "\n\n### a1. sub\n\n"
        + report.verdict(False, "good", "bad") + "\n\n## b. Two\n\nreported only\n")
secs = report.sections(part)
assert [s.splitlines()[0] for s in secs] == ["## a. One", "## b. Two"], secs
rows = report.summarise(secs, "p.md")
assert rows[2] == "| [a. One](p.md#a-one) | PASS, SHORTFALL |", rows
assert rows[3] == "| [b. Two](p.md#b-two) | reported (no pass/fail tolerance) |", rows
assert report.table(["x", "y"], [[1, 2]]) == ["| x | y |", "|---|---|", "| 1 | 2 |"]

# Ticks.
assert svg.nice_ticks(0, 1) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], svg.nice_ticks(0, 1)
assert svg.nice_ticks(float("nan"), 1) == [0.0, 1.0]
assert svg.tick_label(0.25, [0.0, 0.25, 0.5]) == "0.25"

# SVG figures are well-formed (labels with markup characters escaped).
with tempfile.TemporaryDirectory() as tmp:
    values = rng.normal(size=(30, 20)).cumsum(1)
    band = svg.band_series("median & band <90%>", svg.COLOURS[0], values)
    points = {"label": "means", "colour": svg.COLOURS[1], "x": np.arange(1, 6), "y": [1, 2, 3, 2, 1],
              "lo": [0.5, 1.5, 2.5, 1.5, 0.5], "hi": [1.5, 2.5, 3.5, 2.5, 1.5], "points": True,
              "offset": 0.1}
    panels = [{"title": "band", "xlabel": "week", "ylabel": "value", "series": [band],
               "hlines": [(0.0, "zero & <ref>")]},
              {"title": "points", "xlabel": "year", "ylabel": "y", "series": [points],
               "xticks": [1, 2, 3, 4, 5], "xint": True, "xpad": 0.3}]
    path = Path(tmp) / "figure.svg"
    svg.svg_figure(path, panels, "Test figure <a & b>")
    root = ET.parse(path).getroot()
    assert root.tag == SVG_NS + "svg", root.tag
    assert root.find(SVG_NS + "polygon") is not None and root.find(SVG_NS + "polyline") is not None
    assert len(root.findall(SVG_NS + "circle")) == 5
    assert any(t.text == "Test figure <a & b>" for t in root.iter(SVG_NS + "text"))
    heat = Path(tmp) / "heat.svg"
    svg.heatmap_svg(heat, "Heat & map", "blue: above 0", [0, 1, 2], [2.5, 5.0],
                    [[0.1, -0.2, 0.0], [0.3, 0.05, -0.1]], [[True, False, False], [True, True, False]],
                    "x label", "y label")
    root = ET.parse(heat).getroot()
    assert root.tag == SVG_NS + "svg" and len(root.findall(SVG_NS + "rect")) == 1 + 6

print("loomtools: all checks passed")
