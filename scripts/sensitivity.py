#!/usr/bin/env python3
"""Global sensitivity of the headline comparison: shared minus top-down.

Which invented constants can flip Loom's headline? This script varies
every numeric school parameter whose source reads "Loom assumption" (the
constants nobody measured) and that the two presets do not set
differently (those are the comparison itself), over +/-50% of its value,
and reports, for the paired difference shared leadership minus top-down
in mean outcome and in the achievement gap at the end of the run:

1. a joint Monte Carlo over all of them at once (Latin hypercube): the
   share of the space where each sign holds;
2. a Morris screen (elementary effects; mu*, mu, sigma) to rank them;
3. Sobol first-order and total indices (with bootstrap 95% intervals) for
   the top-ranked ones.

It does no sampling or estimation of its own: each step is one sweep file
run twice with `loom sweep` (on scenarios/top-down.toml and on
scenarios/shared-leadership.toml, same design and seed, so replicate r of
point p draws the same random numbers in both: the difference is paired)
and `loom analyze SHARED.h5 --minus TOPDOWN.h5` for the indices
(docs/sweeps.md, docs/analysis.md). It writes docs/sensitivity.md, the
figures docs/validation/sensitivity_*.svg, and scenarios/sensitivity-ranking.tsv
(the factors by influence on the mean outcome, with their screened ranges),
which scripts/robustness.sh and the viewer's handout read (installed with the
presets). Every number comes from one run:

    /usr/bin/python3 scripts/sensitivity.py [--replicates R] [--trajectories T]
        [--levels L] [--lhs P] [--top K] [--sobol-n N] [--seed S] [--threads J]

Runtime with the defaults is a few minutes on 2 cores.
"""
import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import h5py
import numpy as np

from loomtools import DOCS, FIGURES, ROOT
from loomtools.fingerprint import fingerprint_line
from loomtools.stats import ci, mean_ci, wilson_interval
from loomtools.svg import bar_svg

TOPDOWN = ROOT / "scenarios/top-down.toml"
SHARED = ROOT / "scenarios/shared-leadership.toml"
# Sections that describe the school or the output, not a mechanism's
# invented constants: their values define the question, not the answer.
SKIP_SECTIONS = {"school", "staff_network"}
SKIP_KEYS = {"students.underserved_share", "students.initial_gap"}  # who the students are
FIELDS = ("outcome_mean", "outcome_gap")
RANKING = ROOT / "scenarios/sensitivity-ranking.tsv"  # data: read by robustness.sh and the viewer


# --- parameters ---------------------------------------------------------------

