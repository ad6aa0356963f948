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
grep -q "^== New principal reverts to top-down in year 3 (new-principal-top-down), run 1 " <<<"$out" ||
  fail "no heading: $out"
grep -q "Year 1, week 1  \[Initiative launched\] Initiative 1 launched with 4 champions." <<<"$out" ||
  fail "no launch event"
grep -q "Year 2, week 36  \[Principal left\] The principal left as planned. A successor takes over and leads top-down" <<<"$out" ||
  fail "no planned principal exit at the end of year 2"
grep -q "run 1 (the viewer's School 2)" <<<"$out" || fail "the heading does not name the viewer's school"
grep -q "tried a new way of doing '[a-z].*' for .*students in " <<<"$out" ||
  fail "a PDSA test does not name its practice and for whom"
echo "ok   story of run 1"

# Repeats in one school year told once with their weeks; --every lists each.
shared="$work/shared.h5"
"$loom" run shared-leadership -r 1 -o "$shared" -q --format none || fail "shared run"
grouped=$("$loom" story "$shared") || fail "story exited $?"
every=$("$loom" story "$shared" --every) || fail "story --every exited $?"
grep -q "weeks .* and .* ([0-9]* times)  \[Equity pause\]" <<<"$grouped" ||
  fail "no grouped repeat: $(head -12 <<<"$grouped")"
grep -q "times)" <<<"$every" && fail "--every grouped events"
[[ $(grep -c "\[" <<<"$every") -gt $(grep -c "\[" <<<"$grouped") ]] || fail "grouping told nothing fewer"
echo "ok   repeats in a year are told once, --every lists each"

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

# A network's story names schools by their ids (it said "School 12", a
# 0-based index) and --school tells one school's (issue 22 item 1).
"$loom" run network/buddy -r 1 -s 3 --set network.schools=12 --set school.years=1 \
  -o "$work/net.h5" -q --format none || fail "network run"
net=$("$loom" story "$work/net.h5") || fail "network story exited $?"
grep -q "School S-[0-9]* starts the network's practice" <<<"$net" || fail "no ids in the story: $net"
seed=$(grep -o "School S-[0-9]* starts" <<<"$net" | head -1 | cut -d' ' -f2)
one=$("$loom" story "$work/net.h5" --school "$seed") || fail "--school $seed exited $?"
grep -q "School $seed only" <<<"$one" || fail "--school: no heading: $one"
if grep "\[" <<<"$one" | grep -v "$seed" | grep -q .; then fail "--school let other schools through: $one"; fi
err=$("$loom" story "$work/net.h5" --school S-99 2>&1); code=$?
[[ $code -eq 2 ]] && grep -q "no school 'S-99' in buddy (12 schools" <<<"$err" || fail "--school S-99: $code $err"
err=$("$loom" story "$work/story.h5" --school S-1 2>&1); code=$?
[[ $code -eq 2 ]] && grep -q "for a network of schools" <<<"$err" || fail "--school on a school: $code $err"
echo "ok   a network's story uses ids, and --school tells one school's"
