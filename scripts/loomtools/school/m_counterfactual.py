"""Section m: outcomes on a real scale. (1) A school doing nothing new stays
near 0 (pattern 7 of docs/model.md 1.1: the counterfactual); (2) the
headline is reported against it year by year; (3) targeted PDSA cycles
help underserved students at least 0.8 times as much with student and
family voices as without; (4) an undefined result is missing, never a
number."""
import math

import numpy as np

from loomtools import ROOT
from loomtools.report import table, verdict
from loomtools.school import SHARED, TOPDOWN
from loomtools.stats import ci, f3, mean_ci, paired, valid_count

BAU = ROOT / "scenarios/business-as-usual.toml"


def year_end(r, metric, year):
    return r.series(metric)[:, year * r.weeks_per_year - 1]


def section(loom, n):
    out = ["## m. Outcomes on a real scale: the counterfactual, targeting, missing values", ""]
    out += drift(loom, n) + headline(loom, n) + targeting(loom, min(n, 400)) + missing(loom)
    return "\n".join(out)


def drift(loom, n):
    r = loom.run("m: business as usual", (), n, scenario=BAU)
    mean = r.series("outcome_mean")
    d = mean_ci(mean[:, -1] - mean[:, 0])
    ok = d[1] > -0.05 and d[2] < 0.05
    rows = [[f"year {y}", ci(mean_ci(year_end(r, "outcome_mean", y) - mean[:, 0]), 3, True),
             ci(mean_ci(year_end(r, "outcome_gap", y) - r.series("outcome_gap")[:, 0]), 3, True)]
            for y in range(1, r.years + 1)]
    return ["### m1. A school doing nothing new stays where it started", "",
            "**Claim** (pattern 7 of docs/model.md 1.1). Outcomes are on an expected-growth scale, as "
            "value-added and norm-referenced scores are: a school that takes on no new improvement work "
            "stays near 0 on the reported outcome, so every difference is a difference from what the "
            "school would have done anyway.", "",
            f"**Method.** `scenarios/business-as-usual.toml` (the default school, no initiatives, so no "
            f"PDSA cycles), {n} replicates: the change in mean outcome and in the gap from week 1 to the "
            "end of each year. The school starts from its own history (`school.history_years` = 10 "
            "years run the same way), and growth is measured against that history's last year "
            "(docs/model.md 3.1, 3.3.11).", "",
            "**Tolerance.** Over 5 years the 95% interval of the drift in mean outcome lies within "
            "+/-0.05 SD (asked of the model; the within-school spread of a year's teacher value added "
            "is about 0.12 SD).", "",
            *table(["end of", "mean outcome - week 1 [95%]", "gap - week 1 [95%]"], rows), "",
            verdict(ok, f"Business as usual drifts {ci(d, 3, True)} SD over 5 years, within +/-0.05.",
                    f"Business as usual drifts {ci(d, 3, True)} SD over 5 years, beyond +/-0.05."), ""]


def headline(loom, n):
    res = loom.compare("m: top-down, shared, business as usual", [TOPDOWN, SHARED, BAU], (), n)
    td, sh, bau = res["top-down"], res["shared-leadership"], res["business-as-usual"]
    rows = []
    for y in range(1, td.years + 1):
        cells = [f"year {y}"]
        for metric in ("outcome_mean", "outcome_gap"):
            a, b, c = (year_end(x, metric, y) for x in (td, sh, bau))
            cells += [ci(paired(a, b), 3, True), ci(paired(c, a), 3, True), ci(paired(c, b), 3, True)]
        rows.append(cells)
    end = paired(td.summary.outcome_mean, sh.summary.outcome_mean)
    vs = {k: paired(bau.summary.outcome_mean, x.summary.outcome_mean)
          for k, x in (("top-down", td), ("shared leadership", sh))}
    gaps = {k: mean_ci(x.summary.outcome_gap)[0]
            for k, x in (("top-down", td), ("shared leadership", sh), ("doing nothing new", bau))}
    def side(t):
        return "above" if t[1] > 0 else "below" if t[2] < 0 else "level with"
    summary = ("; ".join(f"{k} ends {side(t)} doing nothing new on the mean outcome ({ci(t, 3, True)})"
                         for k, t in vs.items()) +
               f"; the smallest gap between student groups at the end is under {min(gaps, key=gaps.get)}")
    return ["### m2. The headline against doing nothing, year by year", "",
            "**Claim.** The difference between top-down and shared leadership is reported against the "
            "same school doing nothing new, at the end of every year, not only at the end.", "",
            f"**Method.** `loom compare top-down shared-leadership business-as-usual`, {n} paired "
            "replicates (the same school and random streams under each), the difference at the end of "
            "each school year (`loom compare --baseline` prints the same table).", "",
            "**Tolerance.** Reported, not pass/fail (which assumptions decide it: section i's grid, "
            "docs/sensitivity.md, `scripts/robustness.sh`).", "",
            *table(["end of", "mean: shared - top-down", "mean: top-down - nothing new",
                    "mean: shared - nothing new", "gap: shared - top-down", "gap: top-down - nothing new",
                    "gap: shared - nothing new"], rows), "",
            f"At the end shared leadership minus top-down is {ci(end, 3, True)} SD; {summary} "
            "(docs/model/limitations.md says what this rests on).", ""]


