"""Statistics and number formatting for the validation reports: Student's t
intervals (of means and of paired differences), a cluster bootstrap over
whole replicates, the chi-square upper tail, and the formatting of numbers
and intervals in the tables (f3, ci, pct)."""
import math

import numpy as np



def _incomplete_beta(a, b, x):
    """Regularised incomplete beta I_x(a, b), by its continued fraction
    (Lentz's method), accurate to ~1e-14; enough for t quantiles without
    scipy, which Debian's python3 does not ship by default."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):  # the fraction converges fast below the mean
        return 1.0 - _incomplete_beta(b, a, 1.0 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x)) / a
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 500):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return front * f


def t_cdf(t, dof):
    """Student's t distribution function."""
    tail = 0.5 * _incomplete_beta(dof / 2.0, 0.5, dof / (dof + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_crit(n, level=0.95):
    """Two-sided critical value of Student's t for a sample of n."""
    if n < 2:
        return float("nan")
    target, lo, hi = 0.5 + level / 2.0, 0.0, 1e4
    for _ in range(200):  # bisection to full double precision
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, n - 1) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def mean_ci(x):
    """Mean and 95% t interval over the runs that have a value: missing
    values (NaN, undefined in that run) are left out, as `loom compare`
    does; valid_count says how many had one."""
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    m = x.mean()
    if len(x) < 2:
        return m, math.nan, math.nan
    h = t_crit(len(x)) * x.std(ddof=1) / math.sqrt(len(x))
    return m, m - h, m + h


def valid_count(x):
    """Runs with a value (not missing)."""
    return int(np.isfinite(np.asarray(x, dtype=float)).sum())


def paired(a, b):
    """Mean and 95% t interval of b - a, paired by replicate; a pair with
    either side missing is left out."""
    return mean_ci(np.asarray(b, float) - np.asarray(a, float))


def boot_ci(stat, n, rng, reps=2000):
    """Point value and percentile 95% interval of stat(index array) when
    whole replicates are resampled (a cluster bootstrap: weeks, years and
    events within a run are not independent)."""
    point = stat(np.arange(n))
    draws = np.array([stat(rng.integers(0, n, n)) for _ in range(reps)])
    draws = draws[np.isfinite(draws)]
    return point, float(np.quantile(draws, 0.025)), float(np.quantile(draws, 0.975))


def wilson_interval(k, n, z=1.96):
    """Share k / n with its Wilson 95% score interval (good near 0 and 1)."""
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, centre - half, centre + half


def excludes_zero(t):
    return t[1] > 0 or t[2] < 0


def chi2_sf(x, k):
    """Upper tail of the chi-square distribution: one minus the regularised
    lower incomplete gamma, by its series (exact to ~1e-12 for the sizes
    used here)."""
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
