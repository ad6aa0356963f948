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

# `import loom` from an install gives the same numbers as that install's
# loom for the same seed, with the presets found beside the module (not in
# the build tree). Run for cmake --install and for the Debian package.
python_check() {  # LOOM_BINARY
  /usr/bin/python3 - "$1" <<'PY'
import os, subprocess, sys, tempfile
import h5py, numpy as np, loom
assert "shared-leadership" in loom.presets(), loom.presets()
r = loom.run("shared-leadership", replicates=2, seed=5)
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "x.h5")
    subprocess.run([sys.argv[1], "run", "shared-leadership", "-r", "2", "-s", "5", "-o", out,
                    "-q", "--format", "none"], check=True)
    with h5py.File(out) as f:
        table = f["scenarios/shared-leadership/summary"][()]
for name in r.summary.columns[2:]:
    assert np.array_equal(r.summary[name], table[name], equal_nan=True), name
print(f"python: import loom from {os.path.dirname(loom.__file__)}: the same "
      f"{len(r.summary.columns) - 2} summary fields as {sys.argv[1]}")
PY
}
if [[ -d $build/python ]]; then
  prefix=$(mktemp -d)
  cmake --install "$build" --prefix "$prefix" >/dev/null
  site=$(echo "$prefix"/lib/python3*/dist-packages)
  (cd "$prefix" && PYTHONPATH=$site python_check "$prefix/bin/loom")
  rm -rf "$prefix"
fi

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
if dpkg -L loom | grep -q "/loom/__init__.py"; then python_check /usr/bin/loom; fi
test -x /usr/bin/loom-viewer || echo "note: this build has no viewer (LOOM_BUILD_VIEWER=OFF)"
DEBIAN_FRONTEND=noninteractive apt-get remove -y loom >/dev/null
if [[ -e /usr/bin/loom ]]; then
  echo "package test: /usr/bin/loom is still there after apt-get remove" >&2
  exit 1
fi
echo "package test: installed, ran from $work, removed"
