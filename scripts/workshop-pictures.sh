#!/usr/bin/env bash
# Remakes the pictures of the facilitator guide (docs/workshop.md) from the
# current model: runs the workshop's scenarios with `loom compare` and draws
# each view with `loom-viewer --screenshot` (headless: xvfb-run when there is
# no display). Run it after a build whenever the model changes:
#
#   cmake --build --preset release --target loom loom-viewer
#   scripts/workshop-pictures.sh            # pictures in docs/images/workshop/
#
# Results files go to out/workshop/ (not part of the repository).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/picture-tools.sh
picture_tools workshop-pictures

runs=${RUNS:-32}
results=out/workshop
images=docs/images/workshop
mkdir -p "$results" "$images"

# The session's comparisons (see docs/workshop.md, "Session plan").
"$loom" compare scenarios/top-down.toml scenarios/shared-leadership.toml \
  -r "$runs" -o "$results/leadership.h5" >/dev/null
# Equity pauses off and on: the same school, only the pauses differ.
"$loom" compare scenarios/equity-pauses-off.toml scenarios/equity-pauses-on.toml \
  -r "$runs" -o "$results/equity.h5" >/dev/null
"$loom" compare scenarios/shared-leadership.toml scenarios/overload.toml \
  scenarios/subtraction-game.toml -r "$runs" -o "$results/overload.h5" >/dev/null
# The decision point: top-down that moves to shared leadership in year 2.
"$loom" compare scenarios/top-down.toml scenarios/move-to-shared-in-year-2.toml \
  scenarios/shared-leadership.toml -r "$runs" -o "$results/switch.h5" -q --format none
# A network hub's question: hub-and-spoke or buddy partnerships?
"$loom" compare network/hub-and-spoke network/buddy -r "$runs" -o "$results/schools.h5" \
  -q --format none

shot() {  # shot NAME [viewer arguments...]
  local name=$1
  shift
  "${draw[@]}" --screenshot "$images/$name.png" --frames 2 "$@" >/dev/null
  echo "  $images/$name.png"
}

echo "Pictures:"
# Week 100 = year 3, week 28 (36-week school years): mid-way, after the
# first wave of leavers, so the markers and the story have something to show.
shot compare --size 1600x1000 --week 100 "$results/leadership.h5"
shot summary --size 1600x1000 --show-summary "$results/leadership.h5"
shot equity --size 1600x1000 --week 100 "$results/equity.h5"
shot overload --size 1280x800 --week 100 "$results/overload.h5"
shot network --size 1600x1000 --tab staff-network --week 100 "$results/leadership.h5"
shot whatif --size 1600x1000 --whatif top-down,shared-leadership --runs "$runs"
# Week 37 = year 2, week 1: the marker on the planned change.
shot switch --size 1600x1000 --week 37 "$results/switch.h5"
shot help --size 1600x1000 --show-help "$results/leadership.h5"
shot schools --size 1600x1000 --tab schools "$results/schools.h5"
# The printable handout (Ctrl+H; --handout needs no window), pictured by
# poppler's pdftoppm: the session's headline pair against doing nothing new.
"$loom" compare scenarios/top-down.toml scenarios/shared-leadership.toml \
  --baseline scenarios/business-as-usual.toml -r "$runs" -o "$results/handout.h5" -q --format none
"$viewer" --handout "$results/handout.pdf" --runs "$runs" "$results/handout.h5" >/dev/null
pdftoppm -r 80 -png -singlefile "$results/handout.pdf" "$images/handout"
echo "  $images/handout.png (from $results/handout.pdf)"
