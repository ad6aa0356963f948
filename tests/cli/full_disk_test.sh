#!/usr/bin/env bash
# A full disk (or quota, or any write error) ends `loom` with exit code 3 and
# the system's reason, no crash (it used to print the message, then die with
# SIGSEGV, exit 139, in HDF5's exit handler), and leaves no .partial behind.
#
# Needs a small file system that fills up: a 64 KiB tmpfs, which only root
# can mount (and only where the container allows it). Otherwise the test is
# skipped with exit code 77 and says why.
set -u
loom=$1
work=$(mktemp -d)
disk="$work/disk"
mkdir -p "$disk"
cleanup() { umount "$disk" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: mounting a small tmpfs needs root"; exit 77
fi
if ! mount -t tmpfs -o size=64k tmpfs "$disk" 2>"$work/mount.err"; then
  echo "SKIP: cannot mount a tmpfs here: $(cat "$work/mount.err")"; exit 77
fi

# Ten tries each: the write that fails is made by whichever worker thread
# delivers the unit, and HDF5's error printing is per thread; a thread that
# had not silenced its own printed HDF5's error stack in about 1 run in 5.
for try in $(seq 1 10); do
for cmd in run compare; do
  if [[ $cmd == run ]]; then
    args=(run "$2/scenarios/top-down.toml")
  else
    args=(compare "$2/scenarios/top-down.toml" "$2/scenarios/shared-leadership.toml")
  fi
  "$loom" "${args[@]}" -r 8 -q -o "$disk/full.h5" >"$work/out" 2>"$work/err"
  code=$?
  [[ $code -eq 3 ]] || { cat "$work/err" | head -5; fail "$cmd on a full disk: exit $code (want 3)"; }
  grep -q "No space left on device" "$work/err" || fail "$cmd: no reason given: $(head -3 "$work/err")"
  [[ $(wc -l <"$work/err") -eq 1 ]] || fail "$cmd: more than the one message: $(head -5 "$work/err")"
  leftover=$(ls -A "$disk")
  [[ -z $leftover ]] || fail "$cmd left files on the full disk: $leftover"
  [[ $try -eq 1 ]] && echo "ok   $cmd on a full disk: exit 3, '$(cat "$work/err")', nothing left behind"
done
done
echo "ok   the same, 10 times each: one message every time"
