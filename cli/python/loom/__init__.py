"""Loom from Python: run scenarios, comparisons and sweeps, and get pandas tables.

    import loom
    r = loom.run("shared-leadership", replicates=8, seed=1)
    r.summary                      # one row per run, the numbers `loom run` writes
    r.timeseries                   # xarray DataArray run x week x metric
    c = loom.compare(["top-down", "shared-leadership"], baseline="business-as-usual")
    loom.params("school")          # the parameter table, one row per parameter

The engine is the same C++ code as the `loom` command (the _loom extension),
so the same scenario and seed give the same numbers. docs/python.md walks
through it, with SALib and EMA Workbench examples.
"""
import math
import os
import tempfile
from dataclasses import dataclass, field

# Idle OpenMP threads sleep instead of spinning (as the loom command does):
# libgomp reads this once, when _loom loads it, so it is set before.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import _loom  # noqa: E402

__version__ = _loom.__version__
__all__ = ["run", "compare", "sweep", "params", "presets", "models", "Model", "Result",
           "SweepResult"]


def _set_list(values):
    """{"section.key": value} -> ["section.key=value", ...] for the engine."""
    out = []
    for key, value in (values or {}).items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (int, np.integer)):
            text = str(int(value))
        elif isinstance(value, (float, np.floating)):
            if not math.isfinite(value):
                raise ValueError(f"{key}: {value} is not a finite number")
            text = repr(float(value))
        else:
            text = str(value)
        out.append(f"{key.replace('__', '.')}={text}")
    return out


@dataclass
class Result:
    """Runs of one or more scenarios, as tables.

    summary     DataFrame: scenario, run, then every summary field (NaN where a
                value is undefined in a run, never a stand-in number)
    timeseries  xarray DataArray (run, week, metric) for one scenario and
                (scenario, run, week, metric) for several; without xarray a
                dict {metric: DataFrame week x run} (per scenario for several)
    events      DataFrame: scenario, run, week, school, kind, actor, detail
    scenarios   DataFrame: id, name, description, model, role, seed, replicates
    """
    summary: pd.DataFrame
    timeseries: object
    events: pd.DataFrame
    scenarios: pd.DataFrame
    resolved: dict = field(repr=False)  # scenario id -> the TOML it ran
    warnings: list = field(default_factory=list)

    def mean(self, field_name):
        """Mean of a summary field per scenario (a Series)."""
        return self.summary.groupby("scenario", sort=False)[field_name].mean()


def _timeseries(parts, single):
    try:
        import xarray as xr
    except ImportError:
        xr = None
    if xr is None:
        tables = {}
        for p in parts:
            steps = range(p["series"].shape[1])
            tables[p["id"]] = {
                m: pd.DataFrame(p["series"][:, :, j].T, index=pd.Index(steps, name=p["time_label"]))
                for j, m in enumerate(p["metrics"])}
        return tables[parts[0]["id"]] if single else tables

    def one(p):
        return xr.DataArray(p["series"], dims=("run", p["time_label"], "metric"),
                            coords={"run": np.arange(p["series"].shape[0]),
                                    p["time_label"]: np.arange(p["series"].shape[1]),
                                    "metric": p["metrics"]},
                            attrs={"scenario": p["id"], "steps_per_year": p["steps_per_year"]})

    arrays = [one(p) for p in parts]
    if single:
        return arrays[0]
    first = parts[0]
    same = all(p["series"].shape == first["series"].shape and p["metrics"] == first["metrics"]
               and p["time_label"] == first["time_label"] for p in parts)
    if not same:  # different models, lengths or replicate counts: one array each
        return {p["id"]: a for p, a in zip(parts, arrays)}
    return xr.concat(arrays, dim=pd.Index([p["id"] for p in parts], name="scenario"))


def _result(parts, single):
    summaries, events = [], []
    for p in parts:
        s = pd.DataFrame(p["summary"], columns=p["summary_fields"])
        s.insert(0, "run", np.arange(len(s)))
        s.insert(0, "scenario", p["id"])
        summaries.append(s)
        e = pd.DataFrame(p["events"])
        e.insert(0, "scenario", p["id"])
        events.append(e)
    info = pd.DataFrame([{k: p[k] for k in ("id", "name", "description", "model", "role", "seed",
                                            "replicates")} for p in parts])
    return Result(summary=pd.concat(summaries, ignore_index=True),
                  timeseries=_timeseries(parts, single),
                  events=pd.concat(events, ignore_index=True),
                  scenarios=info,
                  resolved={p["id"]: p["resolved"] for p in parts},
                  warnings=[w for p in parts for w in p["warnings"]])


def run(scenario, replicates=None, seed=None, set=None, threads=0):
    """Runs one scenario (a preset name such as "shared-leadership", or a .toml
    path) and returns a Result. replicates, seed: override the scenario's;
    set: {"section.key": value} as `loom run --set` ("section__key" works too,
    for tools that want identifiers); threads: 0 = all cores. Bad input raises
    ValueError with the same message as the loom command."""
    parts = _loom.run([str(scenario)], replicates, seed, _set_list(set), threads, None)
    return _result(parts, single=True)


