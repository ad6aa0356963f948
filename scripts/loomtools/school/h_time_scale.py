"""Section h: the school's shared way takes years to build, not weeks."""
from loomtools.report import verdict
from loomtools.school import school_presets


def section(loom, n):
    reps = min(n, 200)
    out = ["## h. Time scale: the shared way takes years", ""]
    out += ["**Claim** (Fixsen et al. 2005; Hall & Hord 2015). Full implementation of a school-wide "
            "practice takes two to four years. The school's shared way (March's code) changes only at "
            "decision points: staff meetings every `meetings.every_weeks` weeks that take up at most "
            "`meetings.agenda_items` practices from results seen with noise, and PDSA act steps.", "",
            f"**Method.** Every school preset, {reps} replicates, from a blank start "
            "(`school.history_years = 0`: the school builds its shared way during the run, as one "
            "taking on a new way of teaching would; with the default history the shared way is already "
            "built at week 0 and there is no implementation to time). Code knowledge (the share of "
            "practices the shared way gets right, weighted by student group) after 6 weeks, at the end "
            "of year 1 and at the end of year 5; the best year-end level of years 2-5 for presets whose "
            "successor undoes the work.", "",
            "**Tolerance.** After 6 weeks under a quarter of the year-5 level, and at the end of year 1 "
            "under 80% of the best later year-end level, under every preset. (March's rule run weekly, "
            "the docking mode, gives about half of the final level after one week.)", "",
            "| preset | week 6 | end of year 1 | end of year 5 | week 6 / year 5 | year 1 / best later | "
            "within tolerance |", "|---|---|---|---|---|---|---|"]
    ok_all = True
    for path in school_presets():
        r = loom.run(f"h: {path.stem}, blank start", ["school.history_years=0"], reps, scenario=path)
        ck = r.series("code_knowledge")
        wk6, y1, y5 = ck[:, 5].mean(), ck[:, r.weeks_per_year - 1].mean(), ck[:, -1].mean()
        best = max(ck[:, r.weeks_per_year * y - 1].mean() for y in range(2, r.years + 1))
        ok = wk6 < 0.25 * y5 and y1 < 0.8 * best
        ok_all &= ok
        out.append(f"| `{path.stem}` | {wk6:.3f} | {y1:.3f} | {y5:.3f} | {wk6 / y5:.2f} | {y1 / best:.2f} | "
                   f"{'yes' if ok else '**no**'} |")
    out += ["", verdict(ok_all, "Under every preset the shared way builds over years, not weeks.",
                        "At least one preset builds its shared way faster than the tolerance allows."),
            "", "The sizes of `every_weeks` (9), `agenda_items` (1) and `observation_noise` (5) are Loom "
            "assumptions; the tolerance is what the implementation literature supports, not a fit to data.", ""]
    return "\n".join(out)
