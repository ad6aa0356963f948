#!/usr/bin/env bash
# The output is checked before any computation (sim/output/output_guard.hpp):
# folders, input files (the scenario, its bases, the data files it names),
# links, devices and files that are not Loom
# results are refused (exit 3) and left untouched; a second writer of the
# same output is refused with the first one's PID; existing Loom results are
# replaced. Each refusal must come at once (no run happened: < 5 s for a
# request that would run 200,000 units).
set -u
loom=$1
scenarios=$2/scenarios
work=$(mktemp -d)
bg=
cleanup() { [[ -n $bg ]] && kill "$bg" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect() {  # expect NAME EXIT_CODE PATTERN -- COMMAND...
  local name=$1 code=$2 pattern=$3
  shift 4
  local start=$SECONDS
  "$@" >out 2>err
  local got=$?
  if [[ $got -ne $code ]] || ! grep -qF -- "$pattern" err; then
    fail "$name: exit $got (want $code); stderr: $(head -3 err)"
  elif ((SECONDS - start > 5)); then
    fail "$name: refused only after $((SECONDS - start)) s (computed first?)"
  else
    echo "ok   $name"
  fi
}

cp "$scenarios/top-down.toml" my.toml
big=(-r 100000 -q)  # would take minutes if it ran

mkdir folder.h5
expect "output is a folder" 3 "results file 'folder.h5' is a folder" -- "$loom" run my.toml "${big[@]}" -o folder.h5
expect "output is the scenario" 3 "results file 'my.toml' is the input file 'my.toml'" -- "$loom" run my.toml "${big[@]}" -o my.toml
ln my.toml hardlink.toml
expect "output is the scenario under another name" 3 "is the input file 'my.toml'" -- "$loom" run my.toml "${big[@]}" -o hardlink.toml --force
cmp -s my.toml "$scenarios/top-down.toml" || fail "the scenario file was changed"

echo "my notes" >notes.txt
ln -s notes.txt link.h5
expect "output is a symlink" 3 "'link.h5' is a symbolic link" -- "$loom" run my.toml "${big[@]}" -o link.h5 --force
[[ -L link.h5 && $(cat notes.txt) == "my notes" ]] || fail "the link or its target was changed"
expect "output is a device" 3 "'/dev/null' is not a regular file" -- "$loom" run my.toml "${big[@]}" -o /dev/null --force
ln -s notes.txt partial.h5.partial
expect "partial file is a symlink" 3 "partial results file 'partial.h5.partial' is a symbolic link" \
  -- "$loom" run my.toml "${big[@]}" -o partial.h5
[[ $(cat notes.txt) == "my notes" ]] || fail "the link target of the .partial was changed"

# Every file a scenario read is an input: its bases and the data files it
# names, for run, compare --baseline and sweep, even with --force.
cp "$scenarios/top-down.toml" base.toml
printf '[scenario]\nbase = "base.toml"\nname = "child"\n' >child.toml
expect "output is the scenario's base" 3 "is the input file 'base.toml'" \
  -- "$loom" run child.toml "${big[@]}" -o base.toml --force
expect "output is the baseline's base" 3 "is the input file 'base.toml'" \
  -- "$loom" compare my.toml my.toml --baseline child.toml "${big[@]}" -o base.toml --force
printf '[sweep]\nbase = "child.toml"\ndesign = "grid"\nreplicates = 100000\n[factors]\n"school.poverty" = { levels = [0.1, 0.9] }\n' >study.toml
expect "sweep output is its base's base" 3 "is the input file 'base.toml'" \
  -- "$loom" sweep study.toml -q -o base.toml --force
cmp -s base.toml "$scenarios/top-down.toml" || fail "the base scenario was changed"
printf 'source,target\n0,1\n1,2\n2,3\n' >ties.csv
printf '[scenario]\nmodel = "network"\nreplicates = 100000\n[network]\nschools = 4\ntopology = "file"\nedges_file = "ties.csv"\n' >net.toml
expect "output is the network's edge list" 3 "is the input file '$work/ties.csv'" \
  -- "$loom" run net.toml -q -o ties.csv --force
[[ $(head -1 ties.csv) == "source,target" ]] || fail "the edge list was changed"

cp notes.txt notes.h5
expect "output is not Loom results" 3 "'notes.h5' exists and is not a Loom results file (it is not an HDF5 file)" \
  -- "$loom" run my.toml "${big[@]}" -o notes.h5
[[ $(cat notes.h5) == "my notes" ]] || fail "the foreign file was changed"
"$loom" run my.toml -r 2 -q -o notes.h5 --force >/dev/null 2>err || fail "--force did not replace the foreign file: $(cat err)"
"$loom" check notes.h5 >/dev/null || fail "the file written with --force does not check"
echo "ok   --force replaces a file that is not Loom results"

"$loom" run my.toml -r 2 -q -o results.h5 -s 1 >/dev/null || fail "first run"
"$loom" run my.toml -r 3 -q -o results.h5 -s 2 >/dev/null 2>err || fail "existing Loom results not replaced: $(cat err)"
"$loom" check results.h5 | grep -q "units_done = units_total = 3" || fail "results.h5 was not replaced by the second run"
echo "ok   existing Loom results are replaced"

cp my.toml ..toml
expect "scenario named ..toml" 2 "..toml: the file name has no name before its extension" -- "$loom" run ..toml "${big[@]}"
expect "march into a folder" 3 "results file 'folder.h5' is a folder" -- "$loom" march -n 100 -q -o folder.h5

# A second writer of the same output: refused with the first one's PID.
"$loom" run my.toml -r 200000 -t 1 -q -o same.h5 >/dev/null 2>&1 &
bg=$!
for _ in $(seq 50); do [[ -s same.h5.lock ]] && break; sleep 0.1; done
expect "second writer" 3 "another loom process (PID $bg) is writing 'same.h5'" -- "$loom" run my.toml "${big[@]}" -o same.h5
kill -9 "$bg"; wait "$bg" 2>/dev/null; bg=
[[ -e same.h5.lock ]] || fail "kill -9 should have left the lock file (to test taking it over)"
"$loom" run my.toml -r 2 -q -o same.h5 >/dev/null 2>err || fail "a stale lock was not taken over: $(cat err)"
[[ -e same.h5 && ! -e same.h5.lock && ! -e same.h5.partial ]] || fail "after the run: $(ls same.h5*)"
echo "ok   a lock left by a killed run is taken over, and removed at the end"

if [[ $(id -u) -ne 0 ]]; then
  mkdir locked && chmod a-w locked
  expect "folder not writable" 3 "cannot write in the folder 'locked'" -- "$loom" run my.toml "${big[@]}" -o locked/x.h5
else
  echo "--   folder not writable: not testable as root (root may write anywhere)"
fi
exit $((failures > 0))
