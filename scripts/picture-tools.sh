# Sourced by the picture scripts (workshop-pictures.sh, network-pictures.sh):
# sets `loom`, `viewer` and `draw` (the viewer, under xvfb-run when there is
# no display), or stops with what to build or install. $1: the script's name
# for messages.
picture_tools() {
  local name=$1
  local build=${LOOM_BUILD_DIR:-build/release}
  loom=$build/cli/loom
  viewer=$build/viewer/loom-viewer
  for tool in "$loom" "$viewer"; do
    if [[ ! -x $tool ]]; then
      echo "$name: $tool is missing; build it first:" >&2
      echo "  cmake --preset release -DLOOM_BUILD_VIEWER=ON && cmake --build --preset release --target loom loom-viewer" >&2
      exit 1
    fi
  done
  draw=("$viewer")
  if [[ -z "${DISPLAY:-}" ]]; then
    command -v xvfb-run >/dev/null || { echo "$name: needs xvfb-run (package xvfb) without a display" >&2; exit 1; }
    draw=(xvfb-run -a -s "-screen 0 1920x1200x24" "$viewer")
  fi
}
