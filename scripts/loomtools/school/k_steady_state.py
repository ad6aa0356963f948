"""Section k: no preset drives turnover to implausible levels, and burnout
rises gradually with initiative load."""
from loomtools.report import verdict
from loomtools.school import school_presets
from loomtools.stats import ci, mean_ci, pct


def section(loom, n):
    reps = min(n, 200)
    out = ["## k. Steady state and bounded responses", ""]
    out += ["**Claims.** (1) No preset drives teacher turnover to implausible levels: the modifiers are "
            "bounded (`turnover.max_modifier`). (2) Burnout rises gradually with initiative load, not as "
            "a cliff.", "",
            f"**Method.** (1) Every school preset, {reps} replicates: mean 5-year teacher turnover and "
            "year 5 minus year 1. (2) The default school with 0, 1, 2 and 4 new initiatives a year: mean "
            "burnout at the end.", "",
            "**Tolerance.** (1) Every preset under 35% a year. (2) Burnout rises with each step and no "
            "single step carries more than 60% of the rise from 0 to 4.", "",
            "| preset | teacher turnover, 5-year [95%] | year 1 | year 5 | under 35% |", "|---|---|---|---|---|"]
    ok = True
    for path in school_presets():
        r = loom.run(f"k: {path.stem}", (), reps, scenario=path)
        t = mean_ci(r.summary.teacher_turnover_rate)
        yr = r.turnover_by_year().mean(0)
        ok &= t[0] < 0.35
        out.append(f"| `{path.stem}` | {pct(t, 1)}% | {100 * yr[0]:.1f}% | {100 * yr[-1]:.1f}% | "
                   f"{'yes' if t[0] < 0.35 else '**no**'} |")
    burn = []
    for k in (0, 1, 2, 4):
        r = loom.run(f"k: {k} new initiatives a year", [f"initiatives.new_per_year={k}"], reps)
        burn.append(mean_ci(r.summary.burnout))
    rise = burn[-1][0] - burn[0][0]
    steps = [burn[i][0] - burn[i - 1][0] for i in range(1, 4)]
    graded = all(s > 0 for s in steps) and all(s < 0.6 * rise for s in steps) and rise > 0.1
    ok &= graded
    out += ["", "| new initiatives a year | 0 | 1 | 2 | 4 |", "|---|---|---|---|---|",
            "| burnout at the end [95%] | " + " | ".join(ci(b) for b in burn) + " |", "",
            verdict(ok, "Turnover stays in a plausible range under every preset, and burnout is graded.",
                    "A preset exceeds 35% turnover or burnout jumps like a cliff."), ""]
    return "\n".join(out)
