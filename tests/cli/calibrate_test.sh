#!/usr/bin/env bash
# `loom calibrate` as a researcher uses it (docs/calibration.md):
#   - the same spec and seed give the same calibration file (every dataset)
#     on 1 and 2 threads, under mpirun -n 2, and killed (-9) then --resume'd,
#     by ABC-SMC and by history matching, and as Slurm array tasks sharing
#     the work (--shards), one of them killed and resubmitted;
#   - compare --posterior, and the shipped posterior is current;
#   - a checkpoint is never taken for a finished file, and is refused without
#     --resume; a kill leaves no file under the final name;
#   - the report (table and JSON) of a finished file;
#   - bad specs: exit 2 naming the file and line.
# Usage: calibrate_test.sh LOOM SOURCE_DIR MPI(ON|OFF)
set -u
loom=$1
src=$2
mpi=${3:-OFF}
same="/usr/bin/python3 $src/tests/cli/same_datasets.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat >"$work/spec.toml" <<TOML
[calibrate]
base = "$src/scenarios/shared-leadership.toml"
baseline = "$src/scenarios/business-as-usual.toml"
particles = 20
replicates = 2
generations = 3
seed = 5

[priors]
"trust.honest_report_safety" = { min = 0.3, max = 0.9 }
"capacity.initial_capacity" = { distribution = "beta", a = 2, b = 2, min = 2.5, max = 7.5 }

[targets]
"teacher_turnover_rate" = { value = 0.16, sd = 0.02, source = "test" }
"outcome_mean@year5" = { value = 0.1, sd = 0.05, minus_baseline = true }
TOML

"$loom" calibrate "$work/spec.toml" -o "$work/one.h5" -t 1 -q >"$work/one.txt" ||
  fail "calibration on 1 thread"
grep -q "trust.honest_report_safety" "$work/one.txt" || fail "no posterior table: $(cat "$work/one.txt")"
[[ -e "$work/one.h5.checkpoint" ]] && fail "a finished calibration left its checkpoint"

# The report of the finished file, as JSON.
"$loom" calibrate "$work/one.h5" --format json >"$work/one.json" || fail "report of a file"
/usr/bin/python3 - "$work/one.json" <<'PY' || fail "JSON report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["method"] == "abc-smc", r
names = [p["name"] for p in r["parameters"]]
assert names == ["trust.honest_report_safety", "capacity.initial_capacity"], names
for p in r["parameters"]:
    assert p["prior_min"] <= p["q05"] <= p["q50"] <= p["q95"] <= p["prior_max"], p
assert r["generations"] == 4 and r["runs"] > 0, r
assert r["targets"][1]["minus_baseline"] is True, r
PY
echo "ok   the JSON report of a finished file"

# The headline over the posterior: paired draws, an interval and a share.
"$loom" compare top-down shared-leadership --posterior "$work/one.h5" --draws 6 -r 2 \
  --format json >"$work/post.json" || fail "compare --posterior"
/usr/bin/python3 - "$work/post.json" <<'PY' || fail "compare --posterior JSON"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["draws"] == 6 and r["replicates_per_draw"] == 2 and r["runs"] == 24, r
fields = [(x["field"], x["scenario"], x["reference"]) for x in r["rows"]]
assert ("outcome_mean", "shared-leadership", "top-down") in fields, fields
for x in r["rows"]:
    assert x["q05"] <= x["mean"] <= x["q95"] and 0 <= x["share_above_zero"] <= 1, x
PY
"$loom" compare top-down march1991 --posterior "$work/one.h5" -q >/dev/null 2>"$work/model.err"
[[ $? -eq 2 ]] && grep -q "calibrates 'school'" "$work/model.err" ||
  fail "a posterior of another model: $(cat "$work/model.err")"
echo "ok   compare --posterior: the headline over posterior draws"

# The calibration that ships with the presets was made by today's spec and
# presets (else re-run it: docs/calibration.md says how).
shipped="$src/scenarios/calibration/school-posterior.h5"
if [[ -e $shipped ]]; then
  "$loom" calibrate "$src/scenarios/calibration/school.toml" --check "$shipped" >"$work/stale.txt" 2>&1 ||
    fail "the shipped posterior is stale: $(cat "$work/stale.txt")"
  echo "ok   the shipped posterior matches its spec and the presets"
fi

# The same file whatever the execution: 2 threads, killed (-9) as soon as
# the first checkpoint exists then --resume'd, and mpirun -n 2.
reproducible() {  # reproducible SPEC REFERENCE.h5 NAME
  local spec=$1 ref=$2 name=$3
  "$loom" calibrate "$spec" -o "$work/$name-two.h5" -t 2 -q >/dev/null || fail "$name: 2 threads"
  $same "$ref" "$work/$name-two.h5" || fail "$name: 2 threads differ from 1"
  echo "ok   $name: 1 and 2 threads give the same calibration file"
  "$loom" calibrate "$spec" -o "$work/$name-killed.h5" -t 1 -q >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 1000); do
    [[ -e "$work/$name-killed.h5.checkpoint" ]] && break
    sleep 0.01
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [[ -e "$work/$name-killed.h5.checkpoint" ]] || fail "$name: no checkpoint before the kill"
  [[ -e "$work/$name-killed.h5" ]] && fail "$name: the killed calibration left a final file"
  "$loom" calibrate "$spec" -o "$work/$name-killed.h5" -q >/dev/null 2>"$work/refused.err"
  [[ $? -eq 2 ]] && grep -q -- "--resume" "$work/refused.err" ||
    fail "$name: a checkpoint without --resume: $(cat "$work/refused.err")"
  "$loom" calibrate "$spec" -o "$work/$name-killed.h5" -t 2 -q --resume >/dev/null ||
    fail "$name: --resume"
  $same "$ref" "$work/$name-killed.h5" || fail "$name: killed and resumed differs"
  echo "ok   $name: killed (-9) and resumed equals uninterrupted"
  if [[ $mpi == ON ]] && command -v mpirun >/dev/null; then
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 \
      mpirun -n 2 "$loom" calibrate "$spec" -o "$work/$name-mpi.h5" -q >/dev/null ||
      fail "$name: mpirun -n 2"
    $same "$ref" "$work/$name-mpi.h5" || fail "$name: the MPI calibration differs"
    echo "ok   $name: mpirun -n 2 equals one process"
  fi
}
reproducible "$work/spec.toml" "$work/one.h5" abc-smc

