#!/usr/bin/env python3
"""Global sensitivity of the headline comparison: shared minus top-down.

Which invented constants can flip Loom's headline? This script varies
every numeric school parameter whose source reads "Loom assumption" (the
constants nobody measured) and that the two presets do not set
differently (those are the comparison itself), over +/-50% of its value,
and reports, for the paired difference shared leadership minus top-down
in mean outcome and in the achievement gap after 5 years:

1. a joint Monte Carlo over all of them at once (Latin hypercube): the
   share of the space where each sign holds;
2. a Morris screen (elementary effects; mu*, mu, sigma) to rank them;
3. Sobol first-order and total indices (Saltelli 2010 sampling, Saltelli
   first-order and Jansen total estimators, bootstrap 95% intervals) for
   the top-ranked ones.

It writes docs/sensitivity.md and docs/validation/sensitivity_*.svg.
Every number comes from one run of this script:

    /usr/bin/python3 scripts/sensitivity.py [--replicates R] [--trajectories T]
        [--sobol-n N] [--top K] [--lhs P] [--seed S] [--jobs J]

Each design point runs `loom compare scenarios/top-down.toml
scenarios/shared-leadership.toml` with the point's values as --set
overrides (both presets get the same values; replicate i of both shares
its random streams, so the difference is paired). Runtime with the
defaults is about 10 minutes on 2 cores.
"""
import argparse
import concurrent.futures as cf
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FIGURES = DOCS / "validation"
TOPDOWN = ROOT / "scenarios/top-down.toml"
SHARED = ROOT / "scenarios/shared-leadership.toml"
# Sections that describe the school or the output, not a mechanism's
# invented constants: their values define the question, not the answer.
SKIP_SECTIONS = {"school", "staff_network"}
SKIP_KEYS = {"students.underserved_share", "students.initial_gap"}  # who the students are
FIELDS = ("outcome_mean", "outcome_gap")


# --- parameters ---------------------------------------------------------------

def numeric_range(allowed):
    """(kind, lo, hi) from the 'allowed' column of loom params --markdown."""
    m = re.match(r"(a whole number from|from)?\s*(-?[\d.]+) to (-?[\d.]+)", allowed)
    if not m:
        return None
    kind = "int" if "whole number" in allowed else "real"
    return kind, float(m.group(2)), float(m.group(3))


def illustrative_parameters(loom):
    text = subprocess.run([loom, "params", "school", "--markdown"], capture_output=True, text=True,
                          check=True).stdout
    section = None
    out = []
    for line in text.splitlines():
        h = re.match(r"### \[(\w+)\]", line)
        if h:
            section = h.group(1)
            continue
        if not line.startswith("| `") or section in SKIP_SECTIONS:
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        key = cells[0].strip("`")
        if "Loom assumption" not in line or f"{section}.{key}" in SKIP_KEYS:
            continue
        rng = numeric_range(cells[2])
        if rng is None:
            continue
        out.append({"key": f"{section}.{key}", "kind": rng[0], "min": rng[1], "max": rng[2]})
    return out


def resolved_values(h5, sid):
    return tomllib.loads(h5[f"scenarios/{sid}/scenario.toml"].asstr()[()])


def value_of(resolved, key):
    section, name = key.split(".")
    return resolved[section][name]


# --- running loom -------------------------------------------------------------

class Runner:
    def __init__(self, loom, replicates, seed, tmp):
        self.loom, self.replicates, self.seed, self.tmp = loom, replicates, seed, Path(tmp)
        self.count = 0
        self.started = time.time()

    def compare(self, sets, index):
        out = self.tmp / f"p{index}.h5"
        cmd = [self.loom, "compare", str(TOPDOWN), str(SHARED), "-r", str(self.replicates), "-s",
               str(self.seed), "-t", "1", "-o", str(out)]
        for s in sets:
            cmd += ["--set", s]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"loom failed: {' '.join(cmd)}\n{p.stderr}")
        with h5py.File(out, "r") as f:
            td = f["scenarios/top-down/summary"][:]
            sh = f["scenarios/shared-leadership/summary"][:]
            result = {fld: float(np.mean(sh[fld] - td[fld])) for fld in FIELDS}
            result["resolved"] = (resolved_values(f, "top-down"), resolved_values(f, "shared-leadership"))
        out.unlink()
        return result

    def batch(self, points, factors, jobs, label):
        """Runs every point (rows of values in factor order); returns
        {field: array}."""
        sets = [[f"{fa['key']}={format_value(fa, v)}" for fa, v in zip(factors, row)] for row in points]
        results = [None] * len(points)
        t0 = time.time()
        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(self.compare, s, self.count + i): i for i, s in enumerate(sets)}
            for k, fut in enumerate(cf.as_completed(futures)):
                results[futures[fut]] = fut.result()
                if (k + 1) % 50 == 0 or k + 1 == len(sets):
                    print(f"  {label}: {k + 1}/{len(sets)} points, {time.time() - t0:.0f} s",
                          file=sys.stderr, flush=True)
        self.count += len(points)
        return {fld: np.array([r[fld] for r in results]) for fld in FIELDS}


