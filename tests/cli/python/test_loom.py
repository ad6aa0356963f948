"""`import loom` (cli/python) against the `loom` command, with pytest.

    LOOM=build/release/cli/loom PYTHONPATH=build/release/python python3 -m pytest tests/cli/python

The module runs the same engine in-process, so for the same scenario and
seed its numbers must equal, bit for bit, what `loom run`, `loom compare`
and `loom sweep` write (compared exactly: NaN where the file has NaN).
"""
import math
import os
import subprocess
import sys
import threading
import time

import h5py
import numpy as np
import pandas as pd
import pytest

import loom

LOOM = os.environ["LOOM"]


def cli(*args):
    r = subprocess.run([LOOM, *map(str, args)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r


def same(a, b):
    """Equal arrays, NaN equal to NaN (a missing value stays missing)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


def test_run_equals_the_command_line(tmp_path):
    out = tmp_path / "run.h5"
    cli("run", "shared-leadership", "-r", 4, "-s", 7, "-q", "--format", "none", "-o", out)
    r = loom.run("shared-leadership", replicates=4, seed=7)
    assert list(r.summary.columns[:2]) == ["scenario", "run"]
    assert list(r.summary["run"]) == [0, 1, 2, 3]
    with h5py.File(out, "r") as f:
        g = f["scenarios/shared-leadership"]
        table = g["summary"][()]
        fields = [n for n in table.dtype.names if n != "run"]
        assert fields == list(r.summary.columns[2:])
        for name in fields:
            assert same(r.summary[name], table[name]), name
        series = g["timeseries"][()]
        metrics = [m.decode() for m in g["metrics"][()]]
        assert list(r.timeseries["metric"].values) == metrics
        assert same(r.timeseries.values, series)
        events = g["events"][()]
        assert len(r.events) == len(events)
        assert list(r.events["kind"]) == [k.decode().rstrip("\0") for k in events["kind"]]
        assert list(r.events["week"]) == list(events["week"])


def test_compare_with_a_baseline_pairs_the_runs(tmp_path):
    out = tmp_path / "compare.h5"
    cli("compare", "top-down", "shared-leadership", "--baseline", "business-as-usual", "-r", 3,
        "-s", 11, "-q", "--format", "none", "-o", out)
    c = loom.compare(["top-down", "shared-leadership"], replicates=3, seed=11,
                     baseline="business-as-usual")
    assert list(c.scenarios["id"]) == ["top-down", "shared-leadership", "business-as-usual"]
    assert list(c.scenarios["role"]) == ["scenario", "scenario", "baseline"]
    assert (c.scenarios["seed"] == 11).all()
    assert c.timeseries.dims == ("scenario", "run", "week", "metric")
    with h5py.File(out, "r") as f:
        for sid in c.scenarios["id"]:
            table = f[f"scenarios/{sid}/summary"][()]
            mine = c.summary[c.summary["scenario"] == sid]
            assert same(mine["outcome_mean"], table["outcome_mean"]), sid
    means = c.mean("outcome_mean")
    assert list(means.index) == list(c.scenarios["id"])


def test_results_do_not_depend_on_threads():
    one = loom.run("top-down", replicates=4, seed=3, threads=1)
    two = loom.run("top-down", replicates=4, seed=3, threads=2)
    assert same(one.summary.iloc[:, 2:], two.summary.iloc[:, 2:])
    assert same(one.timeseries.values, two.timeseries.values)


def test_set_overrides_and_bad_input():
    base = loom.run("top-down", replicates=2, seed=5)
    low = loom.run("top-down", replicates=2, seed=5, set={"capacity.initial_capacity": 2.5})
    alias = loom.run("top-down", replicates=2, seed=5, set={"capacity__initial_capacity": 2.5})
    assert not same(base.summary.iloc[:, 2:], low.summary.iloc[:, 2:])
    assert same(low.summary.iloc[:, 2:], alias.summary.iloc[:, 2:])
    with pytest.raises(ValueError, match="did you mean 'capacity.initial_capacity'"):
        loom.run("top-down", replicates=1, set={"capacity.initial_capacty": 3})
    with pytest.raises(ValueError, match="allowed"):
        loom.run("top-down", replicates=1, set={"capacity.initial_capacity": -4})
    with pytest.raises(ValueError, match="no scenario file or preset named 'no-such-preset'"):
        loom.run("no-such-preset")


def test_params_presets_and_models():
    table = loom.params("school")
    row = table.set_index("key").loc["capacity.initial_capacity"]
    assert row["kind"] == "real" and row["min"] < row["default"] < row["max"]
    assert {"label", "description", "source", "unit"} <= set(table.columns)
    assert set(loom.params()["model"]) == set(loom.models())
    assert "shared-leadership" in loom.presets() and "top-down" in loom.presets()


def test_sweep_equals_the_command_line(tmp_path):
    spec = tmp_path / "small.toml"
    spec.write_text('[sweep]\nmodel = "ishigami"\ndesign = "sobol"\nsamples = 16\n'
                    'replicates = 1\nseed = 4\n[factors]\n'
                    '"ishigami.x1" = { min = -3.0, max = 3.0 }\n'
                    '"ishigami.x2" = { min = -3.0, max = 3.0 }\n')
    out = tmp_path / "cli.h5"
    cli("sweep", spec, "-o", out, "-q")
    s = loom.sweep(spec)
    assert s.file is None and s.design == "sobol" and s.factors == ["ishigami.x1", "ishigami.x2"]
    assert len(s.runs) == 16 * 4 and len(s.table) == len(s.runs)
    with h5py.File(out, "r") as f:
        runs = f["sweep/runs"][()]
        assert same(s.runs["y"], runs["y"])
        assert same(s.points["ishigami.x1"], f["sweep/points"][()]["ishigami.x1"])
    kept = tmp_path / "kept.h5"
    s2 = loom.sweep(spec, output=kept)
    assert kept.exists() and s2.file == kept
    analyzed = subprocess.run([LOOM, "analyze", kept, "--field", "y", "--json"],
                              capture_output=True, text=True)
    assert analyzed.returncode == 0, analyzed.stderr


def test_model_for_salib_and_the_ema_workbench():
    m = loom.Model("top-down", outputs=["outcome_mean", "burnout"], replicates=2, seed=9)
    assert m.model == "school"
    a = m(**{"capacity.initial_capacity": 4.0})
    assert set(a) == {"outcome_mean", "burnout"} and all(math.isfinite(v) for v in a.values())
    # Same parameters, same seed: the same answer (common random numbers).
    assert m(capacity__initial_capacity=4.0) == a
    problem = m.problem(["capacity.initial_capacity", "trust.honest_report_safety"])
    assert problem["num_vars"] == 2 and all(lo < hi for lo, hi in problem["bounds"])
    X = np.array([[4.0, 0.5], [6.0, 0.7]])
    Y = m.evaluate(X, problem["names"])
    assert Y.shape == (2, 2)
    assert Y[0, 0] == m(**{"capacity.initial_capacity": 4.0,
                           "trust.honest_report_safety": 0.5})["outcome_mean"]
    with pytest.raises(ValueError, match="no summary field"):
        loom.Model("top-down", outputs=["nope"], replicates=1)()


def test_the_gil_is_released_while_runs_compute():
    # Another Python thread keeps running during loom.run: with the GIL held
    # for the whole call it would not run at all until the call returned.
    done = threading.Event()
    result = {}

    def work():
        t = time.perf_counter()
        loom.run("shared-leadership", replicates=16, seed=1, threads=1)
        result["seconds"] = time.perf_counter() - t
        done.set()

    worker = threading.Thread(target=work)
    ticks = 0
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # At least a tenth of the ticks the run's time allows (1 ms sleeps; a
    # loaded machine stretches them), where a held GIL allows about one.
    assert ticks > max(5, result["seconds"] * 1000 / 10), (ticks, result["seconds"])


def test_timeseries_without_xarray(monkeypatch):
    with_xarray = loom.run("top-down", replicates=2, seed=2).timeseries
    monkeypatch.setitem(sys.modules, "xarray", None)  # import xarray now fails
    r = loom.run("top-down", replicates=2, seed=2)
    assert isinstance(r.timeseries, dict) and "outcome_mean" in r.timeseries
    table = r.timeseries["outcome_mean"]  # weeks x runs
    assert isinstance(table, pd.DataFrame) and list(table.columns) == [0, 1]
    assert same(table.values.T, with_xarray.sel(metric="outcome_mean").values)