# Slurm array tasks sharing the work (--shards; sim/run/shared_folder.hpp):
# two together, one of them killed (-9) early: the other finishes the whole
# job; the killed task resubmitted finds everything done. Both give the
# one-process file; so does a single task of three, alone.
SLURM_ARRAY_TASK_ID=1 "$loom" calibrate "$work/spec.toml" -o "$work/tasks.h5" -t 1 -q --shards 2 \
  >/dev/null 2>&1 &
first=$!
SLURM_ARRAY_TASK_ID=2 "$loom" calibrate "$work/spec.toml" -o "$work/tasks.h5" -t 1 -q --shards 2 \
  >/dev/null 2>"$work/task2.err" &
second=$!
for _ in $(seq 1 1000); do
  compgen -G "$work/tasks.h5.parts/*.done" >/dev/null && break
  sleep 0.01
done
kill -9 "$first" 2>/dev/null
wait "$first" 2>/dev/null
wait "$second" || fail "array task 2: $(cat "$work/task2.err")"
$same "$work/one.h5" "$work/tasks.h5" || fail "array tasks (one killed) differ from one process"
SLURM_ARRAY_TASK_ID=1 "$loom" calibrate "$work/spec.toml" -o "$work/tasks.h5" -t 1 -q --shards 2 \
  >/dev/null || fail "the killed task, resubmitted"
$same "$work/one.h5" "$work/tasks.h5" || fail "the resubmitted task's file differs"
SLURM_ARRAY_TASK_ID=3 "$loom" calibrate "$work/spec.toml" -o "$work/alone.h5" -t 2 -q --shards 3 \
  >/dev/null || fail "one task of three, alone"
$same "$work/one.h5" "$work/alone.h5" || fail "one task of three alone differs from one process"
echo "ok   Slurm array tasks (--shards): together, killed and resubmitted, alone: the same file"

# History matching: waves of runs and emulators, then check runs.
sed 's/^generations = 3/method = "history-matching"\nwaves = 3\npoints_per_wave = 12\ncandidates = 2000/' \
  "$work/spec.toml" >"$work/hm.toml"
"$loom" calibrate "$work/hm.toml" -o "$work/hm.h5" -t 1 -q --format json >"$work/hm.json" ||
  fail "history matching"
/usr/bin/python3 - "$work/hm.json" <<'PY' || fail "history matching JSON: $(cat "$work/hm.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["method"] == "history-matching" and r["cutoff"] == 3, r
fractions = [w["nroy_fraction"] for w in r["waves"]]
assert len(fractions) >= 1 and all(0 < f <= 1 for f in fractions), fractions
assert all(b <= a for a, b in zip(fractions, fractions[1:])), fractions
PY
echo "ok   history matching: the space left never grows"
reproducible "$work/hm.toml" "$work/hm.h5" history-matching

# Bad specs: exit 2, the file and line named. (Not in a pipeline: `fail`
# must end this script, not a subshell.)
expect_refusal() {  # expect_refusal SED_SCRIPT WORDS...
  sed "$1" "$work/spec.toml" >"$work/bad.toml"
  shift
  "$loom" calibrate "$work/bad.toml" -o "$work/bad.h5" -q >/dev/null 2>"$work/bad.err"
  local code=$?
  [[ $code -eq 2 ]] || fail "exit $code (want 2) for: $1"
  for w in "$@"; do
    grep -qF -- "$w" "$work/bad.err" || fail "'$w' not in: $(cat "$work/bad.err")"
  done
  [[ -e "$work/bad.h5" ]] && fail "a refused spec wrote a file"
  echo "ok   refused: $1"
}
expect_refusal 's/^particles = 20/particls = 20/' "bad.toml:4" "did you mean 'particles'"
expect_refusal 's/"capacity.initial_capacity"/"capacity.initial_capacty"/' "bad.toml:11" \
  "did you mean 'capacity.initial_capacity'"
expect_refusal 's/min = 0.3, max = 0.9/min = 0.3, max = 1.5/' "bad.toml:10" \
  "outside the allowed range 0 to 1"
expect_refusal 's/"teacher_turnover_rate"/"teacher_turnover"/' "bad.toml:14" \
  "did you mean 'teacher_turnover_rate'"
expect_refusal 's/year5/year9/' "bad.toml:15" "year1 to year5"
expect_refusal '/^baseline/d' "bad.toml:14" "minus_baseline needs calibrate.baseline"
echo "all calibrate checks passed"