def targeting(loom, reps):
    rows, gains = [], {}
    for voices in (5, 0):
        sets = [f"leadership.voice_members={voices}"]
        a = loom.run(f"m: shared, {voices} voices, targeted 0", sets + ["pdsa.targeted_share=0"], reps,
                     scenario=SHARED)
        b = loom.run(f"m: shared, {voices} voices, targeted 0.5", sets + ["pdsa.targeted_share=0.5"], reps,
                     scenario=SHARED)
        gains[voices] = paired(a.summary.growth_underserved, b.summary.growth_underserved)
        rows.append([f"{voices}", ci(gains[voices], 3, True),
                     ci(paired(a.summary.growth_majority, b.summary.growth_majority), 3, True),
                     ci(paired(a.summary.outcome_gap, b.summary.outcome_gap), 3, True)])
    with_v, without = gains[5][0], gains[0][0]
    ok = with_v >= 0.8 * without if without > 0 else with_v > 0
    return ["### m3. Targeted cycles use voices for what they know", "",
            "**Claim** (Valdez et al. 2020). A PDSA cycle aimed at underserved students takes its idea "
            "for the practices that work differently for them from student and family voices (who know "
            "them) and for the others from the usual proposers, so hearing voices does not make "
            "targeting worse.", "",
            f"**Method.** The shared-leadership preset with `pdsa.targeted_share` 0.5 vs 0, with 5 voice "
            f"members and with none, {reps} paired replicates each.", "",
            "**Tolerance.** With 5 voices targeting raises underserved growth at least 0.8 times as much "
            "as without (both measured as targeted 0.5 minus 0).", "",
            *table(["voice members", "underserved growth: 0.5 - 0", "majority growth: 0.5 - 0",
                    "gap: 0.5 - 0"], rows), "",
            verdict(ok, f"Targeting with voices raises underserved growth by {f3(with_v, 3, True)} SD, "
                        f"without by {f3(without, 3, True)} SD.",
                    f"Targeting with voices {f3(with_v, 3, True)} SD vs without {f3(without, 3, True)} SD."),
            "",
            "Without voices, targeting does not help underserved students: staff's practice for them "
            "starts as a copy of their single practice and learns only from experience, so targeted "
            "ideas are no better than chance and take cycles from the general ones "
            "(docs/model/limitations.md).", ""]


def missing(loom):
    r = loom.run("m: 10 students, 5% underserved", ["school.students=10", "students.underserved_share=0.05"],
                 100)
    gap = r.summary.outcome_gap.to_numpy(dtype=float)
    under = r.summary.outcome_underserved.to_numpy(dtype=float)
    none = int(np.isnan(under).sum())
    ok = none > 0 and bool((np.isnan(gap) == np.isnan(under)).all()) and \
        not np.isnan(r.summary.outcome_mean.to_numpy(dtype=float)).any()
    m = mean_ci(gap)
    return ["### m4. An undefined result is missing, not a number", "",
            "**Claim.** A result that does not exist in a run (the gap in a school with no underserved "
            "student) is stored as missing (NaN) and left out of every average, with the count of runs "
            "that have it.", "",
            "**Method.** The default school with 10 students of whom 5% are underserved, 100 replicates "
            "(most runs draw no underserved student).", "",
            "**Tolerance.** Every run without an underserved student stores its underserved outcome and "
            "its gap as missing; every run stores a mean outcome.", "",
            f"Runs without an underserved student: {none} of 100; the gap is defined in "
            f"{valid_count(gap)} runs, mean {ci(m, 3)} over those"
            f"{'' if not math.isnan(m[0]) else ' (none)'}.", "",
            verdict(ok, "Undefined results are missing in exactly the runs where they are undefined.",
                    "A run stores a number where its result is undefined (or the other way round)."), ""]
