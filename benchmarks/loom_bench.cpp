// loom_bench: throughput of the March core and the school model.
//
//   loom_bench march [--iterations N]   runs to equilibrium per second, 1 and all threads,
//                                       and the full 9 x 3 Figure 1 grid
//   loom_bench school [--runs N]        ms per one-school run on one core, per preset
//
// Output lines are CSV: benchmark,threads,runs,seconds,ms_per_run,runs_per_second
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "models/catalog/march_runner.hpp"
#include "models/catalog/scenario_runner.hpp"
#include "sim/core/parallel_for.hpp"

using namespace loom;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void row(const char* name, int threads, double runs, double seconds) {
  std::printf("%s,%d,%.0f,%.3f,%.4f,%.0f\n", name, threads, runs, seconds, 1000.0 * seconds / runs,
              runs / seconds);
  std::fflush(stdout);
}

// The Python reference March's speed is compared with: ~0.2 s per run on
// this machine class (p2 = 0.5, p1 grid 0.1-0.9); benchmarks/BASELINE.md,
// "March".
constexpr double kPythonSecondsPerRun = 0.2;

int bench_march(int iterations) {
  const std::vector<double> p1{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  const int all = resolve_thread_count(0);
  for (int threads : {1, all}) {
    MarchGridRequest q;
    q.p1 = p1;
    q.p2 = {0.5};
    q.iterations = iterations;
    q.threads = threads;
    const auto start = std::chrono::steady_clock::now();
    run_march_grid(q);
    const double s = seconds_since(start);
    const double runs = 9.0 * iterations;
    row("march_p2_0.5", threads, runs, s);
    std::printf("# %d thread(s): %.1fx faster per run than the 0.2 s Python reference\n", threads,
                kPythonSecondsPerRun / (s / runs));
  }
  MarchGridRequest full;
  full.p1 = p1;
  full.p2 = {0.1, 0.5, 0.9};
  full.iterations = 10000;
  const auto start = std::chrono::steady_clock::now();
  run_march_grid(full);
  const double s = seconds_since(start);
  row("march_full_grid_10000", all, 27.0 * 10000, s);
  std::printf("# full 10,000-iteration 9 x 3 grid: %.2f s on %d thread(s) (target < 60 s)\n", s,
              all);
  return 0;
}

int bench_school(int runs) {
  for (const char* preset : {"top-down", "shared-leadership"}) {
    RunRequest request;
    const auto s =
        load_scenario(std::string(LOOM_SOURCE_DIR) + "/scenarios/" + preset + ".toml", request);
    const auto start = std::chrono::steady_clock::now();
    double checksum = 0.0;
    for (int r = 0; r < runs; ++r)
      checksum += s.model->run(s.header.seed, static_cast<std::uint64_t>(r)).summary[0];
    const double sec = seconds_since(start);
    row((std::string("school_") + preset).c_str(), 1, runs, sec);
    std::printf(
        "# %s: %.3f ms per run on one core, every mechanism on (target < 5 ms); checksum %.6f\n",
        preset, 1000.0 * sec / runs, checksum);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: loom_bench march [--iterations N] | school [--runs N]\n");
    return 2;
  }
  const std::string what = argv[1];
  int count = what == "march" ? 2000 : 1000;
  if (argc == 4) count = std::stoi(argv[3]);
  std::printf("benchmark,threads,runs,seconds,ms_per_run,runs_per_second\n");
  if (what == "march") return bench_march(count);
  if (what == "school") return bench_school(count);
  std::fprintf(stderr, "unknown benchmark '%s'\n", what.c_str());
  return 2;
}
