#!/usr/bin/env bash
# Loom's main job: top-down vs shared leadership, 100 replicates each, with
# business as usual (the same school doing nothing new) as the baseline,
# written to out/comparison.h5 with summary tables on the terminal (at the
# end, against doing nothing, and year by year), a robustness table, a
# printable handout (out/handout.pdf), then shown in loom-viewer (or, with no
# display, drawn to out/comparison.png).
# Extra arguments go to `loom compare` (e.g. -r 500, --set ...).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-deps.sh build viewer
cmake --preset release -DLOOM_BUILD_TESTS=OFF -DLOOM_BUILD_BENCHMARKS=OFF -DLOOM_BUILD_VIEWER=ON >/dev/null
cmake --build --preset release --target loom loom-viewer

build/release/cli/loom compare scenarios/top-down.toml scenarios/shared-leadership.toml \
  --baseline scenarios/business-as-usual.toml -o out/comparison.h5 "$@"
# Which invented constants could flip the headline (about 10 s).
scripts/robustness.sh build/release/cli/loom 100

viewer=build/release/viewer/loom-viewer
# The printable page of it (key plot, summary in words, the same four
# assumptions re-run with the same 100 paired runs as above).
"$viewer" --handout out/handout.pdf --runs 100 out/comparison.h5 >/dev/null
echo
echo "A one-page handout of the comparison to print or share: out/handout.pdf"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo
  echo "Opening the viewer on out/comparison.h5 (F1 in the window: help and keys)."
  status=0
  "$viewer" out/comparison.h5 || status=$?
  [[ $status -ne 4 ]] && exit "$status"  # 4: no window could be opened after all
fi
# No display: the viewer renders its picture of the comparison headlessly.
xvfb-run -a -s "-screen 0 1920x1200x24" "$viewer" --screenshot out/comparison.png out/comparison.h5 >/dev/null
echo
echo "Results: out/comparison.h5 (layout: docs/output.md)."
echo "No display, so the viewer drew the comparison to: out/comparison.png"