def format_value(factor, v):
    return str(int(round(v))) if factor["kind"] == "int" else f"{v:.6g}"


# --- designs -----------------------------------------------------------------

def scale(unit, factors):
    """Maps [0, 1]^k to each factor's range; an integer factor takes each of
    its whole values lo..hi on an equal share of [0, 1] (rounding a
    continuous value would almost never reach the ends of a short range)."""
    lo = np.array([f["lo"] for f in factors])
    hi = np.array([f["hi"] for f in factors])
    x = lo + unit * (hi - lo)
    for j, f in enumerate(factors):
        if f["kind"] == "int":
            n = f["hi"] - f["lo"] + 1
            x[:, j] = f["lo"] + np.minimum(np.floor(unit[:, j] * n), n - 1)
    return x


def latin_hypercube(n, k, rng):
    u = (rng.permuted(np.tile(np.arange(n), (k, 1)), axis=1).T + rng.random((n, k))) / n
    return u


def morris_design(r, k, levels, rng):
    """r trajectories of k+1 points on a p-level grid (Morris 1991), step
    delta = p / (2 (p - 1))."""
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels - levels // 2) / (levels - 1)  # starts from which +delta stays in [0, 1]
    trajectories = []
    for _ in range(r):
        x = rng.choice(grid, size=k)
        order = rng.permutation(k)
        sign = rng.choice([-1, 1], size=k)
        base = np.where(sign > 0, x, x + delta)  # a start from which the step stays inside
        pts = [base.copy()]
        cur = base.copy()
        for j in order:
            cur = cur.copy()
            cur[j] = cur[j] + sign[j] * delta
            pts.append(cur)
        trajectories.append((np.array(pts), order, sign * delta))
    return trajectories


def morris_indices(trajectories, y, k):
    ee = [[] for _ in range(k)]
    for t, (pts, order, steps) in enumerate(trajectories):
        yt = y[t * (k + 1):(t + 1) * (k + 1)]
        for s, j in enumerate(order):
            ee[j].append((yt[s + 1] - yt[s]) / steps[j])
    ee = np.array(ee)
    return np.abs(ee).mean(1), ee.mean(1), ee.std(1, ddof=1)


def sobol_indices(ya, yb, yab, rng, boot=1000):
    """Saltelli (2010) first-order and Jansen (1999) total indices with
    bootstrap 95% intervals. yab[i] = f(A with column i from B)."""
    n, k = len(ya), yab.shape[0]

    def est(idx):
        a, b = ya[idx], yb[idx]
        v = np.var(np.concatenate([a, b]), ddof=1)
        s1 = np.array([np.mean(b * (yab[i][idx] - a)) / v for i in range(k)])
        st = np.array([0.5 * np.mean((a - yab[i][idx]) ** 2) / v for i in range(k)])
        return s1, st

    s1, st = est(np.arange(n))
    bs = [est(rng.integers(0, n, n)) for _ in range(boot)]
    s1b = np.array([b[0] for b in bs])
    stb = np.array([b[1] for b in bs])
    return (s1, np.quantile(s1b, 0.025, 0), np.quantile(s1b, 0.975, 0),
            st, np.quantile(stb, 0.025, 0), np.quantile(stb, 0.975, 0))


# --- figures -------------------------------------------------------------------

