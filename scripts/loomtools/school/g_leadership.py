"""Section g: top-down vs shared leadership with intervals, which levers
carry the difference, and the other presets against their references."""
import numpy as np

from loomtools import FIGURES, ROOT
from loomtools.school import SHARED, TOPDOWN
from loomtools.stats import ci, f3, mean_ci
from loomtools.svg import COLOURS, band_series, svg_figure, year_ticks


KEY_OUTCOMES = ["outcome_mean", "outcome_majority", "outcome_underserved", "outcome_gap_change",
                "code_knowledge", "code_knowledge_underserved", "staff_knowledge", "belief_diversity",
                "psychological_safety", "trust_mean", "burnout", "teacher_turnover_rate", "principal_exits",
                "compliance_share", "cycles_completed", "ideas_adopted", "harmful_adoptions",
                "ideas_reversed", "initiatives_collapsed"]


def preset_levers(td, sh):
    """Keys whose resolved values differ between the top-down and shared runs."""
    a, b = td.params, sh.params
    out = []
    for sec in sorted(set(a) | set(b)):
        if sec == "scenario":
            continue
        for key in sorted(set(a.get(sec, {})) | set(b.get(sec, {}))):
            va, vb = a.get(sec, {}).get(key), b.get(sec, {}).get(key)
            if va != vb:
                out.append((f"{sec}.{key}", va, vb))
    return out


def tv(v):
    return str(v).lower() if isinstance(v, bool) else str(v)


def dishonest(r):
    e = r.events
    x = e[(e.kind == "idea_adopted") & e.detail.str.contains("reported as a success")]
    return np.bincount(x.run.to_numpy(), minlength=r.runs).astype(float)


LEVER_MECHANISM = {
    "leadership.learn_from": "whose results the code learns from: `leaders` = the principal and "
        "`insiders` team leads only, `everyone` = every staff member (docs/model.md 3.3.14)",
    "leadership.socialisation_pressure": "March's p1: how fast staff beliefs move to the code; it is "
        "also the pressure term in the checkbox-PDSA chance and, under `decision_inclusion = leaders`, "
        "in the weekly erosion of trust in the principal",
    "leadership.voice_members": "student and family voice members join code learning as candidates; "
        "each holds the underserved group's true value on each divergent dimension with probability "
        "`voice_accuracy` and naive views elsewhere",
    "leadership.study": "one practice layer judged on averages vs one layer per subgroup judged on "
        "that subgroup's results (code learning, PDSA study)",
    "leadership.decision_inclusion": "who picks PDSA ideas and sits on teams: under `staff`, champions "
        "and volunteers choose from their own views, the pressure term of the checkbox chance is halved "
        "and team members gain trust in the principal; under `leaders`, the principal's view picks the "
        "idea, the principal chairs the team and the other members are assigned at random, and trust in "
        "the principal erodes weekly in proportion to pressure",
    "leadership.blame": "chance an honestly reported failure is blamed (trust in the principal and "
        "in the team falls) rather than supported",
    "equity.pause_every_weeks": "equity pauses: review adopted ideas by subgroup, drop or reverse "
        "those judged harmful; meeting load; trust gain or strain",
    "initiatives.champions": "owners per initiative at launch; an initiative collapses (and its "
        "adopted practices fade) when its last champion leaves",
    "initiatives.ownership_growth": "chance a team member of a successful cycle becomes a champion",
    "pdsa.team_size": "people per PDSA team (more load on more people, more ties gaining joint-work trust)",
    "capacity.capacity_building": "yearly growth of everyone's capacity (less overload)",
}


