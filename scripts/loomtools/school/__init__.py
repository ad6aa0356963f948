"""The school model's validation (docs/validation/school.md), one module per
section, run in this order by scripts/validate.py: a_turnover_calibration,
b_turnover_nces, c_principal_exit, d_equity, e_champions, f_learning_core
(March docking and mechanisms off), g_leadership, h_time_scale,
i_evidence (with the joint grid of meeting assumptions), j_implementation_dip,
k_steady_state, l_capacity_load, m_counterfactual (business as usual, the
headline against it year by year, targeting with voices, missing values). Each
has a `section(loom, n, ...)` that runs `loom` and returns the section's
markdown (sections a and b also return their runs, which c reuses). What
several sections share is here."""
from loomtools import ROOT

# NCES annual teacher turnover by school poverty (the base-rate anchors).
NCES = {0.125: 0.14, 0.5: 0.16, 0.875: 0.21}
TOPDOWN, SHARED = ROOT / "scenarios/top-down.toml", ROOT / "scenarios/shared-leadership.toml"


def school_presets():
    out = []
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        text = path.read_text()
        if 'model = "march"' in text:
            continue
        out.append(path)
    return out
