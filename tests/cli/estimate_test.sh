#!/usr/bin/env bash
# Work that cannot fit is refused before it starts (sim/run/run_estimate.hpp),
# with exit code 2 and a message naming --force; --force runs it anyway.
# Memory: `loom compare` keeps every run's summary row (8 bytes a field), so
# 2 x 1,000,000 runs need about 870 MB; under a 600 MB address-space limit
# (ulimit -v) that is refused. Time: a March grid of 81 x 81 cells at
# 10,000,000 iterations, or one open-system cell with 100,000 periods per
# run, would take days on this machine. Sweeps: a design too large for the
# memory is refused before it is built (a 50M-point design once ended in
# std::bad_alloc after 33 s), and a sweep measured at over 24 h after its
# first 4 units (a 10^8-run sweep once just started, "ETA 163h").
set -u
loom=$1
scenarios=$2/scenarios
source "${BASH_SOURCE%/*}/../shell_test.sh"

refused() {  # refused NAME PATTERN MAX_SECONDS -- COMMAND...
  local name=$1 pattern=$2 limit=$3
  shift 4
  local start=$SECONDS
  "$@" >out 2>err
  local got=$?
  if [[ $got -ne 2 ]] || ! grep -qE -- "$pattern" err || ! grep -qF -- "--force" err; then
    fail "$name: exit $got (want 2, a message with '$pattern' and --force); stderr: $(head -3 err)"
  elif ((SECONDS - start > limit)); then
    fail "$name: refused only after $((SECONDS - start)) s"
  elif ls ./*.h5* >/dev/null 2>&1; then
    fail "$name: left files: $(ls ./*.h5*)"
  else
    echo "ok   $name: $(cat err)"
  fi
}

pair=("$scenarios/top-down.toml" "$scenarios/shared-leadership.toml")
refused "memory over the address-space limit" "would need about .* of memory.*ulimit -v" 5 \
  -- bash -c "ulimit -v 600000; exec \"$loom\" compare ${pair[*]} -r 1000000 -q -o mem.h5"
refused "March grid of days" "would take about .* days" 30 \
  -- "$loom" march --p1 0.1:0.9:0.01 --p2 0.1:0.9:0.01 -n 10000000 -q -o grid.h5
# A run's length is measured, not assumed: a huge max_periods is no
# problem for closed runs (they stop at equilibrium) ...
"$loom" march --p1 0.5 --p2 0.5 -n 64 -q -o closed.h5 >/dev/null 2>err ||
  fail "a small closed March grid was refused: $(cat err)"
echo "ok   a small closed March grid runs"
rm -f closed.h5
# ... while open-system runs of 100,000 periods each are timed as such.
refused "March open system, 100,000 periods" "would take about" 60 \
  -- "$loom" march --p1 0.5 --p2 0.5 --p3 0.1 --periods 100000 -n 10000000 -q -o open.h5

# Sweeps. 2,000,000 Ishigami points need about 1.7 GB to prepare; under a
# 600 MB limit that is refused at once.
printf '[sweep]\nmodel = "ishigami"\ndesign = "sobol"\nsamples = 400000\nreplicates = 1\n[factors]\n"ishigami.x1" = { min = -3, max = 3 }\n"ishigami.x2" = { min = -3, max = 3 }\n"ishigami.x3" = { min = -3, max = 3 }\n' >big.toml
refused "sweep design over the memory" "2000000 design points x 1 replicates need about .* of memory" 5 \
  -- bash -c "ulimit -v 600000; exec \"$loom\" sweep big.toml -q -o big.h5"
# 1,000,000 runs of a 60-school network over 6 years, about 0.5 s each.
printf '[scenario]\nbase = "%s"\n[network]\nschools = 60\n[school]\nyears = 6\n' \
  "$scenarios/network/network-base.toml" >slow.toml
printf '[sweep]\nbase = "slow.toml"\ndesign = "lhs"\nsamples = 1000000\nreplicates = 1\nrecord = "summary"\n[factors]\n"hub.coaching_capacity" = { min = 2, max = 20 }\n' >long.toml
refused "sweep of days" "the sweep would take about .*, more than 24 h" 120 \
  -- "$loom" sweep long.toml -q -o long.h5
[[ -e long.h5.journal ]] && fail "the refused sweep left its journal"

# --force skips the refusal: the memory case starts running (stopped here
# after 3 s: it is past the estimate once it reports progress or runs on).
bash -c "ulimit -v 600000; exec timeout 3 \"$loom\" compare ${pair[*]} -r 1000000 -o forced.h5 --force" \
  >out 2>err
code=$?
if [[ $code -ne 124 ]] || grep -q "would need" err; then
  fail "--force: exit $code (want 124, stopped by timeout while running); stderr: $(head -3 err)"
else
  echo "ok   --force runs anyway"
fi
exit $((failures > 0))
