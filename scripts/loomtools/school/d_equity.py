"""Section d: studying averages only raises the mean while the gap widens;
disaggregation and equity pauses narrow it."""
import math

from loomtools import FIGURES
from loomtools.report import verdict
from loomtools.stats import ci, f3, mean_ci
from loomtools.svg import COLOURS, band_series, svg_figure, year_ticks


def section(loom, n):
    out = ["## d. Equity: averages, equity pauses, disaggregation", ""]
    out += ["**Claim** (pattern 3 of docs/model.md 1.1; Valdez et al. 2020). "
            "With subgroup-specific reality, a school that "
            "studies only averages can raise mean outcomes while the gap widens; disaggregation and "
            "equity pauses narrow it.", "",
            f"**Method.** The default school (every mechanism on; `students.divergent_dimensions` = 6 "
            "of 30 practice dimensions work the opposite way for the underserved 30%) from a blank "
            "start (`school.history_years = 0`: the school learns its shared way during the run, so "
            "what averages teach it shows; with the default history the shared way is already learned "
            "and sections g and i measure what changes from there) under three "
            "conditions, paired by replicate (same random streams): *averages only* "
            "(`leadership.study = averages`, no pauses: the defaults), *averages + equity pauses* "
            "(`equity.pause_every_weeks = 4`), *disaggregated* (`leadership.study = disaggregated`, no "
            f"pauses). {n} replicates each. Trajectories: median and 5th-95th percentile band over "
            "replicates each week. Final values: means with t intervals; differences: paired by "
            "replicate.", "",
            "**Tolerance.** Direction, with 95% intervals excluding zero: under averages only, the mean "
            "outcome rises from its start and `outcome_gap_change` > 0; the paired difference in gap "
            "change (condition - averages only) < 0 for both pauses and disaggregation. The sizes depend "
            "on illustrative parameters (`students.practice_effect`, `pdsa.measurement_noise`, "
            "`equity.*`), so only directions are validated.", ""]
    base = ["students.divergent_dimensions=6", "school.history_years=0"]
    runs = {
        "averages only": loom.run("d: averages only", base + ["leadership.study=averages"], n),
        "averages + equity pauses": loom.run("d: averages + pauses every 4 weeks",
                                             base + ["leadership.study=averages", "equity.pause_every_weeks=4"], n),
        "disaggregated": loom.run("d: disaggregated", base + ["leadership.study=disaggregated"], n),
    }
    a = runs["averages only"]
    start_mean = a.series("outcome_mean")[:, 0]  # after one week; the true start is below
    fields = ["outcome_mean", "outcome_majority", "outcome_underserved", "outcome_gap_change",
              "code_knowledge_majority", "code_knowledge_underserved", "harmful_adoptions",
              "ideas_reversed", "teacher_turnover_rate"]
    out += ["| final value (week 180) | " + " | ".join(runs) + " | pauses - averages | disaggregated - averages |",
            "|---|---|---|---|---|---|"]
    diffs = {}
    for fld in fields:
        cells = [ci(mean_ci(r.summary[fld])) for r in runs.values()]
        dp = mean_ci(runs["averages + equity pauses"].summary[fld] - a.summary[fld])
        dd = mean_ci(runs["disaggregated"].summary[fld] - a.summary[fld])
        diffs[fld] = (dp, dd)
        out.append(f"| `{fld}` | " + " | ".join(cells) + f" | {ci(dp, 3, True)} | {ci(dd, 3, True)} |")
    share = float(a.param("students", "underserved_share"))
    gap0 = float(a.param("students", "initial_gap"))
    initial_mean = -share * gap0  # expected start; the realised share varies by run
    rise = mean_ci(a.summary["outcome_mean"] - (a.series("outcome_mean")[:, 0]))
    gapc = mean_ci(a.summary["outcome_gap_change"])
    c1 = rise[1] > 0 and gapc[1] > 0
    c2 = diffs["outcome_gap_change"][1][2] < 0
    c3 = diffs["outcome_gap_change"][0][2] < 0
    dp_maj, dp_und = diffs["outcome_majority"][0], diffs["outcome_underserved"][0]
    out += ["", f"Under averages only the mean outcome rises by {ci(rise)} SD from the end of week 1 "
            f"(it starts near {initial_mean:.2f}, the underserved share x the initial gap below zero) "
            f"while the gap widens by {ci(gapc)} SD. Teams adopt on average "
            f"{f3(a.summary['harmful_adoptions'].mean(), 1)} ideas a run whose value is wrong for "
            "underserved students (`harmful_adoptions`): on the 6 divergent dimensions the majority's "
            "value wins the school average, and March code learning from superior performers "
            "(judged on share-weighted results) pulls the code the same way.", ""]
    # Chance a pause review judges a helpful idea (true effect +0.5 for the
    # underserved) harmful after a first-round test: estimate below -threshold.
    noise = a.param("pdsa", "measurement_noise") / math.sqrt(max(1.0, a.param("pdsa", "test_scale") *
                                                                  a.param("pdsa", "cycle_weeks") * share))
    thr = a.param("pdsa", "adopt_threshold")
    false_alarm = 0.5 * math.erfc((0.5 + thr) / noise / math.sqrt(2))
    how = []
    rule = ("Under one shared practice a pause that finds an idea harmful makes its dimension "
            "*contested*: the code stops prescribing it and never re-learns it, PDSA teams stop "
            "proposing it, and every staff member drops their view of it, so teachers act on a coin "
            "flip there. On a divergent dimension that trades the majority's fit for the underserved "
            "group's misfit; on any other dimension (a false alarm: an idea from a first-round test "
            "that helps underserved students is judged harmful with probability "
            f"{false_alarm:.2f} at the default noise) both groups lose. Contested dimensions "
            "accumulate over the run, and pauses add meeting load.")
    if dp_maj[2] < 0 and not (dp_und[1] > 0):
        how.append(
            f"Equity pauses narrow the gap ({ci(diffs['outcome_gap_change'][0], 3, True)} SD) by "
            f"lowering majority outcomes ({ci(dp_maj, 3, True)} SD), not by raising underserved outcomes "
            f"({ci(dp_und, 3, True)} SD{'; underserved students end slightly worse off too' if dp_und[2] < 0 else ''}): "
            "levelling down. " + rule)
    elif dp_maj[2] < 0 and dp_und[1] > 0:
        how.append(
            f"Equity pauses narrow the gap ({ci(diffs['outcome_gap_change'][0], 3, True)} SD) partly by "
            f"raising underserved outcomes ({ci(dp_und, 3, True)} SD) and partly by lowering majority "
            f"outcomes ({ci(dp_maj, 3, True)} SD). " + rule)
    else:
        how.append(f"Equity pauses change majority outcomes by {ci(dp_maj, 3, True)} SD and underserved "
                   f"outcomes by {ci(dp_und, 3, True)} SD. " + rule)
    dd_und = diffs["outcome_underserved"][1]
    how.append(f"Disaggregation changes underserved outcomes by {ci(dd_und, 3, True)} SD and the gap change by "
               f"{ci(diffs['outcome_gap_change'][1], 3, True)} SD: each subgroup gets its own practice layer, "
               "judged on its own results, so the underserved layer learns the underserved reality. The "
               "gap then stays near its starting value: growth depends only on how well a teacher's "
               "practice fits a student's group, so once both layers fit equally well both groups grow "
               "at the same rate and the initial gap persists; only a period in which the underserved "
               "layer fits better than the majority's narrows it (student and family voice does that "
               "in section g).")
    out += [" ".join(how), ""]
    ok = c1 and c2 and c3
    out.append(verdict(ok, "Averages-only study raises the mean while the gap widens; disaggregation and "
                       "equity pauses both narrow the gap relative to it (intervals exclude zero).",
                       "At least one of the three directions is not established: "
                       f"mean rises and gap widens under averages: {c1}; disaggregation narrows: {c2}; "
                       f"pauses narrow: {c3}."))
    out.append("")
    # Figure.
    panels = []
    for metric, title, ylabel in (("outcome_gap", "Achievement gap (majority - underserved)", "gap (SD)"),
                                  ("outcome_mean", "Mean outcome, all students", "outcome (SD)"),
                                  ("outcome_underserved", "Mean outcome, underserved students", "outcome (SD)")):
        panels.append({"title": title, "xlabel": "week (ticks at school years)", "ylabel": ylabel,
                       "xticks": year_ticks(a),
                       "series": [band_series(k, COLOURS[i], r.series(metric)) for i, (k, r) in enumerate(runs.items())]})
    svg_figure(FIGURES / "equity_gap.svg", panels,
               f"Equity (section d): median and 90% band over {n} replicates", ncols=3, pw=400)
    out += ["![Gap, mean and underserved outcome over weeks](equity_gap.svg)", ""]
    return "\n".join(out)
