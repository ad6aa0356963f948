"""Section i: PDSA cycles raise outcomes under shared leadership, and what
they learn depends on the quality of the evidence and on honest reporting."""
from loomtools.report import verdict
from loomtools.school import SHARED
from loomtools.stats import ci, f3, paired


def section(loom, n):
    reps = min(n, 400)
    out = ["## i. Learning through evidence: PDSA, its quality and trust", ""]
    out += ["**Claim** (Langley et al. 2009; Bryk et al. 2015). Under shared leadership, running PDSA "
            "cycles raises student outcomes over not running them, and what the cycles learn depends on "
            "the quality of the evidence (test scale, measurement noise) and on honest reporting of "
            "failures (which needs psychological safety).", "",
            f"**Method.** The shared-leadership preset, {reps} replicates, each change against the preset "
            "itself, paired by replicate (same random streams). Outcome = `outcome_mean` after 5 years "
            "(SD).", "",
            "**Tolerance.** PDSA on minus off: the 95% interval must lie above 0. The quality levers are "
            "reported (direction and size), not pass/fail.", "",
            "| change from the shared-leadership preset | outcome_mean, preset | changed | difference [95%] | "
            "code knowledge difference [95%] |", "|---|---|---|---|---|"]
    base = loom.run("i: shared leadership", (), reps, scenario=SHARED)
    rows = [("PDSA off (`pdsa.enabled=false`)", ["pdsa.enabled=false"]),
            ("tests 4x larger (`pdsa.test_scale=8`)", ["pdsa.test_scale=8"]),
            ("noisier measures (`pdsa.measurement_noise=3`)", ["pdsa.measurement_noise=3"]),
            ("failures never reported honestly (`trust.honest_report_safety=1`, safety below it)",
             ["trust.honest_report_safety=1"]),
            ("trust off (`trust.enabled=false`)", ["trust.enabled=false"]),
            ("no peer learning (`trust.peer_learning_rate=0`)", ["trust.peer_learning_rate=0"])]
    ok = True
    for label, sets in rows:
        r = loom.run(f"i: shared + {' '.join(sets)}", sets, reps, scenario=SHARED)
        d = paired(base.summary.outcome_mean, r.summary.outcome_mean)
        dk = paired(base.summary.code_knowledge, r.summary.code_knowledge)
        if sets == ["pdsa.enabled=false"]:
            ok = d[2] < 0  # off is lower: on - off > 0
            pdsa_effect = (-d[0], -d[2], -d[1])
        out.append(f"| {label} | {f3(base.summary.outcome_mean.mean())} | {f3(r.summary.outcome_mean.mean())} | "
                   f"{ci(d, 3, True)} | {ci(dk, 3, True)} |")
    out += ["", f"PDSA on minus off: {ci(pdsa_effect, 3, True)} SD.", "",
            verdict(ok, "The improvement method adds to what the school achieves: the interval of PDSA on "
                    "minus off lies above 0.", "PDSA on does not beat PDSA off with an interval above 0."),
            "", "The global sensitivity of the headline (docs/sensitivity.md) ranks the PDSA and trust "
            "parameters among the others.", ""]
    return "\n".join(out)
