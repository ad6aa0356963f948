#!/usr/bin/env bash
# Loom's whole test suite: formatting check, an optimised build with
# warnings as errors and all tests, the Debian package installed and
# removed, then the same tests under
# AddressSanitizer + UndefinedBehaviorSanitizer, then a bounded fuzzing run
# of the scenario reader (clang + libFuzzer).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-deps.sh build test viewer
jobs=$(nproc)

echo "== clang-format check"
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

echo "== release build (-Werror) and tests"
# MPI on: the sweep test checks that `mpirun -n 2 loom sweep` equals one process.
cmake --preset release -DLOOM_BUILD_TESTS=ON -DLOOM_BUILD_BENCHMARKS=ON -DLOOM_BUILD_VIEWER=ON \
  -DLOOM_MPI=ON >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

# The Debian package from that build: apt installs it with its dependencies,
# loom runs an installed preset from outside the tree, apt removes it (as
# root; otherwise the install line is printed and this step is skipped).
echo "== Debian package (cpack -G DEB): install, run, remove"
scripts/package-test.sh build/release

# The sanitizer build includes the viewer's data library and its tests (file
# loading, what-if runner) but not the window: Mesa's software OpenGL under
# ASan is very slow and reports leaks inside the driver, not in Loom.
# It is built at -O1 with line tables only (-g1): the usual sanitizer
# setting, and a third faster to compile than -O2 -g on 2 cores (the suite's
# longest step; CI allows 20 minutes for everything).
# The sanitizer build checks behaviour at run time; it does not use -Werror
# because GCC 12 with -fsanitize reports false -Wmaybe-uninitialized inside
# libstdc++'s <regex> (pulled in by Catch2). The release build above has it.
echo "== sanitizer build (ASan + UBSan) and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

# The scenario reader's libFuzzer target (docs/hardening.md) for a bounded
# time: LOOM_FUZZ_SECONDS, default 60; 0 skips it. Seed corpus: the presets
# and the kept crash inputs. A crash, sanitizer report, leak or an input
# slower than 10 s fails the script and leaves the input in the printed
# folder: copy it to tests/fuzz/regressions/ (a Catch2 test reads them all),
# then fix the reader.
fuzz_seconds=${LOOM_FUZZ_SECONDS:-60}
if [[ $fuzz_seconds -gt 0 ]]; then
  echo "== fuzzing the scenario reader for $fuzz_seconds s"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$jobs"
  fuzz_work=$(mktemp -d)
  mkdir -p "$fuzz_work/corpus"
  if ! build/fuzz/tests/fuzz/loom_scenario_fuzz -max_total_time="$fuzz_seconds" -timeout=10 \
      -max_len=8192 -rss_limit_mb=2048 -dict=tests/fuzz/toml.dict -print_final_stats=1 \
      -artifact_prefix="$fuzz_work/" "$fuzz_work/corpus" scenarios tests/fuzz/regressions \
      >"$fuzz_work/log" 2>&1; then
    tail -n 60 "$fuzz_work/log"
    echo "fuzzing found a problem; the input is in $fuzz_work (crash-*, timeout-*, leak-*, oom-*)" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$fuzz_work/log"
  rm -rf "$fuzz_work"
fi