def illustrative_parameters(loom):
    """Numeric school parameters whose source says they are Loom's own."""
    text = subprocess.run([loom, "params", "school", "--json"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for section in json.loads(text)["models"][0]["sections"]:
        if section["name"] in SKIP_SECTIONS:
            continue
        for p in section["parameters"]:
            key = f"{section['name']}.{p['key']}"
            if p["kind"] not in ("real", "integer") or key in SKIP_KEYS:
                continue
            if "Loom assumption" not in p["source"]:
                continue
            out.append({"key": key, "kind": p["kind"], "min": p["min"], "max": p["max"],
                        "label": p["label"]})
    return out


def run_presets(loom, replicates, seed, tmp):
    """Both presets as they are: their resolved values, and the paired
    difference shared minus top-down of each field (the mean over runs)."""
    out = Path(tmp) / "presets.h5"
    subprocess.run([loom, "compare", str(TOPDOWN), str(SHARED), "-r", str(replicates), "-s",
                    str(seed), "-q", "--format", "none", "-o", str(out)], check=True)
    with h5py.File(out, "r") as f:
        resolved = tuple(tomllib.loads(f[f"scenarios/{s}/scenario.toml"].asstr()[()])
                         for s in ("top-down", "shared-leadership"))
        td, sh = f["scenarios/top-down/summary"][:], f["scenarios/shared-leadership/summary"][:]
        difference = {fld: mean_ci(sh[fld] - td[fld]) for fld in FIELDS}
    return resolved, difference


def value_of(resolved, key):
    section, name = key.split(".")
    return resolved[section][name]


def screened_factors(loom, resolved):
    """Each invented constant the presets share, over +/-50% of its value."""
    td, sh = resolved
    factors = []
    for f in illustrative_parameters(loom):
        a, b = value_of(td, f["key"]), value_of(sh, f["key"])
        if a != b or isinstance(a, bool) or float(a) == 0.0:
            continue  # a lever of the comparison, a switch, or a value with no scale
        v = float(a)
        f["value"] = v
        if f["kind"] == "integer":
            # Whole values around v: +/-50% widened to at least v - 1 .. v + 1.
            f["lo"] = max(f["min"], min(np.floor(0.5 * v), v - 1))
            f["hi"] = min(f["max"], max(np.ceil(1.5 * v), v + 1))
        else:
            f["lo"] = max(f["min"], 0.5 * v)
            f["hi"] = min(f["max"], 1.5 * v)
        factors.append(f)
    return factors


# --- running loom -------------------------------------------------------------

class Sweeps:
    """Runs one design on both presets with `loom sweep`; analyses the
    paired difference with `loom analyze --minus`."""

    def __init__(self, loom, replicates, seed, threads, tmp):
        self.loom, self.replicates, self.seed, self.threads = loom, replicates, seed, threads
        self.tmp = Path(tmp)
        self.runs = 0
        self.commands = []

    def run(self, name, design, samples, factors, levels=None):
        files = {}
        for preset, base in (("top-down", TOPDOWN), ("shared", SHARED)):
            spec = self.tmp / f"{name}-{preset}.toml"
            lines = ["[sweep]", f'base = "{base}"', f'design = "{design}"', f"samples = {samples}",
                     f"replicates = {self.replicates}", f"seed = {self.seed}", 'record = "summary"']
            if levels:
                lines.append(f"morris_levels = {levels}")
            lines += ["", "[factors]"]
            for f in factors:
                lo, hi = (f"{f['lo']:.0f}", f"{f['hi']:.0f}") if f["kind"] == "integer" else (
                    f"{f['lo']!r}", f"{f['hi']!r}")
                lines.append(f'"{f["key"]}" = {{ min = {lo}, max = {hi} }}')
            spec.write_text("\n".join(lines) + "\n")
            out = self.tmp / f"{name}-{preset}.h5"
            t0 = time.time()
            subprocess.run([self.loom, "sweep", str(spec), "-o", str(out), "-q", "-t",
                            str(self.threads)], check=True, stdout=subprocess.DEVNULL)
            with h5py.File(out, "r") as h:
                self.runs += int(h["sweep"].attrs["units_total"])
            print(f"  {name} ({preset}): {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
            files[preset] = out
        self.commands.append(f"loom sweep $TMP/{name}-{{top-down,shared}}.toml ({design}, "
                             f"{samples} samples, {len(factors)} factors)")
        return files

    def analyze(self, files, field, method):
        p = subprocess.run([self.loom, "analyze", str(files["shared"]), "--field", field, "--minus",
                            str(files["top-down"]), "--method", method, "--json"],
                           capture_output=True, text=True, check=True)
        result = json.loads(p.stdout)
        return {row["factor"]: row for row in result["indices"]}


def paired_point_differences(files, field):
    """Per design point: the mean over replicates of shared minus top-down."""
    means = {}
    for preset, path in files.items():
        with h5py.File(path, "r") as f:
            runs = f["sweep/runs"][:]
        points = runs["point"]
        n = int(points.max()) + 1
        means[preset] = np.bincount(points, weights=runs[field], minlength=n) / np.bincount(
            points, minlength=n)
    return means["shared"] - means["top-down"]


# --- report -------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loom", default=str(ROOT / "build/release/cli/loom"))
    ap.add_argument("--replicates", type=int, default=20, help="replicates per design point")
    ap.add_argument("--preset-replicates", type=int, default=1000,
                    help="paired replicates of the presets themselves (their row needs a tight interval)")
    ap.add_argument("--trajectories", type=int, default=16, help="Morris trajectories")
    ap.add_argument("--levels", type=int, default=4, help="Morris grid levels")
    ap.add_argument("--lhs", type=int, default=300, help="joint Monte Carlo points")
    ap.add_argument("--top", type=int, default=6, help="factors for the Sobol step")
    ap.add_argument("--sobol-n", type=int, default=256, help="Sobol base sample size N")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--threads", type=int, default=0, help="loom threads (0 = all cores)")
    args = ap.parse_args()
    FIGURES.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="loom-sensitivity-") as tmp:
        resolved, base = run_presets(args.loom, args.preset_replicates, args.seed, tmp)
        factors = screened_factors(args.loom, resolved)
        k = len(factors)
        print(f"sensitivity: {k} factors", file=sys.stderr)
        sweeps = Sweeps(args.loom, args.replicates, args.seed, args.threads, tmp)
        # 1. Joint Monte Carlo.
        lhs_files = sweeps.run("joint", "lhs", args.lhs, factors)
        y_lhs = {fld: paired_point_differences(lhs_files, fld) for fld in FIELDS}
        with h5py.File(lhs_files["shared"], "r") as f:
            lhs_points = f["sweep/points"][:]
        # 2. Morris screen.
        morris_files = sweeps.run("morris", "morris", args.trajectories, factors, args.levels)
        morris = {fld: sweeps.analyze(morris_files, fld, "morris") for fld in FIELDS}
        by_mean = sorted(factors, key=lambda f: -morris["outcome_mean"][f["key"]]["mu_star"])
        by_gap = sorted(factors, key=lambda f: -morris["outcome_gap"][f["key"]]["mu_star"])
        top = by_mean[:args.top] + [f for f in by_gap[:2] if f not in by_mean[:args.top]]
        # 3. Sobol on the top factors (the others at their values).
        sobol_files = sweeps.run("sobol", "sobol", args.sobol_n, top)
        sobol = {fld: sweeps.analyze(sobol_files, fld, "sobol") for fld in FIELDS}
    runtime = time.time() - started
    write_ranking(by_mean, morris)
    write_report(args, factors, base, y_lhs, lhs_points, morris, by_mean, top, sobol,
                 sweeps, runtime)
    print(f"sensitivity: wrote docs/sensitivity.md in {runtime:.0f} s ({sweeps.runs} runs)",
          file=sys.stderr)


def write_ranking(by_mean, morris):
    rows = ["# Written by scripts/sensitivity.py (do not edit): the screened invented constants, "
            "most influential on shared minus top-down mean outcome first (Morris mu*).",
            "# key\tlow\thigh\tmu_star\tlabel"]
    for f in by_mean:
        rows.append(f"{f['key']}\t{f['lo']:g}\t{f['hi']:g}\t"
                    f"{morris['outcome_mean'][f['key']]['mu_star']:.4f}\t{f['label']}")
    RANKING.write_text("\n".join(rows) + "\n")


def write_report(args, factors, base, y_lhs, lhs_points, morris, by_mean, top, sobol, sweeps,
                 runtime):
    k = len(factors)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    lines = ["# Global sensitivity of the headline comparison", "",
             "Generated by `scripts/sensitivity.py`; do not edit by hand. Every number below comes "
             "from one run of:", "",
             f"    /usr/bin/python3 scripts/sensitivity.py --replicates {args.replicates} "
             f"--preset-replicates {args.preset_replicates} "
             f"--trajectories {args.trajectories} --levels {args.levels} --lhs {args.lhs} --top "
             f"{args.top} --sobol-n {args.sobol_n} --seed {args.seed}", "",
             f"- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; source "
             f"commit `{commit}`; {sweeps.runs} runs in {runtime / 60:.1f} minutes.",
             fingerprint_line(args.loom, "docs/sensitivity.md"),
             "- **How**: each step is one sweep file run with `loom sweep` on "
             "`scenarios/top-down.toml` and on `scenarios/shared-leadership.toml` (same design and "
             f"seed, {args.replicates} replicates per point: replicate r of a point draws the same "
             "random numbers under both, so the difference is paired), and the indices come from "
             "`loom analyze SHARED.h5 --minus TOPDOWN.h5` (docs/analysis.md). A whole-number factor "
             "is rounded from the design's continuous value (docs/sweeps.md).",
             "- **Outputs**: the paired difference shared minus top-down at the end of the run, in "
             "mean outcome (`outcome_mean`, SD) and in the achievement gap (`outcome_gap`, SD; "
             "negative = shared leadership leaves a smaller gap), each the mean over the point's "
             "replicates.",
             f"- **Factors**: the {k} numeric school parameters whose source reads \"Loom "
             "assumption\" (invented constants), outside the `[school]` make-up and "
             "`[staff_network]` output sections, excluding switches, parameters at 0 and the levers "
             "the two presets set differently (those are the comparison). Each varies over +/-50% "
             "of its value, clipped to its allowed range (a whole-number factor over at least its "
             "value +/-1). Who the students are (`students.underserved_share`, `initial_gap`) is "
             "part of the question, not varied.", "",
             "## At the presets' values", "",
             f"Shared minus top-down: mean outcome {ci(base['outcome_mean'], 3, True)} SD, gap "
             f"{ci(base['outcome_gap'], 3, True)} SD ({args.preset_replicates} paired replicates, 95% "
             "intervals; each point below is a mean of fewer, so it carries more noise).", "",
             "## 1. Where each sign holds: joint Monte Carlo", "",
             f"A Latin hypercube of {args.lhs} points over all {k} factors at once (+/-50% each).",
             "",
             "| output | mean over the space | 5th-95th percentile | share with shared ahead [95%] |",
             "|---|---|---|---|"]
    for fld, better in (("outcome_mean", lambda v: v > 0), ("outcome_gap", lambda v: v < 0)):
        y = y_lhs[fld]
        p, lo, hi = wilson_interval(int(np.sum(better(y))), len(y))
        what = "higher mean" if fld == "outcome_mean" else "smaller gap"
        lines.append(f"| `{fld}` | {y.mean():+.3f} | [{np.quantile(y, 0.05):+.3f}, "
                     f"{np.quantile(y, 0.95):+.3f}] | {100 * p:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}]"
                     f" ({what}) |")
    lines += ["", f"Each point's difference is itself a mean of {args.replicates} paired replicates, "
              "so points very close to 0 are counted with that noise.", ""]
    for fld in FIELDS:
        rows = morris[fld]
        order = sorted(factors, key=lambda f: -rows[f["key"]]["mu_star"])
        lines += [f"## 2. Morris screen: `{fld}`", "",
                  f"{args.trajectories} trajectories on a {args.levels}-level grid; elementary "
                  "effects per whole range of a factor (its +/-50% span). mu* ranks influence, mu "
                  "its direction (positive = raising the factor raises shared minus top-down"
                  + (", i.e. widens the gap difference" if fld == "outcome_gap" else "") +
                  "), sigma interactions and non-linearity.", "",
                  "| rank | factor | range | mu* | mu | sigma |", "|---|---|---|---|---|---|"]
        for r, f in enumerate(order[:15]):
            m = rows[f["key"]]
            lines.append(f"| {r + 1} | `{f['key']}` | {f['lo']:.4g} to {f['hi']:.4g} | "
                         f"{m['mu_star']:.4f} | {m['mu']:+.4f} | {m['sigma']:.4f} |")
        rest = [f["key"] for f in order[15:]]
        if rest:
            lines += ["", f"The other {len(rest)} factors have mu* below "
                      f"{rows[order[14]['key']]['mu_star']:.4f}: "
                      + ", ".join(f"`{x}`" for x in rest) + "."]
        lines.append("")
        bar_svg(FIGURES / f"sensitivity_morris_{fld}.svg",
                f"Morris mu*: shared minus top-down, {fld}", [f["key"] for f in order[:15]],
                [rows[f["key"]]["mu_star"] for f in order[:15]], xlabel="mu* (SD per range)")
        lines += [f"![Morris screen, {fld}](validation/sensitivity_morris_{fld}.svg)", ""]
    for fld in FIELDS:
        rows = sobol[fld]
        lines += [f"## 3. Sobol indices: `{fld}`", "",
                  f"Saltelli sampling with N = {args.sobol_n} base points over the {len(top)} "
                  "top-ranked factors (the rest at the presets' values); first-order S1 and total ST "
                  "with 95% intervals from `loom analyze`'s bootstrap of the base points. S1 is the "
                  "share of the output's variance a factor explains alone, ST including its "
                  "interactions.", "",
                  "| factor | S1 [95%] | ST [95%] |", "|---|---|---|"]
        for f in top:
            s = rows[f["key"]]
            lines.append(f"| `{f['key']}` | {s['S1']:.3f} [{s['S1'] - s['S1_conf']:.3f}, "
                         f"{s['S1'] + s['S1_conf']:.3f}] | {s['ST']:.3f} "
                         f"[{s['ST'] - s['ST_conf']:.3f}, {s['ST'] + s['ST_conf']:.3f}] |")
        lines.append("")
        st = np.array([rows[f["key"]]["ST"] for f in top])
        half = np.array([rows[f["key"]]["ST_conf"] for f in top])
        bar_svg(FIGURES / f"sensitivity_sobol_{fld}.svg",
                f"Sobol total indices: shared minus top-down, {fld}", [f["key"] for f in top], st,
                st - half, st + half, xlabel="total-order index ST")
        lines += [f"![Sobol total indices, {fld}](validation/sensitivity_sobol_{fld}.svg)", ""]
    # Plain reading.
    mean_share = wilson_interval(int(np.sum(y_lhs["outcome_mean"] > 0)), args.lhs)
    gap_share = wilson_interval(int(np.sum(y_lhs["outcome_gap"] < 0)), args.lhs)
    top3 = ", ".join(f"`{f['key']}`" for f in by_mean[:3])
    f0 = by_mean[0]
    below = lhs_points[f0["key"]] < f0["value"]
    split = []
    for mask in (below, ~below):
        kk = int(np.sum(y_lhs["outcome_mean"][mask] > 0))
        split.append((wilson_interval(kk, int(mask.sum())), int(mask.sum())))
    lines += ["## What is robust and what rests on assumptions", "",
              f"- **The gap.** Shared leadership leaves a smaller achievement gap in "
              f"{100 * gap_share[0]:.0f}% of the joint +/-50% space of the invented constants.",
              f"- **The mean.** Shared leadership has the higher mean outcome in "
              f"{100 * mean_share[0]:.0f}% of that space. The constants that most decide how large "
              f"the difference is (Morris mu*) are {top3}; they are "
              "Loom assumptions, so the *size* of the difference is a property of these "
              "assumptions, not a finding.",
              f"- **What can flip the mean.** With `{f0['key']}` below its value ({f0['value']:g}) "
              f"shared leadership is ahead on the mean in {100 * split[0][0][0]:.0f}% "
              f"[{100 * split[0][0][1]:.0f}, {100 * split[0][0][2]:.0f}] of the joint Monte Carlo "
              f"points ({split[0][1]} points), above it in {100 * split[1][0][0]:.0f}% "
              f"[{100 * split[1][0][1]:.0f}, {100 * split[1][0][2]:.0f}] ({split[1][1]}).",
              "- **What the screen does not vary**: the levers that define the two styles (they are "
              "the comparison), the school's make-up, switches, and model structure (which "
              "mechanisms exist and their functional forms, docs/model.md). A different structure "
              "can change the answer.",
              "- `scripts/robustness.sh` (run by the main job) re-runs the comparison with each of "
              "the four most influential constants at the ends of its range, and so does the viewer's "
              "printable handout (`loom-viewer --handout`, docs/workshop.md); both read them from "
              "`scenarios/sensitivity-ranking.tsv`, written by this script.",
              "- Read an effect size in Loom as \"under these stated assumptions\".", ""]
    (DOCS / "sensitivity.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
