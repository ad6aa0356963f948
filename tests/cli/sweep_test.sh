#!/usr/bin/env bash
# `loom sweep`, `loom merge` as a researcher uses them on a cluster:
#   - kill -9 in the middle of a sweep, then --resume: equals an
#     uninterrupted sweep, dataset for dataset;
#   - Slurm array shards (--shards N, SLURM_ARRAY_TASK_ID) merged: equal; a
#     lost shard listed by merge --missing and resubmitted: the same file;
#   - mpirun -n 2 (when built with MPI and mpirun exists): equal;
#   - bad shards and outputs: exit 2 / 3 with a message naming them.
# Usage: sweep_test.sh LOOM SOURCE_DIR MPI(ON|OFF)
set -u
loom=$1
src=$2
mpi=${3:-OFF}
same="/usr/bin/python3 $src/tests/cli/same_datasets.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Waits (up to 8 s) until a running sweep's journal holds finished units,
# well before the sweep ends (about 1 MB).
until_journal_holds_units() {
  for _ in $(seq 1 400); do
    [[ $(stat -c %s "$1" 2>/dev/null || echo 0) -gt 200000 ]] && return
    sleep 0.02
  done
}

cat >"$work/spec.toml" <<TOML
[sweep]
base = "$src/scenarios/shared-leadership.toml"
design = "lhs"
samples = 60
replicates = 10
seed = 11
record = "all"

[factors]
"school.poverty" = { min = 0.1, max = 0.9 }
"leadership.learn_from" = { levels = ["leaders", "everyone"] }
TOML

"$loom" sweep "$work/spec.toml" -o "$work/whole.h5" -q >/dev/null || fail "uninterrupted sweep"
echo "ok   uninterrupted sweep: $work/whole.h5"

# Kill once the journal holds finished units, but well before the end.
"$loom" sweep "$work/spec.toml" -o "$work/killed.h5" -q -t 1 >/dev/null 2>&1 &
pid=$!
until_journal_holds_units "$work/killed.h5.journal"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[[ -e "$work/killed.h5" ]] && fail "the killed sweep left a results file under the final name"
[[ -s "$work/killed.h5.journal" ]] || fail "the killed sweep left no journal (killed too early?)"
echo "ok   killed sweep left a journal of $(stat -c %s "$work/killed.h5.journal") bytes"
out=$("$loom" sweep "$work/spec.toml" -o "$work/killed.h5" -q 2>&1) && fail "a journal without --resume was overwritten"
grep -q -- "--resume" <<<"$out" || fail "no hint to use --resume: $out"
out=$("$loom" sweep "$work/spec.toml" -o "$work/killed.h5" -q --resume) || fail "resume: $out"
grep -q "Resumed: [1-9]" <<<"$out" || fail "resume kept no finished units: $out"
$same "$work/whole.h5" "$work/killed.h5" || fail "resumed sweep differs from the uninterrupted one"
[[ -e "$work/killed.h5.journal" ]] && fail "journal left behind after a finished sweep"
echo "ok   kill -9 then --resume equals the uninterrupted sweep ($(grep -o 'Resumed: [0-9]*' <<<"$out"))"

# SIGTERM (a Slurm time limit): exit 143, the log keeps its header and gets a
# last line, and --resume continues to the same file (the header was lost
# and only the progress line survived).
"$loom" sweep "$work/spec.toml" -o "$work/term.h5" -t 1 >"$work/term.log" 2>&1 &
pid=$!
until_journal_holds_units "$work/term.h5.journal"
kill -TERM "$pid"
wait "$pid"
code=$?
[[ $code -eq 143 ]] || fail "SIGTERM: exit $code (want 143): $(tail -3 "$work/term.log")"
grep -q "^Sweep .*spec.toml: lhs design" "$work/term.log" || fail "SIGTERM: the log lost its header"
grep -q "stopped (SIGTERM); finished runs are kept in the journal: continue with the same command and --resume" \
  "$work/term.log" || fail "SIGTERM: no last line: $(tail -2 "$work/term.log")"
"$loom" sweep "$work/spec.toml" -o "$work/term.h5" -q --resume >/dev/null || fail "resume after SIGTERM"
$same "$work/whole.h5" "$work/term.h5" || fail "the sweep resumed after SIGTERM differs"
echo "ok   SIGTERM: exit 143, header and a last line in the log, --resume gives the same file"

# Slurm array job of 3 tasks (--shards 3, ids 1-3), then merge.
for id in 1 2 3; do
  SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=3 \
    "$loom" sweep "$work/spec.toml" --shards 3 -o "$work/slurm.h5" -q --resume >/dev/null || fail "shard $id"
