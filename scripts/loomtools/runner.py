"""Running the `loom` command line (run, compare, march) into a temporary
directory and reading the HDF5 results back with h5py."""
import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import h5py
import pandas as pd

from loomtools import ROOT

DEFAULTS_TOML = """[scenario]
name = "Defaults"
description = "Every parameter at its default (written by scripts/validate.py)"
model = "school"
replicates = 100
seed = 2026
"""


class Result:
    """One scenario's replicates, read back from HDF5."""

    def __init__(self, group, events):
        self.metrics = list(group["metrics"].asstr()[:])
        self.ts = group["timeseries"][:]
        self.summary = pd.DataFrame(group["summary"][:])
        self.resolved = group["scenario.toml"].asstr()[()]
        self.events = None
        if events and "events" in group:
            e = group["events"][:]
            self.events = pd.DataFrame({
                "run": e["run"], "week": e["week"],
                "kind": [decode(k) for k in e["kind"]],
                "detail": [decode(d) for d in e["detail"]],
            })
        self.params = tomllib.loads(self.resolved)
        self.weeks_per_year = int(self.param("school", "weeks_per_year"))
        self.years = int(self.param("school", "years"))
        self.teachers = int(self.param("school", "teachers"))

    def param(self, section, key):
        return self.params[section][key]

    @property
    def runs(self):
        return self.ts.shape[0]

    def series(self, name):
        return self.ts[:, :, self.metrics.index(name)]

    def by_year(self, name, how="sum"):
        x = self.series(name).reshape(self.runs, self.years, self.weeks_per_year)
        return x.sum(2) if how == "sum" else x[:, :, -1]

    def turnover_by_year(self):
        return self.by_year("teacher_exits") / self.teachers


def decode(v):
    return v.decode() if isinstance(v, bytes) else str(v)


class Loom:
    def __init__(self, exe, threads, seed, tmp):
        self.exe, self.threads, self.seed, self.tmp = exe, threads, seed, Path(tmp)
        self.commands = []
        self.count = 0
        self.git_commit = "unknown"
        self.defaults = self.tmp / "defaults.toml"
        self.defaults.write_text(DEFAULTS_TOML)

    def switch_off(self, model="school"):
        """Every section's switch_off as --set values: the model with every
        mechanism switched off (for the school, March's learning core), as
        the parameter tables declare it (`loom params --json`)."""
        p = subprocess.run([self.exe, "params", model, "--json"], capture_output=True, text=True,
                           check=True)
        return [f"{s['name']}.{setting}" for s in json.loads(p.stdout)["models"][0]["sections"]
                for setting in s["switch_off"]]

    def _exec(self, args, label):
        self.count += 1
        out = self.tmp / f"r{self.count}.h5"
        cmd = [self.exe] + args + ["-t", str(self.threads), "-o", str(out)]
        def show(a):  # no path of this machine in the report
            if a.startswith(str(self.tmp)):
                return "$TMP/" + os.path.basename(a)
            if a.startswith(str(ROOT) + os.sep):
                return os.path.relpath(a, ROOT)
            return a
        exe = os.path.relpath(self.exe, ROOT) if self.exe.startswith(str(ROOT)) else "loom"
        shown = " ".join([exe] + [show(a) for a in cmd[1:]])
        self.commands.append((label, shown))
        t0 = time.time()
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"loom failed ({p.returncode}): {shown}\n{p.stderr}")
        print(f"  [{time.time() - t0:5.1f} s] {label}", file=sys.stderr, flush=True)
        return out

    def _scenario_args(self, sets, reps, seed):
        args = ["-r", str(reps), "-s", str(self.seed if seed is None else seed)]
        for s in sets:
            args += ["--set", s]
        return args

    def run(self, label, sets=(), reps=100, scenario=None, events=False, seed=None):
        scenario = str(scenario or self.defaults)
        out = self._exec(["run", scenario] + self._scenario_args(sets, reps, seed), label)
        with h5py.File(out, "r") as f:
            self.git_commit = decode(f.attrs["git_commit"])
            sid = decode(f["scenario_order"][0])
            r = Result(f["scenarios/" + sid], events)
        out.unlink()
        return r

    def compare(self, label, scenarios, sets=(), reps=100, events=False):
        args = ["compare"] + [str(s) for s in scenarios] + self._scenario_args(sets, reps, None)
        out = self._exec(args, label)
        with h5py.File(out, "r") as f:
            ids = [decode(x) for x in f["scenario_order"][:]]
            res = {i: Result(f["scenarios/" + i], events) for i in ids}
        out.unlink()
        return res

    def march(self, label, args):
        out = self._exec(["march"] + args, label)
        with h5py.File(out, "r") as f:
            g = f["march"]
            r = {k: g[k][:] for k in ("p1", "p2", "equilibrium_knowledge",
                                      "equilibrium_knowledge_se", "periods_mean")}
            r["attrs"] = dict(g.attrs)
        out.unlink()
        return r
