#!/usr/bin/env bash
# How robust is the headline (shared minus top-down leadership)? Re-runs the
# comparison, with business as usual (the same school doing nothing new) as
# the baseline, under each of the four invented constants that move it most
# (Morris screening, docs/sensitivity.md; read from
# scenarios/sensitivity-ranking.tsv) at the low and high ends of its screened
# range. For each it prints the differences in mean outcome and in the gap
# between student groups with 95% intervals (paired by replicate), shared
# leadership against doing nothing, the first year from which the headline
# holds to the end, and whether it holds, flips or is unclear under that
# assumption. Then the share of the meeting grid (cadence x agenda x
# observation noise; docs/validation/school.md, section i) where the
# headline and PDSA's value hold. Computed live, so it stays true to the
# model; about 10 s on 2 cores.
# Usage: scripts/robustness.sh [LOOM] [REPLICATES]
set -euo pipefail
cd "$(dirname "$0")/.."
loom=${1:-build/release/cli/loom}
runs=${2:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The four invented constants that move the headline most, with the ends
# of their screened range and their plain-language label: the first rows of
# scenarios/sensitivity-ranking.tsv, which scripts/sensitivity.py writes from
# its Morris screen (so this table follows the latest screen).
ranking=scenarios/sensitivity-ranking.tsv
[[ -r $ranking ]] || { echo "robustness: $ranking is missing (scripts/sensitivity.py writes it)" >&2; exit 1; }
assumptions=()
while IFS=$'\t' read -r key low high _ label; do
  assumptions+=("$key|$low|$high|$label")
done < <(grep -v '^#' "$ranking" | head -n 4)

# A value from compare's CSV (columns found by their header names, so a new
# column never shifts what is read): field FIELD of scenario SCENARIO at
# YEAR ("" = end of run), as "mean [low, high]" of column set PREFIX
# ("difference" = from top-down, "baseline_difference" = from doing nothing).
value() {  # value FILE SCENARIO FIELD YEAR PREFIX
  awk -F, -v s="$2" -v f="$3" -v y="$4" -v p="$5" '
    NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
    $col["scenario"] == s && $col["field"] == f && $col["year"] == y {
      m = $col[p]; lo = $col[p "_low"]; hi = $col[p "_high"]
      if (m == "") print "n/a"; else printf "%+.3f [%+.3f, %+.3f]", m, lo, hi
      exit }' "$1"
}
# holds / FLIPS / unclear: shared minus top-down on mean outcome at the
# end, interval above 0, below 0, or across it.
verdict() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
    $col["scenario"] == "shared-leadership" && $col["field"] == "outcome_mean" && $col["year"] == "" {
      if ($col["difference_low"] > 0) print "holds"
      else if ($col["difference_high"] < 0) print "FLIPS"
      else print "unclear"; exit }' "$1"
}
# The first year from which the headline holds in every later year ("-" if
# it does not hold at the end).
holds_from() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
    $col["scenario"] == "shared-leadership" && $col["field"] == "outcome_mean" && $col["year"] != "" {
      y = $col["year"] + 0; ok[y] = $col["difference_low"] > 0; if (y > last) last = y }
    END { first = "-"; for (y = last; y >= 1 && ok[y]; --y) first = y; print first }' "$1"
}

compare() {  # compare OUT.csv [--set k=v]
  local out=$1
  shift
  "$loom" compare top-down shared-leadership --baseline business-as-usual -r "$runs" -q \
    --format csv -o "$work/r.h5" "$@" >"$out"
}

row() {  # row LABEL FILE
  printf '%-44s | %-23s | %-23s | %-23s | %-5s | %s\n' "$1" \
    "$(value "$2" shared-leadership outcome_mean "" difference)" \
    "$(value "$2" shared-leadership outcome_gap "" difference)" \
    "$(value "$2" shared-leadership outcome_mean "" baseline_difference)" \
    "$(holds_from "$2")" "$(verdict "$2")"
}

echo
echo "How robust is this? Shared minus top-down leadership at the end of the run, $runs paired"
echo "runs each, 95% intervals, with one invented constant (Loom assumption) at a time moved"
echo "to the low or high end of the range screened in docs/sensitivity.md. \"vs doing nothing\":"
echo "shared leadership minus the same school with no new improvement work (business as usual)."
echo "\"from year\": the first year from which shared leadership leads on mean outcome to the end."
printf '%-44s | %-23s | %-23s | %-23s | %-5s | %s\n' "assumption" "mean outcome" \
  "gap between groups" "vs doing nothing (mean)" "from" "headline"
compare "$work/base.csv"
row "as in the presets" "$work/base.csv"
for a in "${assumptions[@]}"; do
  IFS='|' read -r key low high words <<<"$a"
  for value in "$low" "$high"; do
    compare "$work/a.csv" --set "$key=$value"
    row "$key = $value" "$work/a.csv"
  done
  echo "    ($key: $words)"
done

# The meeting cadence, agenda and observation noise are assumptions too
# (meetings.every_weeks, agenda_items, observation_noise): their joint grid
# is run by scripts/validate.py (section i), which writes this summary.
grid=docs/validation/meeting-grid.tsv
if [[ -r $grid ]]; then
  awk -F'\t' '!/^#/ && NF >= 5 {
    if (!said++)
      printf "Over the joint grid of meeting cadence x agenda items x observation noise (%d cells, %s):\n", $2, $5
    printf "  %s: holds in %d of %d cells (means %s).\n", $1, $3, $2, $4 }' "$grid"
fi
# Over the plausible worlds: when a calibration ships with the presets
# (scenarios/calibration/, docs/calibration.md), the headline at draws of
# its posterior, where the invented constants it fitted vary together as
# the published patterns allow.
posterior=scenarios/calibration/school-posterior.h5
if [[ -r $posterior ]]; then
  echo "Over the calibrated plausible worlds (docs/calibration.md):"
  "$loom" compare top-down shared-leadership --posterior "$posterior" --draws 40 -r 5 |
    sed 's/^/  /'
fi
echo "Headline = shared leadership has the higher mean outcome (interval above 0); a negative"
echo "gap difference means a smaller gap under shared leadership. Every size here follows from"
echo "stated assumptions (illustrative, not a forecast): docs/sensitivity.md and"
echo "docs/validation.md map where it holds."