done
ls "$work"/slurm.shard-*-of-3.h5 >/dev/null || fail "no shard files"
"$loom" merge "$work"/slurm.shard-*-of-3.h5 -o "$work/merged.h5" >/dev/null || fail "merge"
$same "$work/whole.h5" "$work/merged.h5" || fail "merged shards differ from one process"
echo "ok   3 Slurm array shards merged equal one process"

# Resubmission (issue 23 item 1): a lost shard is listed by merge --missing as
# an sbatch --array list; the resubmitted task (an array of one task, id 2)
# writes the same file as the original; merge --shards 3 then works. An array
# task without --shards or --shard refuses before touching a file (it once
# ran the whole sweep), and a task id outside 1..N is an error.
cp "$work/slurm.shard-2-of-3.h5" "$work/original-2.h5"
rm "$work/slurm.shard-2-of-3.h5"
list=$("$loom" merge --missing --shards 3 -o "$work/slurm.h5" 2>"$work/err") || fail "merge --missing: $(cat "$work/err")"
[[ $list == 2 ]] || fail "merge --missing printed '$list' (want 2): $(cat "$work/err")"
grep -q "sbatch --array=2" "$work/err" || fail "merge --missing: no sbatch line: $(cat "$work/err")"
"$loom" merge --shards 3 -o "$work/slurm.h5" >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q "not finished (2)" "$work/err" || fail "merge of a missing shard: $(cat "$work/err")"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=2 SLURM_ARRAY_TASK_COUNT=1 \
  "$loom" sweep "$work/spec.toml" --shards 3 -o "$work/slurm.h5" -q --resume >/dev/null || fail "resubmitted task"
$same "$work/original-2.h5" "$work/slurm.shard-2-of-3.h5" || fail "the resubmitted task wrote another shard"
list=$("$loom" merge --missing --shards 3 -o "$work/slurm.h5" 2>"$work/err") || fail "merge --missing after"
[[ -z $list ]] && grep -q "All 3 shards are finished" "$work/err" || fail "merge --missing after: '$list' $(cat "$work/err")"
"$loom" merge --shards 3 -o "$work/slurm.h5" >/dev/null || fail "merge --shards 3"
$same "$work/whole.h5" "$work/slurm.h5" || fail "merge --shards 3 differs from one process"
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_COUNT=1 \
  "$loom" sweep "$work/spec.toml" -o "$work/unsharded.h5" -q >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q "use --shards N with #SBATCH --array=1-N" "$work/err" ||
  fail "unsharded array task: $(cat "$work/err")"
ls "$work"/unsharded.h5* >/dev/null 2>&1 && fail "the refused array task left a file"
SLURM_ARRAY_TASK_ID=4 "$loom" sweep "$work/spec.toml" --shards 3 -o "$work/x.h5" -q >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q "the task id must be 1..3" "$work/err" || fail "task id 4 of 3: $(cat "$work/err")"
"$loom" sweep "$work/spec.toml" --shards 3 -o "$work/x.h5" -q >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q "SLURM_ARRAY_TASK_ID, which is not set" "$work/err" || fail "--shards outside Slurm: $(cat "$work/err")"
echo "ok   resubmission: merge --missing lists '2', the resubmitted task writes the same shard, unsharded array tasks refuse"

# Bad shards and outputs.
"$loom" sweep "$work/spec.toml" --shard 4/3 -o "$work/x.h5" -q >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q -- "--shard 4/3" "$work/err" || fail "shard out of range: $(cat "$work/err")"
"$loom" merge "$work/slurm.shard-1-of-3.h5" "$work/slurm.shard-3-of-3.h5" -o "$work/x.h5" >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q "missing" "$work/err" || fail "missing shard: $(cat "$work/err")"
"$loom" merge "$work"/slurm.shard-*-of-3.h5 "$work/slurm.shard-2-of-3.h5" -o "$work/x.h5" >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q "twice" "$work/err" || fail "shard twice: $(cat "$work/err")"
# An output whose folder is a file cannot be written (as root too).
"$loom" sweep "$work/spec.toml" -o "$work/spec.toml/x.h5" -q >/dev/null 2>"$work/err"
[[ $? -eq 3 ]] && grep -q "spec.toml/x.h5" "$work/err" || fail "unwritable output: $(cat "$work/err")"
echo "ok   bad shards and outputs are refused with exit 2 / 3"

