#!/usr/bin/env bash
# scripts/robustness.sh prints the headline under each screened assumption:
# 9 rows (presets + 4 constants x low/high), each with two intervals and a
# verdict. 10 runs per comparison: this checks the table, not the model.
set -u
loom=$1
src=$2
out=$(bash "$src/scripts/robustness.sh" "$loom" 10) || { echo "FAIL: robustness.sh exited $?"; exit 1; }
rows=$(grep -cE '^\S.* \| [+-][0-9.]+ \[[+-][0-9.]+, [+-][0-9.]+\] +\| [+-][0-9.]+ \[[+-][0-9.]+, [+-][0-9.]+\] +\| (holds|FLIPS|unclear)$' <<<"$out")
if [[ $rows -ne 9 ]]; then
  echo "FAIL: $rows of 9 rows have both differences and a verdict:"; echo "$out"; exit 1
fi
grep -q "^as in the presets " <<<"$out" || { echo "FAIL: no presets row"; exit 1; }
echo "ok   9 rows, each with both differences and a verdict"
