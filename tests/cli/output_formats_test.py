"""`loom run`/`compare` summaries as table, CSV, JSON and none; --quiet;
`loom params --json`. Usage: output_formats_test.py LOOM SOURCE_DIR"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

loom, source = sys.argv[1], sys.argv[2]
scenarios = os.path.join(source, "scenarios")
work = tempfile.mkdtemp(prefix="loom-output-formats-")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAILED:", what)


def run(*args):
    p = subprocess.run([loom, *args], capture_output=True, text=True, cwd=work)
    check(p.returncode == 0, f"loom {' '.join(args)} exits 0 (got {p.returncode}: {p.stderr})")
    return p


try:
    # A scenario id of 30+ characters: its header must not run into the next column.
    long_name = os.path.join(work, "a-scenario-with-a-very-long-name-indeed.toml")
    shutil.copy(os.path.join(scenarios, "top-down.toml"), long_name)
    shared = os.path.join(scenarios, "shared-leadership.toml")
    out = os.path.join(work, "x.h5")
    common = ["-r", "3", "-o", out, "-t", "2"]

    p = run("compare", shared, long_name, *common, "-q")
    lines = p.stdout.splitlines()
    check(lines and lines[0].startswith("Means over replicates"), "--quiet table starts with the table")
    check("Wrote" not in p.stdout and p.stderr == "", "--quiet prints nothing but the table")
    rows = [line.split(" | ") for line in lines[1:]]
    check(len(rows) > 10 and all(len(r) == 4 for r in rows),
          "every table row has 4 columns separated by ' | '")
    header = lines[1]
    check("a-scenario-with-a-very-long-name-indeed (n=3) | " in header,
          "a 30+ character header is followed by a separator")
    starts = [header.index(" | ", 1)]
    for line in lines[2:]:
        check(line.index(" | ") == starts[0], f"columns aligned: {line}")

    p = run("compare", shared, long_name, *common)
    check("Wrote " + out in p.stdout, "the table form says where results went")

    p = run("compare", shared, long_name, *common, "--format", "csv")
    check("Wrote " + out in p.stderr, "with csv, the notes go to stderr")
    table = list(csv.DictReader(io.StringIO(p.stdout)))
    fields = {r["field"] for r in table}
    check(len(table) == 2 * len(fields) and len(fields) > 20, "one CSV row per scenario and field")
    for r in table:
        check(int(r["n"]) == 3, "n is the run count")
        float(r["mean"]), float(r["ci_low"]), float(r["ci_high"])
        if r["scenario"] == "shared-leadership":
            check(r["difference"] == "" and r["difference_from"] == "", "no difference for the reference")
        else:
            check(r["difference_from"] == "shared-leadership" and r["paired"] == "true",
                  "the other scenario's difference is from the first, paired")
            float(r["difference"])

    p = run("compare", shared, long_name, *common, "--format", "json", "-q")
    document = json.loads(p.stdout)
    check(document["reference"] == "shared-leadership", "json names the reference")
    ids = [s["id"] for s in document["scenarios"]]
    check(ids == ["shared-leadership", "a-scenario-with-a-very-long-name-indeed"], f"json scenarios {ids}")
    first, second = document["scenarios"]
    check(first["runs"] == 3 and first["name"] == "Shared leadership", "json scenario header")
    check(set(first["fields"]) == fields, "json has the same fields as csv")
    check("difference" not in first["fields"]["outcome_mean"], "no difference for the reference")
    d = second["fields"]["outcome_mean"]["difference"]
    check(d["paired"] is True and d["ci_low"] <= d["mean"] <= d["ci_high"], "json difference")

    p = run("run", long_name, *common, "--format", "none", "-q")
    check(p.stdout == "" and p.stderr == "" and os.path.exists(out), "--format none -q is silent")

    p = subprocess.run([loom, "run", long_name, "--format", "xml"], capture_output=True, text=True)
    check(p.returncode == 2, "an unknown format is a command-line error (exit 2)")

    p = run("params", "--json")
    document = json.loads(p.stdout)
    keys = {"key", "kind", "default", "min", "max", "unit", "label", "description", "source",
            "choices", "applies_when", "fixed_at_start"}
    count = 0
    by_key = {}
    for model in document["models"]:
        for section in model["sections"]:
            for parameter in section["parameters"]:
                count += 1
                check(set(parameter) == keys, f"all fields for {parameter.get('key')}")
                by_key[(model["name"], section["name"], parameter["key"])] = parameter
    check({m["name"] for m in document["models"]} == {"school", "march", "network", "ishigami"}, "every model")
    check(count > 100, f"every parameter ({count})")
    teachers = by_key[("school", "school", "teachers")]
    check(teachers["fixed_at_start"] == "sizes the school" and teachers["default"] == 59,
          "school.teachers fixed at start, default 59")
    blame = by_key[("school", "leadership", "blame")]
    check(blame["fixed_at_start"] is None and blame["kind"] == "real", "leadership.blame may be scheduled")
    learn = by_key[("school", "leadership", "learn_from")]
    check(learn["choices"] == ["leaders", "everyone"] and learn["default"] == "everyone", "choices")
    pause = by_key[("school", "equity", "pause_load")]
    check(pause["applies_when"] == "equity.pause_every_weeks > 0", "applies_when")
finally:
    shutil.rmtree(work, ignore_errors=True)

print("ok" if not failures else f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
