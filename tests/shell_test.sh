# What the shell tests share (sourced after they read their arguments): a
# temporary working folder that is removed at exit and is the current
# folder, and failure counting (each test ends with its verdict).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