def reading(rows, attrib, td, sh):
    """Plain reading of the lever table: which levers favour which style,
    judged by both directions (moving top-down toward shared, and shared
    back toward top-down)."""
    def direction(key, j):
        da, db = attrib[key][0][j], attrib[key][1][j]
        up = da[1] > 0 and db[2] < 0      # the shared value raises it in both contexts
        down = da[2] < 0 and db[1] > 0    # the shared value lowers it in both contexts
        return "up" if up else "down" if down else "mixed"
    total = rows["outcome_mean"]
    size = lambda k: abs(attrib[k][0][0][0]) + abs(attrib[k][1][0][0])
    ordered = sorted(attrib, key=size, reverse=True)
    helps = [k for k in ordered if direction(k, 0) == "up"]
    hurts = [k for k in ordered if direction(k, 0) == "down"]
    mixed = [k for k in ordered if direction(k, 0) == "mixed"]
    gap_helps = [k for k in ordered if direction(k, 1) == "down"]
    fmt = lambda ks: ", ".join(f"`{k}`" for k in ks) or "none"
    out = [f"**Reading.** Shared leadership ends {'above' if total[0] > 0 else 'below'} top-down on mean "
           f"outcome by {ci(total, 3, True)} SD and differs on the gap change by "
           f"{ci(rows['outcome_gap_change'], 3, True)} SD. Judged by both directions of the lever table "
           "(the shared value must move `outcome_mean` the same way from either preset, with both "
           "intervals excluding zero):", "",
           f"- levers whose shared value raises mean outcomes: {fmt(helps)};",
           f"- levers whose shared value lowers mean outcomes: {fmt(hurts)};",
           f"- levers with a context-dependent or negligible effect: {fmt(mixed)};",
           f"- levers whose shared value narrows the gap (lowers `outcome_gap_change` from both presets): "
           f"{fmt(gap_helps)}.", "",
           "What each lever does in the code:", ""]
    for k in ordered:
        da = attrib[k][0][0]
        out.append(f"- `{k}` ({LEVER_MECHANISM.get(k, 'see docs/model.md')}): top-down with the shared "
                   f"value {ci(da, 3, True)} SD on `outcome_mean`.")
    out.append("")
    notes = []
    if "leadership.socialisation_pressure" in hurts:
        wk1 = np.median(sh.series("code_knowledge")[:, 0])
        notes.append(
            "Low socialisation pressure, part of the shared bundle, costs mean outcomes from either "
            "preset. March's result (slow socialisation ends with more knowledge) is about the code's "
            "equilibrium knowledge; students, though, experience what staff do, and staff take up the "
            "code's knowledge mainly through socialisation (peer learning is slower), so low pressure "
            "delays good practice reaching classrooms; the code itself learns slowly at staff meetings "
            f"(median code knowledge {wk1:.2f} after week 1 under shared leadership). Over five "
            "years the delay outweighs what pressure costs elsewhere (more checkbox cycles and, under "
            "top-down decisions, trust in the principal eroded in proportion to pressure: see the "
            "safety and turnover columns).")
    if "leadership.voice_members" in helps:
        notes.append(
            "Voice members help because each one knows the underserved group's reality on about "
            "`voice_accuracy` of the dimensions where it differs from the majority's; "
            f"under `learn_from = leaders` the shared preset's {sh.param('leadership', 'voice_members')} "
            f"voices join only {td.param('leadership', 'insiders') + 1} staff candidates (the principal "
            "and the insiders). Loom's design "
            "asks for voices that are more accurate about the underserved group's dimensions; the code "
            "makes them accurate about every dimension (see the doubts in docs/model.md).")
    notes.append(
        f"Mechanisms visible in the outcome table: code knowledge differs by {ci(rows['code_knowledge'], 3, True)}; "
        f"the share of checkbox cycles by {ci(rows['compliance_share'], 3, True)}; psychological safety by "
        f"{ci(rows['psychological_safety'], 3, True)}, which below `honest_report_safety` turns failed tests "
        "into reported successes (the events row); teacher turnover by "
        f"{ci(rows['teacher_turnover_rate'], 3, True)} (low trust in the principal and burnout raise exits); "
        f"initiative collapses by {ci(rows['initiatives_collapsed'], 3, True)} per run (top-down cultivates "
        "one champion, the principal, so a principal exit collapses every initiative no teacher has "
        "taken ownership of).")
    out += [" ".join(notes), "",
            "The effects are not additive (levers interact: for example, honest reporting matters only "
            "where cycles are studied, and voice matters most where few staff results count). **The size of the "
            "difference is a property of the assumptions, not a finding.** Most lever magnitudes and "
            "mechanism sizes are marked illustrative in `loom params` (for example "
            "`pdsa.measurement_noise`, `adopt_threshold`, `trust.*` gains and losses, "
            "`peer_learning_rate`, `leadership.blame`, `voice_accuracy`, `capacity.*` loads, "
            "`turnover.burnout_effect`, `leader_trust_effect`, `principal_exit_shock`, `growth_dip`, "
            "`initiatives.ownership_growth`), and the preset bundles themselves are illustrative; only "
            "the turnover base rates (NCES) and March's p1/p2 rules come from data or the literature. "
            "Nothing in the code favours a style directly: each lever only changes who and what the "
            "mechanisms learn from, at what rate, and with what load.", ""]
    return out


