#!/usr/bin/env bash
# A run killed mid-way leaves no file under the results name: at most a
# ".partial" that no reader mistakes for results. A completed run leaves the
# file and no ".partial".
set -u
loom=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$loom" compare "$2/scenarios/top-down.toml" "$2/scenarios/shared-leadership.toml" \
  -r 200000 -t 1 -o "$work/killed.h5" >/dev/null 2>&1 &
pid=$!
sleep 2
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [[ -e "$work/killed.h5" ]]; then
  echo "FAIL: killed run left $work/killed.h5"; exit 1
fi
echo "ok   killed run left no results file"

"$loom" run "$2/scenarios/top-down.toml" -r 3 -o "$work/done.h5" >/dev/null || { echo "FAIL: run failed"; exit 1; }
if [[ ! -s "$work/done.h5" || -e "$work/done.h5.partial" ]]; then
  echo "FAIL: completed run did not leave exactly the results file"; exit 1
fi
echo "ok   completed run left the results file only"