def bar_svg(path, title, names, values, lo=None, hi=None, xlabel=""):
    w, row = 760, 22
    left, right = 300, 40
    h = 60 + row * len(names) + 30
    vmax = max(1e-12, float(np.max(hi if hi is not None else values)))
    vmin = min(0.0, float(np.min(lo if lo is not None else values)))
    sx = lambda v: left + (v - vmin) / (vmax - vmin) * (w - left - right)
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
         'font-family="Helvetica, Arial, sans-serif" font-size="11">',
         f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<text x="10" y="20" font-size="14" font-weight="bold">{title}</text>']
    for i, (n, v) in enumerate(zip(names, values)):
        y = 40 + i * row
        o.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{n}</text>')
        o.append(f'<rect x="{min(sx(0), sx(v)):.1f}" y="{y + 3}" width="{abs(sx(v) - sx(0)):.1f}" height="14" '
                 'fill="#1f5f99" fill-opacity="0.7"/>')
        if lo is not None:
            o.append(f'<line x1="{sx(lo[i]):.1f}" y1="{y + 10}" x2="{sx(hi[i]):.1f}" y2="{y + 10}" '
                     'stroke="#222" stroke-width="1.5"/>')
    base = 40 + row * len(names) + 4
    o.append(f'<line x1="{sx(0):.1f}" y1="36" x2="{sx(0):.1f}" y2="{base}" stroke="#444"/>')
    o.append(f'<text x="{(left + w - right) / 2}" y="{base + 20}" text-anchor="middle">{xlabel}</text>')
    o.append("</svg>")
    Path(path).write_text("\n".join(o) + "\n")


# --- report ------------------------------------------------------------------