def section(loom, n, rng):
    n = max(n, 100)
    out = ["## g. Top-down vs shared leadership, and the other presets", ""]
    out += ["**Claim** (pattern 4 of docs/model.md 1.1). "
            "The direction and size of any difference between top-down "
            "and shared leadership come from the mechanisms and are reported with uncertainty across "
            "replicates, never assumed.", "",
            f"**Method.** `loom compare scenarios/top-down.toml scenarios/shared-leadership.toml -r {n} "
            f"-s {loom.seed}`. Replicate i of both presets draws from the same random streams, so "
            "differences are paired by replicate (shared - top-down), with t intervals computed here "
            "from the summary tables. Trajectories: median and 90% band over replicates. Then each "
            "lever that differs between the two files is switched alone, from top-down to its "
            "shared value and from shared to its top-down value, to see which levers carry the "
            "difference.", "",
            "**Tolerance.** None on the direction: this section reports what the mechanisms produce. "
            "The check is that every difference is stated with its 95% interval, and that the "
            "attribution explains it.", ""]
    res = loom.compare("g: top-down vs shared leadership", [TOPDOWN, SHARED], reps=n, events=True)
    td, sh = res["top-down"], res["shared-leadership"]
    out += ["| outcome (end of year 5; totals over the run) | top-down [95%] | shared leadership [95%] | "
            "shared - top-down, paired [95%] |", "|---|---|---|---|"]
    rows = {}
    for fld in KEY_OUTCOMES:
        a, b = td.summary[fld], sh.summary[fld]
        d = mean_ci(b - a)
        rows[fld] = d
        out.append(f"| `{fld}` | {ci(mean_ci(a))} | {ci(mean_ci(b))} | {ci(d, 3, True)} |")
    dt_, ds_ = dishonest(td), dishonest(sh)
    out.append(f"| failed tests reported as successes and adopted (events) | {ci(mean_ci(dt_), 2)} | "
               f"{ci(mean_ci(ds_), 2)} | {ci(mean_ci(ds_ - dt_), 2, True)} |")
    out.append("")
    # Trajectories.
    panels = []
    for metric, title, ylabel in (("outcome_mean", "Mean outcome", "SD"),
                                  ("outcome_gap", "Gap (majority - underserved)", "SD"),
                                  ("psychological_safety", "Psychological safety", "0-1")):
        panels.append({"title": title, "xlabel": "week (ticks at school years)", "ylabel": ylabel,
                       "xticks": year_ticks(td),
                       "series": [band_series("top-down", COLOURS[1], td.series(metric)),
                                  band_series("shared leadership", COLOURS[0], sh.series(metric))]})
    yrs = np.arange(1, td.years + 1)
    panels.append({"title": "Teacher turnover per school year", "xlabel": "school year", "ylabel": "share of posts",
                   "xticks": list(yrs), "xint": True, "xpad": 0.3,
                   "series": [dict(band_series("top-down", COLOURS[1], td.turnover_by_year(), yrs), points=True, offset=-0.05),
                              dict(band_series("shared leadership", COLOURS[0], sh.turnover_by_year(), yrs), points=True, offset=0.05)]})
    svg_figure(FIGURES / "leadership.svg", panels,
               f"Top-down vs shared leadership (section g): median and 90% band over {n} replicates", ncols=2)
    out += ["![Trajectories under top-down and shared leadership](leadership.svg)", ""]
    wk = [0, td.weeks_per_year - 1, 2 * td.weeks_per_year - 1, td.years * td.weeks_per_year - 1]
    out += ["| weekly metric (median over runs) | " + " | ".join(f"week {w + 1}" for w in wk) + " |",
            "|---|" + "---|" * len(wk)]
    for metric in ("outcome_mean", "outcome_gap", "psychological_safety", "code_knowledge"):
        for name, r in (("top-down", td), ("shared", sh)):
            out.append(f"| `{metric}`, {name} | " + " | ".join(f3(np.median(r.series(metric)[:, w])) for w in wk) + " |")
    out.append("")
    # Lever attribution.
    levers = preset_levers(td, sh)
    out += ["### Which levers carry the difference", "",
            f"Each row changes one lever alone ({n} replicates, paired with the unchanged preset). Left: "
            "top-down with that lever set to its shared value (a positive effect on outcomes means the "
            "lever helps when moved toward shared). Right: shared with the lever set to its top-down "
            "value. Differences are mean [95%].", "",
            "| lever | top-down | shared | top-down + this shared lever: `outcome_mean` | gap change | "
            "safety | turnover | shared + this top-down lever: `outcome_mean` | gap change | safety | turnover |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    fields = ["outcome_mean", "outcome_gap_change", "psychological_safety", "teacher_turnover_rate"]
    attrib = {}
    for key, vt, vs in levers:
        a = loom.run(f"g: top-down + {key}={tv(vs)}", [f"{key}={tv(vs)}"], n, scenario=TOPDOWN)
        b = loom.run(f"g: shared + {key}={tv(vt)}", [f"{key}={tv(vt)}"], n, scenario=SHARED)
        da = [mean_ci(a.summary[f] - td.summary[f]) for f in fields]
        db = [mean_ci(b.summary[f] - sh.summary[f]) for f in fields]
        attrib[key] = (da, db)
        out.append(f"| `{key}` | {tv(vt)} | {tv(vs)} | " + " | ".join(ci(x, 3, True) for x in da) + " | "
                   + " | ".join(ci(x, 3, True) for x in db) + " |")
    out.append("")
    out += reading(rows, attrib, td, sh)
    # Other presets.
    presets = ["compliance-pdsa", "high-poverty-high-turnover", "equity-pauses-off", "equity-pauses-on",
               "overload", "subtraction-game", "new-principal-top-down"]
    res2 = loom.compare("g: other presets (with the defaults as reference)",
                        [loom.defaults] + [ROOT / f"scenarios/{p}.toml" for p in presets], reps=n)
    npsame = loom.run("g: new-principal-top-down with successor_style = same",
                      ["succession.successor_style=same"], n, scenario=ROOT / "scenarios/new-principal-top-down.toml")
    res2["new-principal (successor keeps the style)"] = npsame
    spec = [
        ("compliance-pdsa", "defaults", ["compliance_share", "ideas_adopted", "code_knowledge", "outcome_mean"]),
        ("high-poverty-high-turnover", "defaults", ["teacher_turnover_rate", "principal_exits", "staff_knowledge", "outcome_mean"]),
        ("equity-pauses-off", "defaults", ["outcome_gap_change", "outcome_mean"]),
        ("equity-pauses-on", "equity-pauses-off", ["outcome_gap_change", "outcome_underserved", "outcome_majority", "ideas_reversed"]),
        ("overload", "defaults", ["burnout", "teacher_turnover_rate", "compliance_share", "outcome_mean"]),
        ("subtraction-game", "overload", ["burnout", "teacher_turnover_rate", "compliance_share", "outcome_mean"]),
        ("new-principal-top-down", "new-principal (successor keeps the style)",
         ["outcome_gap_change", "psychological_safety", "teacher_turnover_rate", "code_knowledge_underserved"]),
    ]
    out += ["### Other presets", "",
            f"`loom compare` of the defaults and the presets below ({n} replicates, seed {loom.seed}, all "
            "paired by replicate), plus `new-principal-top-down` rerun with `succession.successor_style = "
            "same` as its reference (the same forced exit at the end of year 2, without the change of "
            "style). Each row: the preset's mean, its reference's mean, and the paired difference.", "",
            "| preset | reference | outcome | preset [95%] | reference [95%] | preset - reference [95%] |",
            "|---|---|---|---|---|---|"]
    for pid, rid, flds in spec:
        p, r = res2[pid], res2[rid]
        for k, fld in enumerate(flds):
            out.append(f"| {'`' + pid + '`' if k == 0 else ''} | {rid if k == 0 else ''} | `{fld}` | "
                       f"{ci(mean_ci(p.summary[fld]))} | {ci(mean_ci(r.summary[fld]))} | "
                       f"{ci(mean_ci(p.summary[fld] - r.summary[fld]), 3, True)} |")
    out += ["", "`equity-pauses-off` sets only values that are already the defaults, so its row against the "
            "defaults must be exactly zero (a check of common random numbers). "
            "`high-poverty-high-turnover` also changes the student make-up (60% underserved, initial gap "
            "0.4 SD), so its outcome differences mix turnover with make-up. `overload` and "
            "`subtraction-game` differ only in `capacity.subtraction_game`. `compliance-pdsa` pairs "
            "top-down levers with high pressure, a stronger pull of pressure toward checkbox cycles and "
            "more cycles per initiative.", ""]
    return "\n".join(out)
