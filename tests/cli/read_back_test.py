"""Reads a `loom compare` results file with plain h5py and pandas, as a
researcher would, and checks the documented layout (docs/output.md)."""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

loom, source = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as work:
    path = os.path.join(work, "comparison.h5")
    subprocess.run([loom, "compare", f"{source}/scenarios/top-down.toml",
                    f"{source}/scenarios/shared-leadership.toml", "-r", "7", "-o", path],
                   check=True, stdout=subprocess.DEVNULL)
    with h5py.File(path, "r") as f:
        assert f.attrs["complete"] == 1
        assert f.attrs["format"] == "loom-results"
        for key in ("loom_version", "git_commit", "build_type", "command_line", "created_utc"):
            assert len(f.attrs[key]) > 0, key
        assert "compare" in f.attrs["command_line"]
        assert sorted(f["scenarios"].keys()) == ["shared-leadership", "top-down"]
        for name, group in f["scenarios"].items():
            metrics = [m.decode() for m in group["metrics"][:]]
            for needed in ("code_knowledge", "code_knowledge_underserved", "staff_knowledge",
                           "belief_diversity", "outcome_majority", "outcome_underserved",
                           "outcome_gap", "teacher_exits", "principal_exits"):
                assert needed in metrics, (name, needed)
            series = group["timeseries"]
            assert series.shape == (7, 180, len(metrics)), series.shape
            assert series.chunks == (1, 180, len(metrics))
            assert series.compression == "gzip"
            assert np.isfinite(series[:]).all()
            weeks = group["week"][:]
            assert (weeks == np.arange(180)).all()
            summary = pd.DataFrame(group["summary"][:])
            assert list(summary["run"]) == list(range(7))
            assert summary["teacher_turnover_rate"].between(0, 1).all()
            # The summary's final values are the last week of the series.
            gap = series[:, -1, metrics.index("outcome_gap")]
            assert np.allclose(summary["outcome_gap"].to_numpy(), gap)
            toml = group["scenario.toml"][()].decode()
            assert "[leadership]" in toml and "socialisation_pressure" in toml
            assert group.attrs["replicates"] == 7
            # The event story and the network snapshots, as plain tables.
            events = pd.DataFrame(group["events"][:])
            assert set(events.columns) == {"run", "week", "school", "kind", "actor", "detail"}
            assert events["run"].between(0, 6).all() and events["week"].between(0, 179).all()
            kinds = set(k.decode() for k in events["kind"])
            assert "initiative_launched" in kinds, kinds
            assert all(len(d) > 20 for d in events["detail"])
            nodes = pd.DataFrame(group["network_nodes"][:])
            edges = pd.DataFrame(group["network_edges"][:])
            assert (nodes["run"] == 0).all() and (edges["run"] == 0).all()  # first replicate only
            assert set(nodes["week"]) == set(edges["week"]) and 0 in set(nodes["week"])
            assert nodes.groupby("week").size().eq(60).all()
            assert edges["trust"].between(0, 1).all()
        assert [s.decode() for s in f["scenario_order"][:]] == ["top-down", "shared-leadership"]
print("ok   results file read with h5py + pandas")