if [[ $mpi == ON ]] && command -v mpirun >/dev/null; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
  mpirun -n 2 "$loom" sweep "$work/spec.toml" -o "$work/mpi.h5" -q >/dev/null || fail "mpirun -n 2"
  $same "$work/whole.h5" "$work/mpi.h5" || fail "the MPI sweep differs from one process"
  echo "ok   mpirun -n 2 equals one process"
  # A stopped rank (SIGSTOP) is named by rank 0 instead of stalling the job
  # silently (hardening round 2, item 12); once it continues (SIGCONT) the
  # sweep finishes with the same datasets. The stall limit is 2 s here
  # (LOOM_MPI_STALL_SECONDS; 10 min or 20 chunk times by default), waited
  # for up to 60 s (a loaded machine).
  LOOM_MPI_STALL_SECONDS=2 mpirun -n 2 "$loom" sweep "$work/spec.toml" -o "$work/stall.h5" -q \
    -t 1 >/dev/null 2>"$work/stall.err" &
  job=$!
  worker=""
  for _ in $(seq 1 100); do  # rank 1: the loom whose environment says so
    for pid in $(pgrep -f -- "-o $work/stall.h5"); do  # comm is "exe" after the re-exec
      if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1"; then
        worker=$pid
      fi
    done
    [[ -n $worker ]] && break
    sleep 0.1
  done
  [[ -n $worker ]] || fail "no rank 1 found to stop"
  sleep 1
  kill -STOP "$worker"
  for _ in $(seq 1 600); do grep -q "rank 1 has not returned" "$work/stall.err" && break; sleep 0.1; done
  kill -CONT "$worker"
  wait $job || fail "the sweep with a stopped rank: $(cat "$work/stall.err")"
  grep -q "rank 1 has not returned its .* units for .* s .*--resume" "$work/stall.err" ||
    fail "a stopped rank was not named: $(cat "$work/stall.err")"
  $same "$work/whole.h5" "$work/stall.h5" || fail "the sweep with a stopped rank differs"
  echo "ok   a stopped rank is named ($(head -c 90 "$work/stall.err")...), and the sweep completes"
elif command -v mpirun >/dev/null; then
  # A loom built without MPI under mpirun: every rank refuses (exit 2)
  # before touching a file, instead of each running the whole sweep (rank 2
  # once exited 3 on the lock, and a journal and lock were left behind).
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
  mpirun -n 2 "$loom" sweep "$work/spec.toml" -o "$work/nompi.h5" -q >/dev/null 2>"$work/nompi.err"
  code=$?
  [[ $code -ne 0 ]] && grep -q "built without MPI" "$work/nompi.err" ||
    fail "a non-MPI loom under mpirun: exit $code: $(head -3 "$work/nompi.err")"
  left=$(ls "$work"/nompi.h5* 2>/dev/null)
  [[ -z $left ]] || fail "a non-MPI loom under mpirun left $left"
  echo "ok   a loom without MPI under mpirun refuses in every rank and leaves no file"
else
  echo "skip mpirun test (no mpirun)"
fi
# --resume of a finished sweep says so (it ran everything again), and
# analyze of one shard says to merge first.
"$loom" sweep "$work/spec.toml" -o "$work/whole.h5" --resume >"$work/out" 2>&1 ||
  fail "--resume of a finished sweep: $(tail -2 "$work/out")"
grep -q "Already complete: .*whole.h5 holds all 600 runs" "$work/out" ||
  fail "--resume of a finished sweep: $(tail -2 "$work/out")"
echo "ok   --resume of a finished sweep: $(tail -1 "$work/out")"
"$loom" analyze "$work/slurm.shard-1-of-3.h5" --field outcome_mean >/dev/null 2>"$work/err"
[[ $? -eq 2 ]] && grep -q "this is shard 1 of 3 of a sweep: merge the shards first" "$work/err" ||
  fail "analyze of one shard: $(cat "$work/err")"
echo "ok   analyze of one shard: $(cat "$work/err")"

# The network model sweeps like the school model: a grid over the spread
# rule on a small network, the same datasets on 1 thread, on 2 threads and
# (with MPI) on 2 ranks, and its summary fields in the runs table.
cat >"$work/network.toml" <<TOML
[scenario]
name = "small network"
model = "network"
[network]
schools = 16
topology = "ring-lattice"
[school]
years = 1
[seeding]
schools = 2
TOML
cat >"$work/netspec.toml" <<TOML
[sweep]
base = "network.toml"
design = "grid"
replicates = 2
seed = 5
record = "all"
[factors]
"spread.rule" = { levels = ["simple", "complex"] }
"hub.coaching_capacity" = { levels = [0, 8] }
TOML
"$loom" sweep "$work/netspec.toml" -o "$work/net1.h5" -q -t 1 >/dev/null || fail "network sweep, 1 thread"
"$loom" sweep "$work/netspec.toml" -o "$work/net2.h5" -q -t 2 >/dev/null || fail "network sweep, 2 threads"
$same "$work/net1.h5" "$work/net2.h5" || fail "network sweep: 1 and 2 threads differ"
if [[ $mpi == ON ]] && command -v mpirun >/dev/null; then
  mpirun -n 2 "$loom" sweep "$work/netspec.toml" -o "$work/netmpi.h5" -q >/dev/null || fail "network sweep, mpirun -n 2"
  $same "$work/net1.h5" "$work/netmpi.h5" || fail "network sweep: 2 ranks differ from one process"
