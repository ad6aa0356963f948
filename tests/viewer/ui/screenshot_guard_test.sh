#!/usr/bin/env bash
# The viewer's --screenshot path obeys the rules of every Loom output
# (sim/output/output_guard.hpp), checked before any window is opened (so no
# display is needed here): never a file it reads, a link, a folder, a device
# or an existing file that is not a PNG; exit 3 and the file untouched.
set -u
viewer=$1
loom=$2
scenarios=$3/scenarios
source "${BASH_SOURCE%/*}/../../shell_test.sh"

expect() {  # expect NAME PATTERN -- COMMAND...
  local name=$1 pattern=$2
  shift 3
  "$@" >out 2>err
  local got=$?
  if [[ $got -ne 3 ]] || ! grep -qF -- "$pattern" err; then
    fail "$name: exit $got (want 3); stderr: $(head -3 err)"
  else
    echo "ok   $name"
  fi
}

"$loom" run "$scenarios/top-down.toml" -r 2 -q -o run.h5 --format none || exit 1
cp run.h5 before.h5
expect "the results file it opens" "screenshot 'run.h5' is the input file 'run.h5'" \
  -- "$viewer" --screenshot run.h5 run.h5
cmp -s run.h5 before.h5 || fail "run.h5 was changed"
cp "$scenarios/top-down.toml" notes.toml
expect "an existing file that is not a PNG" "'notes.toml' exists and is not a PNG image" \
  -- "$viewer" --screenshot notes.toml run.h5
cmp -s notes.toml "$scenarios/top-down.toml" || fail "notes.toml was changed"
expect "a device" "'/dev/null' is not a regular file" -- "$viewer" --screenshot /dev/null run.h5
echo "keep" >target.txt
ln -s target.txt link.png
expect "a link" "'link.png' is a symbolic link" -- "$viewer" --screenshot link.png run.h5
ln -s target.txt planted.png.partial
expect "a link at the partial name" "partial screenshot 'planted.png.partial' is a symbolic link" \
  -- "$viewer" --screenshot planted.png run.h5
[[ $(cat target.txt) == "keep" ]] || fail "a link's target was changed"
exit $((failures > 0))
