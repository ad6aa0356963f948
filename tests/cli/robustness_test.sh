#!/usr/bin/env bash
# scripts/robustness.sh prints the headline under each screened assumption:
# 9 rows (presets + 4 constants x low/high), each with three intervals
# (shared - top-down on mean outcome and gap, shared - doing nothing), the
# first year the headline holds from, and a verdict that must agree with
# the first interval (holds = above 0, FLIPS = below 0, else unclear).
# 10 runs per comparison: this checks the table, not the model.
set -u
loom=$1
src=$2
out=$(bash "$src/scripts/robustness.sh" "$loom" 10) || { echo "FAIL: robustness.sh exited $?"; exit 1; }
interval='[+-][0-9.]+ \[[+-][0-9.]+, [+-][0-9.]+\]'
rows=$(grep -E "^\S.* \| $interval +\| $interval +\| $interval +\| ([1-9][0-9]*|-) +\| (holds|FLIPS|unclear)$" <<<"$out")
count=$(grep -c . <<<"$rows")
if [[ $count -ne 9 ]]; then
  echo "FAIL: $count of 9 rows have three differences, a year and a verdict:"; echo "$out"; exit 1
fi
grep -q "^as in the presets " <<<"$rows" || { echo "FAIL: no presets row"; exit 1; }
# Each interval contains its mean, and the verdict follows the first interval.
bad=$(awk -F' [|] ' '{
  for (c = 2; c <= 4; ++c) {
    split($c, v, /[][, ]+/)          # v[1] mean, v[2] low, v[3] high
    if (!(v[2] + 0 <= v[1] + 0 && v[1] + 0 <= v[3] + 0)) print "interval: " $0
  }
  split($2, h, /[][, ]+/)
  verdict = $6; gsub(/ /, "", verdict)
  # Printed to 3 decimals: a bound shown as 0.000 may lie on either side.
  ok = (verdict == "holds" && h[2] >= 0) || (verdict == "FLIPS" && h[3] <= 0) ||
       (verdict == "unclear" && h[2] <= 0 && h[3] >= 0)
  if (!ok) print "verdict: " $0
}' <<<"$rows")
[[ -z $bad ]] || { echo "FAIL:"; echo "$bad"; exit 1; }
echo "ok   9 rows, each with three differences in their intervals and a verdict that follows them"
