#!/usr/bin/env bash
# Loom's main job: top-down vs shared leadership, 100 replicates each,
# written to out/comparison.h5 with a summary table on the terminal.
# Extra arguments go to `loom compare` (e.g. -r 500, --set ...).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-deps.sh build
cmake --preset release -DLOOM_BUILD_TESTS=OFF -DLOOM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build --preset release --target loom

build/release/cli/loom compare scenarios/top-down.toml scenarios/shared-leadership.toml \
  -o out/comparison.h5 "$@"

if [[ -x build/release/viewer/loom-viewer && -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec build/release/viewer/loom-viewer out/comparison.h5
fi
echo
echo "Results: out/comparison.h5 (layout: docs/output.md). The viewer is not built yet."