def share_ci(k, n):
    p = k / n
    z = 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, centre - half, centre + half


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loom", default=str(ROOT / "build/release/cli/loom"))
    ap.add_argument("--replicates", type=int, default=20, help="replicates per design point (default 20)")
    ap.add_argument("--trajectories", type=int, default=16, help="Morris trajectories (default 16)")
    ap.add_argument("--levels", type=int, default=4, help="Morris grid levels (default 4)")
    ap.add_argument("--lhs", type=int, default=300, help="joint Monte Carlo points (default 300)")
    ap.add_argument("--top", type=int, default=6, help="factors for the Sobol step (default 6)")
    ap.add_argument("--sobol-n", type=int, default=256, help="Sobol base sample size N (default 256)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel loom processes")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    FIGURES.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="loom-sensitivity-") as tmp:
        run = Runner(args.loom, args.replicates, args.seed, tmp)
        base = run.compare([], 0)
        td, sh = base["resolved"]
        factors = []
        for f in illustrative_parameters(args.loom):
            a, b = value_of(td, f["key"]), value_of(sh, f["key"])
            if a != b or isinstance(a, bool) or float(a) == 0.0:
                continue  # a lever of the comparison, a switch, or a value with no scale
            v = float(a)
            f["value"] = v
            f["lo"] = max(f["min"], 0.5 * v)
            f["hi"] = min(f["max"], 1.5 * v)
            if f["kind"] == "int":
                # Whole values around v: +/-50% widened to at least v - 1 .. v + 1.
                f["lo"] = max(f["min"], min(np.floor(0.5 * v), v - 1))
                f["hi"] = min(f["max"], max(np.ceil(1.5 * v), v + 1))
            factors.append(f)
        k = len(factors)
        print(f"sensitivity: {k} factors", file=sys.stderr)
        # 1. Joint Monte Carlo (Latin hypercube over all factors).
        lhs = scale(latin_hypercube(args.lhs, k, rng), factors)
        y_lhs = run.batch(lhs, factors, args.jobs, "joint Monte Carlo")
        # 2. Morris screen.
        traj = morris_design(args.trajectories, k, args.levels, rng)
        pts = np.concatenate([scale(t[0], factors) for t in traj])
        y_m = run.batch(pts, factors, args.jobs, "Morris")
        # Elementary effects per unit of the normalised range.
        morris = {fld: morris_indices(traj, y_m[fld], k) for fld in FIELDS}
        rank = np.argsort(-morris["outcome_mean"][0])
        top = list(rank[:args.top])
        for j in np.argsort(-morris["outcome_gap"][0])[:2]:
            if j not in top:
                top.append(j)
        # 3. Sobol on the top factors (others at their values).
        sub = [factors[j] for j in top]
        n = args.sobol_n
        a_u, b_u = rng.random((n, len(sub))), rng.random((n, len(sub)))
        design = [a_u, b_u] + [np.where(np.arange(len(sub)) == i, b_u, a_u) for i in range(len(sub))]
        y_s = run.batch(np.concatenate([scale(d, sub) for d in design]), sub, args.jobs, "Sobol")
        sobol = {}
        for fld in FIELDS:
            y = y_s[fld].reshape(len(design), n)
            sobol[fld] = sobol_indices(y[0], y[1], y[2:], rng)
        runs = run.count
    runtime = time.time() - started

    names = [f["key"] for f in factors]
    lines = ["# Global sensitivity of the headline comparison", "",
             "Generated by `scripts/sensitivity.py`; do not edit by hand. Every number below comes from "
             "one run of:", "",
             f"    /usr/bin/python3 scripts/sensitivity.py --replicates {args.replicates} --trajectories "
             f"{args.trajectories} --levels {args.levels} --lhs {args.lhs} --top {args.top} --sobol-n "
             f"{args.sobol_n} --seed {args.seed}", "",
             f"- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; source commit "
             f"`{subprocess.run(['git', '-C', str(ROOT), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}`",
             f"- {runs} design points, each `loom compare scenarios/top-down.toml "
             f"scenarios/shared-leadership.toml -r {args.replicates} -s {args.seed}` with the point's "
             f"values as `--set`; runtime {runtime / 60:.1f} minutes.",
             "- **Outputs**: the paired difference shared minus top-down, after 5 years, in mean "
             "outcome (`outcome_mean`, SD) and in the achievement gap (`outcome_gap`, SD; negative = "
             "shared leadership leaves a smaller gap), each the mean over the point's replicates.",
             f"- **Factors**: the {k} numeric school parameters whose source reads \"Loom assumption\" "
             "(invented constants), outside the `[school]` make-up and `[network]` output sections, "
             "excluding switches, parameters at 0 and the levers the two presets set differently (those "
             "are the comparison). Each varies over +/-50% of its value, clipped to its allowed range "
             "(a whole-number factor over its whole values in that range, at least its value +/-1, "
             "each equally likely). Who the students are (`students.underserved_share`, `initial_gap`) is "
             "part of the question, not varied.", "",
             "## At the presets' values", "",
             f"Shared minus top-down: mean outcome {base['outcome_mean']:+.3f} SD, gap "
             f"{base['outcome_gap']:+.3f} SD ({args.replicates} replicates; `loom compare` with 100 "
             "replicates gives the interval).", "",
             "## 1. Where each sign holds: joint Monte Carlo", "",
             f"A Latin hypercube of {args.lhs} points over all {k} factors at once (+/-50% each).", "",
             "| output | mean over the space | 5th-95th percentile | share with shared ahead [95%] |",
             "|---|---|---|---|"]
    for fld, better in (("outcome_mean", lambda v: v > 0), ("outcome_gap", lambda v: v < 0)):
        y = y_lhs[fld]
        kk = int(np.sum(better(y)))
        p, lo, hi = share_ci(kk, len(y))
        what = "higher mean" if fld == "outcome_mean" else "smaller gap"
        lines.append(f"| `{fld}` | {y.mean():+.3f} | [{np.quantile(y, 0.05):+.3f}, {np.quantile(y, 0.95):+.3f}] | "
                     f"{100 * p:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}] ({what}) |")
    lines += ["", "Each point's difference is itself a mean of "
              f"{args.replicates} paired replicates (standard error about 0.01 SD for the mean outcome), "
              "so points very close to 0 are counted with that noise.", ""]
    for fld in FIELDS:
        mu_star, mu, sigma = morris[fld]
        order = np.argsort(-mu_star)
        lines += [f"## 2. Morris screen: `{fld}`", "",
                  f"{args.trajectories} trajectories on a {args.levels}-level grid; elementary effects per "
                  "unit of a factor's normalised range (its whole +/-50% span = 1). mu* ranks influence, "
                  "mu its direction (positive = raising the factor favours shared leadership on this "
                  "output" + (", i.e. widens the gap difference" if fld == "outcome_gap" else "") +
                  "), sigma interactions and non-linearity.", "",
                  "| rank | factor | range | mu* | mu | sigma |", "|---|---|---|---|---|---|"]
        for r_, j in enumerate(order[:15]):
            f = factors[j]
            lines.append(f"| {r_ + 1} | `{f['key']}` | {f['lo']:.4g} to {f['hi']:.4g} | {mu_star[j]:.4f} | "
                         f"{mu[j]:+.4f} | {sigma[j]:.4f} |")
        rest = [factors[j]["key"] for j in order[15:]]
        lines += ["", f"The other {len(rest)} factors have mu* below {mu_star[order[14]]:.4f}: "
                  + ", ".join(f"`{x}`" for x in rest) + ".", ""]
        bar_svg(FIGURES / f"sensitivity_morris_{fld}.svg", f"Morris mu*: shared minus top-down, {fld}",
                [factors[j]["key"] for j in order[:15]], mu_star[order[:15]], xlabel="mu* (SD per range)")
        lines += [f"![Morris screen, {fld}](validation/sensitivity_morris_{fld}.svg)", ""]
    for fld in FIELDS:
        s1, s1lo, s1hi, st, stlo, sthi = sobol[fld]
        lines += [f"## 3. Sobol indices: `{fld}`", "",
                  f"Saltelli (2010) sampling with N = {args.sobol_n} base points over the {len(sub)} "
                  "top-ranked factors (the rest at the presets' values); first-order S1 (Saltelli 2010) and "
                  "total ST (Jansen 1999), 95% intervals from 1,000 bootstrap resamples of the base points. "
                  "S1 is the share of the output's variance a factor explains alone, ST including its "
                  "interactions.", "",
                  "| factor | S1 [95%] | ST [95%] |", "|---|---|---|"]
        for i, f in enumerate(sub):
            lines.append(f"| `{f['key']}` | {s1[i]:.3f} [{s1lo[i]:.3f}, {s1hi[i]:.3f}] | "
                         f"{st[i]:.3f} [{stlo[i]:.3f}, {sthi[i]:.3f}] |")
        lines.append("")
        bar_svg(FIGURES / f"sensitivity_sobol_{fld}.svg", f"Sobol total indices: shared minus top-down, {fld}",
                [f["key"] for f in sub], st, stlo, sthi, xlabel="total-order index ST")
        lines += [f"![Sobol total indices, {fld}](validation/sensitivity_sobol_{fld}.svg)", ""]
    # Plain reading.
    mean_share = share_ci(int(np.sum(y_lhs["outcome_mean"] > 0)), args.lhs)
    gap_share = share_ci(int(np.sum(y_lhs["outcome_gap"] < 0)), args.lhs)
    top_mean = [factors[j]["key"] for j in np.argsort(-morris["outcome_mean"][0])[:3]]
    # Where the mean flips: the joint Monte Carlo split by the top factor.
    j0 = int(np.argsort(-morris["outcome_mean"][0])[0])
    f0 = factors[j0]
    below = lhs[:, j0] < f0["value"]
    split = []
    for name, mask in (("below", below), ("above", ~below)):
        kk = int(np.sum(y_lhs["outcome_mean"][mask] > 0))
        split.append((name, share_ci(kk, int(mask.sum())), int(mask.sum())))
    lines += ["## What is robust and what rests on assumptions", "",
              f"- **The gap.** Shared leadership leaves a smaller achievement gap in "
              f"{100 * gap_share[0]:.0f}% of the joint +/-50% space of the invented constants. "
              "This result comes from structure (studying results by group keeps a practice per group and "
              "judges each on its own group's results), not from any one constant.",
              f"- **The mean.** Shared leadership has the higher mean outcome in {100 * mean_share[0]:.0f}% "
              "of that space. The constants that most decide how large the difference is (Morris mu*) "
              f"are {', '.join(f'`{x}`' for x in top_mean)}; they are Loom assumptions, so the *size* of "
              "the difference is a property of these assumptions, not a finding.",
              f"- **What can flip the mean.** With `{f0['key']}` below its value ({f0['value']:g}) "
              f"shared leadership is ahead on the mean in {100 * split[0][1][0]:.0f}% "
              f"[{100 * split[0][1][1]:.0f}, {100 * split[0][1][2]:.0f}] of the joint Monte Carlo points "
              f"({split[0][2]} points), above it in {100 * split[1][1][0]:.0f}% "
              f"[{100 * split[1][1][1]:.0f}, {100 * split[1][1][2]:.0f}] ({split[1][2]}): shared "
              "leadership spends more meeting time, so its advantage needs time to spend "
              "(docs/validation.md section l maps it against capacity and initiative load).",
              "- **What the screen does not vary**: the levers that define the two styles (they are the "
              "comparison), the school's make-up, switches, and model structure (which mechanisms exist "
              "and their functional forms, docs/model.md). A different structure can change the answer.",
              "- Read an effect size in Loom as \"under these stated assumptions\"; the viewer and the "
              "README say so.", ""]
    (DOCS / "sensitivity.md").write_text("\n".join(lines))
    print(f"sensitivity: wrote docs/sensitivity.md in {runtime:.0f} s ({runs} points)", file=sys.stderr)


if __name__ == "__main__":
    main()
