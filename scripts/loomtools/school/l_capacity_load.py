"""Section l: a phase diagram of the leadership difference over teachers'
capacity and the school's initiative load (reported, not pass/fail)."""
from loomtools import FIGURES
from loomtools.school import SHARED, TOPDOWN
from loomtools.stats import ci, paired
from loomtools.svg import heatmap_svg


def section(loom, n):
    reps = min(n, 100)
    caps = [2.5, 3.75, 5.0, 7.5, 10.0]
    loads = [0, 1, 2, 3, 4]
    out = ["## l. Capacity x initiative load: where the leadership difference holds", ""]
    out += ["**Question.** Does shared leadership's advantage depend on how much time teachers have and "
            "how much new work the school takes on? Shared leadership spends more meeting time (bigger "
            "teams, equity pauses, a practice per group), so it may pay only when there is room for it.", "",
            f"**Method.** `loom compare top-down shared-leadership` over a grid of "
            f"`capacity.initial_capacity` ({', '.join(f'{c:g}' for c in caps)} hours a week for improvement "
            f"work; 5 is the default) x `initiatives.new_per_year` ({', '.join(str(l) for l in loads)}), "
            f"both presets with the same values, {reps} replicates paired by replicate. Cells: shared minus "
            "top-down after 5 years, mean outcome (SD), with the 95% interval.", ""]
    diff_mean = [[0.0] * len(loads) for _ in caps]
    sig_mean = [[False] * len(loads) for _ in caps]
    diff_gap = [[0.0] * len(loads) for _ in caps]
    sig_gap = [[False] * len(loads) for _ in caps]
    cells = {}
    for i, cap in enumerate(caps):
        for j, load in enumerate(loads):
            res = loom.compare(f"l: capacity {cap:g} h, {load} new initiatives a year", [TOPDOWN, SHARED],
                               [f"capacity.initial_capacity={cap}", f"initiatives.new_per_year={load}"], reps)
            td, sh = res["top-down"], res["shared-leadership"]
            dm = paired(td.summary.outcome_mean, sh.summary.outcome_mean)
            dg = paired(td.summary.outcome_gap, sh.summary.outcome_gap)
            diff_mean[i][j], sig_mean[i][j] = dm[0], dm[1] > 0 or dm[2] < 0
            diff_gap[i][j], sig_gap[i][j] = dg[0], dg[1] > 0 or dg[2] < 0
            cells[(cap, load)] = (dm, dg)
    out += ["| capacity (h/week) \\ new initiatives a year | " + " | ".join(str(l) for l in loads) + " |",
            "|---" * (len(loads) + 1) + "|"]
    for cap in caps:
        out.append(f"| {cap:g} | " + " | ".join(ci(cells[(cap, l)][0], 3, True) for l in loads) + " |")
    legend = "blue: shared leadership ahead; red: top-down ahead; bold: 95% interval excludes 0"
    heatmap_svg(FIGURES / "phase_mean.svg", "Shared minus top-down, mean outcome after 5 years (SD)", legend,
                loads, caps, diff_mean, sig_mean, "new initiatives a year", "capacity (hours a week)")
    heatmap_svg(FIGURES / "phase_gap.svg", "Shared minus top-down, achievement gap after 5 years (SD)", legend,
                loads, caps, [[-v for v in row] for row in diff_gap], sig_gap, "new initiatives a year",
                "capacity (hours a week)")
    ahead = sum(1 for i in range(len(caps)) for j in range(len(loads)) if sig_mean[i][j] and diff_mean[i][j] > 0)
    behind = sum(1 for i in range(len(caps)) for j in range(len(loads)) if sig_mean[i][j] and diff_mean[i][j] < 0)
    gap_smaller = sum(1 for i in range(len(caps)) for j in range(len(loads)) if sig_gap[i][j] and diff_gap[i][j] < 0)
    out += ["", f"Shared leadership is significantly ahead on the mean in {ahead} of {len(caps) * len(loads)} "
            f"cells and significantly behind in {behind}; it leaves a significantly smaller gap in "
            f"{gap_smaller}. The gap figure shows the gap difference with its sign flipped (blue = smaller gap "
            "under shared leadership).", "",
            "![Phase diagram, mean outcome](phase_mean.svg)", "",
            "![Phase diagram, gap](phase_gap.svg)", "",
            "Reported, not pass/fail: this maps where the headline holds under the model's assumptions "
            "about time and load (hours anchored to TALIS 2018; what a teacher can give to improvement "
            "work, and what each activity costs, are Loom assumptions).", ""]
    return "\n".join(out)
