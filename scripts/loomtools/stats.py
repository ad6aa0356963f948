"""Statistics and number formatting for the validation reports: Student's t
intervals (of means and of paired differences), a cluster bootstrap over
whole replicates, the chi-square upper tail, and the formatting of numbers
and intervals in the tables (f3, ci, pct)."""
import math

import numpy as np

try:
    from scipy import stats as _stats
except ImportError:  # pragma: no cover - Debian's python3 has scipy
    _stats = None


def t_crit(n):
    if n < 2:
        return float("nan")
    return float(_stats.t.ppf(0.975, n - 1)) if _stats else 1.96


def mean_ci(x):
    x = np.asarray(x, dtype=float)
    m = x.mean()
    if len(x) < 2:
        return m, m, m
    h = t_crit(len(x)) * x.std(ddof=1) / math.sqrt(len(x))
    return m, m - h, m + h


def paired(a, b):
    """Mean and 95% t interval of b - a, paired by replicate."""
    return mean_ci(np.asarray(b, float) - np.asarray(a, float))


def boot_ci(stat, n, rng, reps=2000):
    """Point value and percentile 95% interval of stat(index array) when
    whole replicates are resampled (a cluster bootstrap: weeks, years and
    events within a run are not independent)."""
    point = stat(np.arange(n))
    draws = np.array([stat(rng.integers(0, n, n)) for _ in range(reps)])
    draws = draws[np.isfinite(draws)]
    return point, float(np.quantile(draws, 0.025)), float(np.quantile(draws, 0.975))


def excludes_zero(t):
    return t[1] > 0 or t[2] < 0


def chi2_sf(x, k):
    """Upper tail of the chi-square distribution (scipy's chi2.sf when it is
    installed; otherwise the regularised lower incomplete gamma by its
    series, exact to ~1e-12 for the sizes used here)."""
    if _stats:
        return float(_stats.chi2.sf(x, k))
    a, z = k / 2.0, x / 2.0
    term = total = 1.0 / a
    n = 1
    while term > 1e-15 * total:
        term *= z / (a + n)
        total += term
        n += 1
    lower = math.exp(a * math.log(z) - z - math.lgamma(a)) * total
    return max(0.0, 1.0 - lower)


# --- formatting -------------------------------------------------------------------

def f3(v, d=3, sign=False):
    if v is None or not np.isfinite(v):
        return "n/a"
    return f"{v:+.{d}f}" if sign else f"{v:.{d}f}"


def ci(t, d=3, sign=False):
    m, lo, hi = t
    return f"{f3(m, d, sign)} [{f3(lo, d, sign)}, {f3(hi, d, sign)}]"


def pct(t, d=1, sign=False):
    return ci(tuple(100 * v for v in t), d, sign)
