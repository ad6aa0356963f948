#!/usr/bin/env bash
# `loom story` tells one run's events in plain language, and refuses a run
# or scenario the file does not have (exit 2, naming what the file has).
set -u
loom=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$loom" run "$2/scenarios/new-principal-top-down.toml" -r 2 -o "$work/story.h5" >/dev/null 2>&1 ||
  fail "run failed"
out=$("$loom" story "$work/story.h5" --run 1) || fail "story exited $?"
grep -q "^== New principal reverts to top-down in year 3 (new-principal-top-down), run 1" <<<"$out" ||
  fail "no heading: $out"
grep -q "Year 1, week 1  \[Initiative launched\] Initiative 1 launched with 4 champions." <<<"$out" ||
  fail "no launch event"
grep -q "Year 2, week 36  \[Principal left\] The principal left as planned. A successor takes over and leads top-down" <<<"$out" ||
  fail "no planned principal exit at the end of year 2"
echo "ok   story of run 1"

only=$("$loom" story "$work/story.h5" --kind principal_left) || fail "story --kind exited $?"
if grep "\[" <<<"$only" | grep -vq "\[Principal left\]"; then fail "--kind let other kinds through"; fi
echo "ok   --kind filters"

err=$("$loom" story "$work/story.h5" --run 7 2>&1); code=$?
[[ $code -eq 2 ]] || fail "--run 7: exit $code (want 2)"
grep -q "run 7 is not in new-principal-top-down (runs 0 to 1)" <<<"$err" || fail "--run 7 message: $err"
err=$("$loom" story "$work/story.h5" --scenario nope 2>&1); code=$?
[[ $code -eq 2 ]] || fail "--scenario nope: exit $code (want 2)"
grep -q "no scenario 'nope'.*it has: new-principal-top-down" <<<"$err" || fail "--scenario message: $err"
echo "not hdf5" >"$work/bad.h5"
err=$("$loom" story "$work/bad.h5" 2>&1); code=$?
[[ $code -eq 2 ]] || fail "bad file: exit $code (want 2)"
grep -q "not an HDF5 file" <<<"$err" || fail "bad file message: $err"
echo "ok   bad requests exit 2 with a clear message"
