"""Section j: new work lowers results before it raises them (the
implementation dip, a J-curve)."""
import numpy as np

from loomtools import FIGURES
from loomtools.report import verdict
from loomtools.school import SHARED
from loomtools.stats import mean_ci
from loomtools.svg import COLOURS, svg_figure, year_ticks


def section(loom, n):
    reps = min(n, 400)
    out = ["## j. The implementation dip", ""]
    out += ["**Claim** (Fullan 2001; Joyce & Showers 2002). New work costs before it pays: learning new "
            "practice, start-up time and meeting time taken from teaching lower results at first; tested "
            "ideas raise them later.", "",
            f"**Method.** The shared-leadership preset with no later launches (`initiatives.new_per_year=0`), "
            f"with its two starting initiatives against none (`initiatives.at_start=0`), {reps} replicates "
            "paired by replicate. The difference in `outcome_mean` week by week (mean and 95% interval).", "",
            "**Tolerance.** The difference is below 0 with its interval excluding 0 at some week of year 1, "
            "and above 0 with its interval excluding 0 at the end.", ""]
    two = loom.run("j: shared, two initiatives, none later", ["initiatives.new_per_year=0"], reps,
                   scenario=SHARED)
    none = loom.run("j: shared, no initiatives", ["initiatives.new_per_year=0", "initiatives.at_start=0"],
                    reps, scenario=SHARED)
    d = two.series("outcome_mean") - none.series("outcome_mean")
    mean = d.mean(0)
    half = np.array([mean_ci(d[:, w])[2] - mean[w] for w in range(d.shape[1])])
    year1 = slice(0, two.weeks_per_year)
    deepest = int(np.argmin(mean[year1]))
    cross = next((w for w in range(deepest, d.shape[1]) if mean[w] - half[w] > 0), None)
    ok = mean[deepest] + half[deepest] < 0 and mean[-1] - half[-1] > 0
    out += ["| week | difference (two - none) [95%] |", "|---|---|"]
    for w in sorted({3, 7, 11, deepest, 23, 35, 71, 107, d.shape[1] - 1}):
        out.append(f"| {w + 1} | {mean[w]:+.4f} [{mean[w] - half[w]:+.4f}, {mean[w] + half[w]:+.4f}] |")
    out += ["", f"Deepest point of year 1: week {deepest + 1}, {mean[deepest]:+.4f} SD; the difference is "
            f"significantly positive from week {cross + 1 if cross is not None else 'never'}; at the end "
            f"{mean[-1]:+.3f} SD.", "",
            verdict(ok, "A significant dip in year 1, and significantly ahead at the end: the J-curve.",
                    "No significant dip in year 1, or not significantly ahead at the end.")]
    x = np.arange(1, d.shape[1] + 1)
    panel = {"title": "Two initiatives minus none, shared leadership (mean, 95% CI)", "xlabel": "week",
             "ylabel": "difference in mean outcome (SD)", "xticks": year_ticks(two),
             "series": [{"label": "two initiatives - none", "colour": COLOURS[0], "x": x, "y": mean,
                         "lo": mean - half, "hi": mean + half}], "hlines": [(0.0, "no difference")]}
    zoom = {"title": "Year 1 only", "xlabel": "week", "ylabel": "difference (SD)",
            "xticks": [0, 12, 24, 36],
            "series": [{"label": "two initiatives - none", "colour": COLOURS[0], "x": x[year1],
                        "y": mean[year1], "lo": (mean - half)[year1], "hi": (mean + half)[year1]}],
            "hlines": [(0.0, "no difference")]}
    svg_figure(FIGURES / "implementation_dip.svg", [panel, zoom],
               f"The implementation dip (section j): {reps} paired replicates", ncols=2)
    out += ["", "![The implementation dip](implementation_dip.svg)", "",
            "Its depth and length follow from `implementation.launch_load`, `launch_weeks`, "
            "`cost_per_practice` and `fluency_weeks`, all Loom assumptions: the figure shows the shape the "
            "mechanism produces, not a measured size.", ""]
    return "\n".join(out)
