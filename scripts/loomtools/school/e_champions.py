"""Section e: the chance that an initiative collapses after a key departure
falls as its champions rise."""
import re

import numpy as np

from loomtools import FIGURES
from loomtools.report import verdict
from loomtools.stats import boot_ci, ci, mean_ci
from loomtools.svg import COLOURS, svg_figure


# "..., a champion of initiative 2, left; 3 champions remain." / "...; no champion remains."
CHAMPION_LEFT = re.compile(r"champion of initiative (\d+), left; (no|\d+) champion")


COLLAPSED = re.compile(r"Initiative (\d+) collapsed")


def section(loom, n, rng):
    out = ["## e. Champions and initiative collapse", ""]
    out += ["**Claim** (pattern 6 of docs/model.md 1.1; HTH GSE CREI n.d.). "
            "The chance that an initiative collapses after a key "
            "departure falls as the number of champions rises.", "",
            f"**Method.** The default school with `initiatives.champions` = 1..5 ({n} replicates each, "
            "paired by replicate). Two measures: (1) the share of initiatives that collapse, summary "
            "`initiatives_collapsed` / `initiatives_launched` summed over runs (of the 7 launched per run, "
            "the one launched in the final summer cannot collapse within the run); (2) the chance that a "
            "champion's departure collapses the initiative, from the events table: `champion_left` events "
            "followed by an `initiative_collapsed` event for the same initiative and week, over all "
            "`champion_left` events. Ownership grows during the run (`ownership_growth`), so champions "
            "per initiative can exceed the number cultivated at launch. 95% intervals by a bootstrap over "
            "runs (2,000 resamples).", "",
            "**Tolerance.** Both measures must fall at every step from 1 to 5 champions, with the 95% "
            "intervals of neighbouring steps not overlapping. The rate at which departures happen "
            "comes from turnover (sections a-b); the collapse rule itself has no tunable size.", ""]
    out += ["| champions at launch | initiatives collapsed / launched | champion departures | P(collapse \\| a champion leaves) | "
            "mean champions per active initiative | `outcome_mean` | `code_knowledge` |",
            "|---|---|---|---|---|---|---|"]
    share_ci, dep_ci, outcomes = [], [], []
    for c in range(1, 6):
        r = loom.run(f"e: champions = {c}", [f"initiatives.champions={c}"], n, events=True)
        s = r.summary
        coll, laun = s["initiatives_collapsed"].to_numpy(), s["initiatives_launched"].to_numpy()
        share = boot_ci(lambda idx: coll[idx].sum() / laun[idx].sum(), r.runs, rng)
        ev = r.events
        left = ev[ev.kind == "champion_left"]
        col = ev[ev.kind == "initiative_collapsed"]
        collapsed_keys = {(a, w, int(COLLAPSED.search(d).group(1)))
                          for a, w, d in zip(col.run, col.week, col.detail)}
        per_run_dep = np.zeros(r.runs)
        per_run_col = np.zeros(r.runs)
        for a, w, d in zip(left.run, left.week, left.detail):
            m = CHAMPION_LEFT.search(d)
            per_run_dep[a] += 1
            remaining = 0 if m.group(2) == "no" else int(m.group(2))
            if (a, w, int(m.group(1))) in collapsed_keys and remaining == 0:
                per_run_col[a] += 1
        dep = boot_ci(lambda idx: per_run_col[idx].sum() / max(per_run_dep[idx].sum(), 1), r.runs, rng)
        share_ci.append(share)
        dep_ci.append(dep)
        outcomes.append(s["outcome_mean"].to_numpy())
        champs = r.series("champions_per_initiative")
        active = r.series("initiatives_active") > 0
        out.append(f"| {c} | {ci(share)} | {int(per_run_dep.sum())} | {ci(dep)} | "
                   f"{champs[active].mean():.2f} | {ci(mean_ci(s['outcome_mean']))} | "
                   f"{ci(mean_ci(s['code_knowledge']))} |")
    ok = all(share_ci[i + 1][2] < share_ci[i][1] for i in range(4)) and \
        all(dep_ci[i + 1][2] < dep_ci[i][1] for i in range(4))
    out += ["", verdict(ok, "Both measures fall at every step, with non-overlapping intervals.",
                        "The fall is not established at every step (overlapping intervals); see the table."), ""]
    d_out = mean_ci(outcomes[4] - outcomes[0])
    if d_out[2] < 0 or (d_out[1] <= 0 <= d_out[2]):
        effect = ("slightly lowers" if d_out[2] < 0 else "does not detectably change")
        out += [f"More champions keep initiatives alive, but in this model that {effect} outcomes "
                f"(`outcome_mean`, 5 champions - 1, paired: {ci(d_out, 3, True)} SD): an initiative that "
                "survives keeps adding load (`capacity.initiative_load` for everyone, `cycle_load` for "
                "its team), and when a collapse makes practices fade (`fade_on_collapse`), code learning "
                "from superior performers can learn them again.", ""]
    else:
        out += [f"More champions also raise outcomes (`outcome_mean`, 5 champions - 1, paired: "
                f"{ci(d_out, 3, True)} SD).", ""]
    panels = [{"title": "Share of initiatives that collapse", "xlabel": "champions cultivated at launch",
               "ylabel": "collapsed / launched", "xticks": [1, 2, 3, 4, 5], "xint": True, "xpad": 0.3,
               "series": [{"label": "initiatives collapsed / launched", "colour": COLOURS[0], "points": True,
                           "x": np.arange(1, 6), "y": [v[0] for v in share_ci],
                           "lo": [v[1] for v in share_ci], "hi": [v[2] for v in share_ci]}]},
              {"title": "Chance a champion's departure collapses it", "xlabel": "champions cultivated at launch",
               "ylabel": "P(collapse | champion leaves)", "xticks": [1, 2, 3, 4, 5], "xint": True, "xpad": 0.3,
               "series": [{"label": "P(collapse | a champion leaves)", "colour": COLOURS[1], "points": True,
                           "x": np.arange(1, 6), "y": [v[0] for v in dep_ci],
                           "lo": [v[1] for v in dep_ci], "hi": [v[2] for v in dep_ci]}]}]
    svg_figure(FIGURES / "champions.svg", panels, f"Champions (section e): {n} replicates each, 95% CI", ncols=2)
    out += ["![Collapse by number of champions](champions.svg)", ""]
    return "\n".join(out)
