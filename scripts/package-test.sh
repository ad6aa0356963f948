#!/usr/bin/env bash
# The Debian package, tested as a user would meet it: build it with CPack
# from the release build (reused: only packaging work here), install it with
# apt resolving its dependencies, run loom from outside the source tree on
# an installed preset, then remove it. Needs root for apt; otherwise prints
# the install line and skips (exit 0). Usage: scripts/package-test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}

if [[ ! -x $build/cli/loom ]]; then
  echo "package test: no release build in $build (run cmake --build --preset release first)" >&2
  exit 1
fi
rm -f "$build"/loom_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/loom_*.deb)
echo "built $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Depends

if [[ $(id -u) -ne 0 ]]; then
  echo "package test skipped (not root); to try it: sudo apt-get install -y ./$deb"
  exit 0
fi
if dpkg -s loom >/dev/null 2>&1; then
  echo "package test: a loom package is already installed; not touching it" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'apt-get remove -y loom >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cp "$deb" "$work/"
# apt needs a path with a slash to take a local file; it resolves Depends.
(cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y "./$(basename "$deb")" >/dev/null)
cd "$work"  # outside the source and build trees
/usr/bin/loom --version
/usr/bin/loom run /usr/share/loom/scenarios/shared-leadership.toml -r 2 -o "$work/x.h5" -q --format none
test -s "$work/x.h5"
# To a file, not `| head`: head closing the pipe early would kill loom with
# SIGPIPE, which pipefail reports as a failure.
/usr/bin/loom run move-to-shared-in-year-2 -r 2 -o "$work/y.h5" -q --format csv >"$work/y.csv"
head -2 "$work/y.csv"
test -f /usr/share/doc/loom/workshop.md
test -x /usr/bin/loom-viewer || echo "note: this build has no viewer (LOOM_BUILD_VIEWER=OFF)"
DEBIAN_FRONTEND=noninteractive apt-get remove -y loom >/dev/null
if [[ -e /usr/bin/loom ]]; then
  echo "package test: /usr/bin/loom is still there after apt-get remove" >&2
  exit 1
fi
echo "package test: installed, ran from $work, removed"
