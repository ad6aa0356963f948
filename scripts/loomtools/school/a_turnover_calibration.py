"""Section a: with neutral modifiers the measured teacher and principal
turnover equal the configured base rates (within sampling error)."""
import math

from loomtools.report import verdict
from loomtools.school import NCES
from loomtools.stats import ci, mean_ci


NEUTRAL = ["turnover.modifiers=false", "turnover.principal_exit_shock=0"]


def section(loom, n):
    out = ["## a. Turnover calibration with neutral modifiers", ""]
    out += ["**Claim** (pattern 2 of docs/model.md 1.1; Goldring, Taie & Riddles 2014; NCES 2008). "
            "With neutral modifiers (`turnover.modifiers = false`, "
            "`turnover.principal_exit_shock = 0`) the measured annual teacher turnover equals the base "
            "rate for the school's poverty (0.16 at poverty 0.5), within sampling error; the principal "
            "leaves at `principal_exit_rate` (0.18).", "",
            "**Method.** The default school with the two overrides, at poverty 0.5 (the calibration point) "
            "and at the two NCES anchors 0.125 and 0.875 (checking the log-odds interpolation of the base "
            "rate). Measured rate = all teacher exits (mid-year and summer) / (teachers x years x "
            f"replicates), {n} replicates. Interval: rate +/- 1.96 binomial standard errors over "
            "teacher-years, sqrt(p0 (1 - p0) / teacher-years) at the configured p0; the "
            "replicate-clustered interval (t over per-run rates) is shown beside it.", "",
            "**Tolerance.** The configured rate must lie inside the 95% binomial interval "
            "(|z| < 1.96). With hundreds of thousands of teacher-years this detects a bias of about "
            "0.2 percentage points, far finer than the NCES figures themselves (rounded to whole "
            "percent), so passing means the exit draws implement the configured rate.", ""]
    out += ["| poverty | configured base rate | teacher-years | measured rate [95% binomial] | "
            "clustered 95% | z | per year 1..5 |", "|---|---|---|---|---|---|---|"]
    ok_all = True
    store = {}
    for pov in (0.5, 0.125, 0.875):
        r = loom.run(f"a: neutral turnover, poverty {pov}", NEUTRAL + [f"school.poverty={pov}"], n)
        p0 = NCES[pov]
        ty = r.teachers * r.years * r.runs
        exits = r.summary["teacher_exits"].sum()
        rate = exits / ty
        se = math.sqrt(p0 * (1 - p0) / ty)
        z = (rate - p0) / se
        ok = abs(z) < 1.96
        ok_all &= ok
        per_year = r.turnover_by_year().mean(0)
        clustered = mean_ci(r.summary["teacher_turnover_rate"])
        out.append(f"| {pov} | {p0:.2f} | {ty:,} | {rate:.4f} [{rate - 1.96 * se:.4f}, {rate + 1.96 * se:.4f}] | "
                   f"{ci(clustered, 4)} | {z:+.2f} | {', '.join(f'{v:.3f}' for v in per_year)} |")
        store[pov] = r
        if pov == 0.5:
            pe = r.summary["principal_exits"].sum()
            py = r.years * r.runs
            prate, pse = pe / py, math.sqrt(0.18 * 0.82 / py)
            pz = (prate - 0.18) / pse
    out += ["", f"Principal (poverty 0.5 run): {int(pe)} exits in {py:,} principal-years = {prate:.4f} "
            f"[{prate - 1.96 * pse:.4f}, {prate + 1.96 * pse:.4f}] a year for a configured 0.18 (z = {pz:+.2f}).", ""]
    ok_all &= abs(pz) < 1.96
    out.append(verdict(ok_all, "Every configured rate lies inside its 95% sampling interval, and the "
                       "per-year rates are flat, as they must be with neutral modifiers.",
                       "At least one measured rate lies outside its 95% sampling interval (|z| >= 1.96); "
                       "with three teacher rates and one principal rate, one such miss in four happens by "
                       "chance about 19% of the time, so check with another `--seed` before suspecting "
                       "the exit draws."))
    out.append("")
    return "\n".join(out), store
