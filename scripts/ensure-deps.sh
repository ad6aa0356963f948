#!/usr/bin/env bash
# Installs the Debian packages Loom needs for the named purposes.
#   scripts/ensure-deps.sh build [test] [viewer]
# As root it runs apt-get; otherwise it prints the exact line to run and
# exits 1. Packages already installed are left alone.
set -euo pipefail

declare -A groups=(
  # pybind11-dev, python3-dev: the Python module (import loom, cli/python);
  # numpy and pandas are what it returns (xarray, if there, for time series).
  [build]="g++ cmake ninja-build pkg-config git libboost-dev libeigen3-dev libhdf5-dev zlib1g-dev libtoml11-dev libcli11-dev pybind11-dev python3-dev python3-numpy python3-pandas"
  # clang, its runtime (libFuzzer) and libomp: the fuzz preset (scripts/test.sh).
  # OpenMPI: the test build has MPI on (mpirun -n 2 loom sweep is tested).
  # dpkg-dev: dpkg-shlibdeps, which CPack uses for the Debian package's
  # dependencies (scripts/package-test.sh). strace: fault injection into
  # loom analyze's writes (tests/cli/analyze_fault_test.py). pytest and
  # xarray: the Python module's tests (tests/cli/python). poppler-utils: a
  # real PDF reader checks the viewer's handout (tests/viewer/ui/handout_test.sh).
  [test]="poppler-utils dpkg-dev catch2 python3 python3-h5py python3-numpy python3-pandas python3-pytest python3-xarray clang-format clang libclang-rt-dev libomp-dev libopenmpi-dev openmpi-bin strace"
  # loom-viewer (ImGui + GLFW + OpenGL 3, PNG via zlib, DejaVu Sans for
  # projector-sized text) and its headless test and screenshots (Xvfb with
  # Mesa's software OpenGL).
  [viewer]="libimgui-dev libglfw3-dev libgl-dev zlib1g-dev fonts-dejavu-core xvfb xauth libgl1-mesa-dri"
)

wanted=()
for group in "$@"; do
  [[ -n "${groups[$group]:-}" ]] || { echo "ensure-deps: unknown group '$group' (build, test, viewer)" >&2; exit 2; }
  read -r -a list <<<"${groups[$group]}"
  wanted+=("${list[@]}")
done

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "Installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Loom needs these Debian packages. Run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