fi
/usr/bin/python3 - "$work/net1.h5" <<'PY' || fail "network sweep tables"
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    runs = f["sweep/runs"][:]
    assert len(runs) == 8 and "adopted_share" in runs.dtype.names, runs.dtype.names
    assert "spread.rule" in f["sweep/points"].dtype.names
PY
echo "ok   network sweep: 8 runs with its summary fields, same for 1/2 threads and 2 ranks"

# End to end on the Ishigami function: loom sweep (Saltelli design, N = 4096)
# then loom analyze --json recovers the analytic indices within 0.03 (the
# bootstrap half-widths at this N are 0.01-0.04, so 0.03 is about one
# interval; a wrong estimator or design is off by 0.1 or more).
"$loom" sweep "$src/scenarios/sweeps/ishigami-sobol.toml" -o "$work/ishigami.h5" -q >/dev/null ||
  fail "ishigami sweep"
"$loom" analyze "$work/ishigami.h5" --field y --json >"$work/ishigami.json" || fail "analyze"
/usr/bin/python3 - "$work/ishigami.json" <<'PY' || fail "Ishigami indices"
import json, sys
r = json.load(open(sys.argv[1]))
s1, st = (0.3139, 0.4424, 0.0), (0.5576, 0.4424, 0.2437)
for i, row in enumerate(r["indices"]):
    assert abs(row["S1"] - s1[i]) < 0.03 and abs(row["ST"] - st[i]) < 0.03, row
print("Ishigami S1", [round(x["S1"], 3) for x in r["indices"]], "ST", [round(x["ST"], 3) for x in r["indices"]])
PY
echo "ok   loom sweep + loom analyze recover the Ishigami indices within 0.03"

# Damaged inputs of merge and --resume (hardening round 2, items 8 and 13):
# a shard with one flipped byte in /sweep/points was merged with exit 0; a
# journal that is not one gave "cannot write results" (exit 3).
printf '[sweep]\nmodel = "ishigami"\ndesign = "sobol"\nsamples = 64\nreplicates = 1\n[factors]\n"ishigami.x1" = { min = -3, max = 3 }\n"ishigami.x2" = { min = -3, max = 3 }\n"ishigami.x3" = { min = -3, max = 3 }\n' >"$work/small.toml"
"$loom" sweep "$work/small.toml" --shard 1/2 -o "$work/small.h5" -q >/dev/null || fail "shard 1"
"$loom" sweep "$work/small.toml" --shard 2/2 -o "$work/small.h5" -q >/dev/null || fail "shard 2"
/usr/bin/python3 - "$work/small.shard-1-of-2.h5" "$work/flipped.h5" <<'PY' || fail "flip"
import h5py, sys
with h5py.File(sys.argv[1], "r") as f:
    at = f["/sweep/points"].id.get_offset()  # contiguous: its bytes are here
data = bytearray(open(sys.argv[1], "rb").read())
data[at + 20] ^= 0x01
open(sys.argv[2], "wb").write(data)
PY
"$loom" merge "$work/flipped.h5" "$work/small.shard-2-of-2.h5" -o "$work/damaged-merge.h5" 2>"$work/err"
code=$?
[[ $code -eq 2 ]] && grep -q "flipped.h5: /sweep/points differs from what was written" "$work/err" ||
  fail "merge of a damaged shard: exit $code: $(cat "$work/err")"
[[ -e "$work/damaged-merge.h5" ]] && fail "merge of a damaged shard wrote a file"
echo "ok   a shard with a flipped byte in /sweep/points is refused by merge"
echo "not a journal at all, but long enough to have a header ......." >"$work/j.h5.journal"
"$loom" sweep "$work/small.toml" -o "$work/j.h5" --resume -q >/dev/null 2>"$work/err"
code=$?
[[ $code -eq 2 ]] && grep -q "j.h5.journal is not a Loom sweep journal; delete it" "$work/err" ||
  fail "resume onto a file that is not a journal: exit $code: $(cat "$work/err")"
echo "ok   --resume onto a file that is not a journal: exit 2, naming it"
# What a job script needs to know about the binary.
"$loom" --version | grep -qE "^build: .*; MPI: (yes|no).*; OpenMP: .*; HDF5 [0-9]+\.[0-9]+" ||
  fail "loom --version: $("$loom" --version)"
echo "ok   loom --version: $("$loom" --version | tail -1)"