def compare(scenarios, replicates=None, seed=None, set=None, threads=0, baseline=None):
    """Runs several scenarios (as `loom compare`); with baseline (the
    counterfactual, e.g. "business-as-usual") also that one, with the first
    scenario's seed and replicates so its runs pair with theirs. One Result
    whose tables have a scenario column (the baseline's role is "baseline")."""
    parts = _loom.run([str(s) for s in scenarios], replicates, seed, _set_list(set), threads,
                      None if baseline is None else str(baseline))
    return _result(parts, single=False)


@dataclass
class SweepResult:
    """A finished sweep: points (point, factor values, u:<factor> design
    coordinates), runs (unit, point, replicate, summary fields) and table,
    the two joined (one row per run with its factor values)."""
    points: pd.DataFrame
    runs: pd.DataFrame
    table: pd.DataFrame
    factors: list
    design: str
    model: str
    replicates: int
    file: object  # the results file, or None when it was temporary


def sweep(spec, output=None, threads=0, resume=False, force=False):
    """Runs a sweep file (docs/sweeps.md) as `loom sweep SPEC -o OUTPUT`
    and returns a SweepResult. Without output the results file is temporary;
    with it, the file stays (for loom analyze) and resume continues an
    interrupted sweep."""
    with tempfile.TemporaryDirectory(prefix="loom-sweep-") as tmp:
        path = str(output) if output is not None else os.path.join(tmp, "sweep.h5")
        d = _loom.sweep(str(spec), path, threads, resume, force)
    points, runs = pd.DataFrame(d["points"]), pd.DataFrame(d["runs"])
    return SweepResult(points=points, runs=runs, table=runs.merge(points, on="point"),
                       factors=list(d["factors"]), design=d["design"], model=d["model"],
                       replicates=d["replicates"], file=output)


def params(model=None):
    """The parameter table of a model ("school", "network", "march",
    "ishigami"), or of every model: one row per parameter with its key
    ("section.key", what set= and sweeps take), kind, default, min, max,
    unit, label, description and source."""
    import json
    doc = json.loads(_loom.params_json([model] if model else []))
    rows = []
    for m in doc["models"]:
        for s in m["sections"]:
            for p in s["parameters"]:
                row = {"model": m["name"], "section": s["name"], "key": f"{s['name']}.{p['key']}"}
                row.update({k: v for k, v in p.items() if k != "key"})
                rows.append(row)
    return pd.DataFrame(rows)


def presets():
    """The preset scenarios installed with Loom (names run() takes)."""
    return list(_loom.presets())


def models():
    """The models Loom knows."""
    return list(_loom.model_names())


class Model:
    """A scenario as a model function for SALib, the EMA Workbench or any
    optimiser: parameter values in, the mean of chosen summary fields over
    replicates out. Every call uses the same seed, so two parameter sets are
    compared on the same random numbers (common random numbers).

        m = loom.Model("shared-leadership", outputs=["outcome_mean"], replicates=8)
        m(**{"capacity.initial_capacity": 4.0})      # {"outcome_mean": ...}
        m.evaluate(X, ["capacity.initial_capacity"])  # rows of X -> array (rows, outputs)
        m.problem(["capacity.initial_capacity"])      # SALib's problem dict, bounds from Loom

    Keys may use "__" for "." (capacity__initial_capacity) where a tool wants
    identifiers."""

    def __init__(self, scenario, outputs=("outcome_mean",), replicates=8, seed=None, threads=0,
                 set=None):
        self.scenario, self.outputs = str(scenario), list(outputs)
        self.replicates, self.seed, self.threads = replicates, seed, threads
        self.fixed = dict(set or {})
        self.model = _loom.scenario_model(self.scenario)  # checks the scenario now

    def __call__(self, **values):
        r = run(self.scenario, self.replicates, self.seed, {**self.fixed, **values}, self.threads)
        missing = [o for o in self.outputs if o not in r.summary.columns]
        if missing:
            raise ValueError(f"no summary field {missing} (fields: "
                             f"{', '.join(r.summary.columns[2:])})")
        return {o: float(r.summary[o].mean()) for o in self.outputs}

    def evaluate(self, X, names):
        """One row of X per parameter set (columns in the order of names)."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        if X.shape[1] != len(names):
            raise ValueError(f"X has {X.shape[1]} columns for {len(names)} names")
        out = np.empty((X.shape[0], len(self.outputs)))
        for i, row in enumerate(X):
            result = self(**dict(zip(names, row)))
            out[i] = [result[o] for o in self.outputs]
        return out

    def problem(self, names):
        """SALib's problem dict for these parameters, bounds from Loom's table."""
        table = params(self.model).set_index("key")
        keys = [n.replace("__", ".") for n in names]
        unknown = [k for k in keys if k not in table.index]
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown} of model '{self.model}'")
        bounds = [[float(table.at[k, "min"]), float(table.at[k, "max"])] for k in keys]
        for k, (lo, hi) in zip(keys, bounds):
            if not (math.isfinite(lo) and math.isfinite(hi)):
                raise ValueError(f"{k} has no finite range in Loom's table: give its bounds "
                                 "yourself")
        return {"num_vars": len(keys), "names": list(names), "bounds": bounds}
