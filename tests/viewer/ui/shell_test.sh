# What the viewer's shell tests share (sourced, not run): their arguments
# (the viewer, loom, the source tree), a temporary working folder that is
# removed at exit, and failure counting (each test ends with its verdict).
set -u
viewer=$1
loom=$2
scenarios=$3/scenarios
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
