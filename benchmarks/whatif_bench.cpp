// loom_whatif_bench: what-if re-run latency, as the viewer experiences it.
//
//   loom_whatif_bench [--runs 32] [--threads 2] [--iterations 60]
//                     [--scenario FILE.toml --lever section.key] [--first-look N]
//
// Times the viewer's whole path from "a lever changed" to "result ready with
// bands computed": WhatIfRunner::submit of top-down and shared-leadership
// (each with --runs replicates) until the result is published. Every
// iteration moves the top-down preset's socialisation pressure, alternating
// between two values, as a slider release does. Drawing the new picture is
// not included (that is the viewer's frame time; see BASELINE.md).
//
// With --scenario, that one scenario (any model, e.g. a network of schools)
// is re-run instead, moving --lever between its value and 1.5 times it
// (0.1 when it is 0).
//
// With --first-look N, the runner publishes a first look from N runs of
// each scenario before the full result (as the viewer does for slow
// scenarios); its latency is reported as whatif_release_to_first_look.
//
// Output: CSV lines benchmark,threads,runs,iterations,median_ms,p90_ms,min_ms,max_ms
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sim/core/parallel_for.hpp"
#include "viewer/data/whatif_runner.hpp"

using namespace loom;
using namespace loom::viewer;

namespace {

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void row(const char* name, int threads, int runs, const std::vector<double>& ms) {
  std::printf("%s,%d,%d,%zu,%.1f,%.1f,%.1f,%.1f\n", name, threads, runs, ms.size(),
              percentile(ms, 0.5), percentile(ms, 0.9), percentile(ms, 0.0), percentile(ms, 1.0));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 32, threads = 2, iterations = 60, first_look = 0;
  std::string scenario, lever = "leadership.socialisation_pressure";
  for (int i = 1; i + 1 < argc; i += 2) {
    const int value = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--scenario") == 0)
      scenario = argv[i + 1];
    else if (std::strcmp(argv[i], "--lever") == 0)
      lever = argv[i + 1];
    else if (std::strcmp(argv[i], "--runs") == 0)
      runs = value;
    else if (std::strcmp(argv[i], "--threads") == 0)
      threads = value;
    else if (std::strcmp(argv[i], "--iterations") == 0)
      iterations = value;
    else if (std::strcmp(argv[i], "--first-look") == 0)
      first_look = value;
    else {
      std::fprintf(stderr,
                   "usage: loom_whatif_bench [--runs N] [--threads N] [--iterations N] "
                   "[--scenario FILE.toml --lever section.key] [--first-look N]\n");
      return 2;
    }
  }
  if (runs < 1 || threads < 0 || iterations < 1) {
    std::fprintf(stderr, "loom_whatif_bench: values must be positive\n");
    return 2;
  }
  const std::string presets = std::string(LOOM_SOURCE_DIR) + "/scenarios/";
  WhatIfRequest request;
  if (scenario.empty()) {
    request.scenarios = {ScenarioSettings::from_file(presets + "top-down.toml"),
                         ScenarioSettings::from_file(presets + "shared-leadership.toml")};
  } else {
    request.scenarios = {ScenarioSettings::from_file(scenario)};
  }
  request.replicates = runs;
  request.threads = threads;
  request.first_look = first_look;
  const auto dot = lever.find('.');
  const std::string section = lever.substr(0, dot);
  const std::string key = dot == std::string::npos ? "" : lever.substr(dot + 1);
  const auto found = request.scenarios[0].value(section, key);
  if (!found) {
    std::fprintf(stderr, "loom_whatif_bench: no lever %s in the scenario\n", lever.c_str());
    return 2;
  }
  const double pressure = *found;
  double moved = pressure == 0.0 ? 0.1 : 1.5 * pressure;
  if (!request.scenarios[0].set(section, key, moved)) moved = pressure;  // out of range: keep
  const std::size_t expected = request.scenarios.size();

  // The runner's wake-up call (the viewer's redraw) notes when a first look
  // is published.
  using Clock = std::chrono::steady_clock;
  std::atomic<Clock::rep> first_seen{0};
  WhatIfRunner* self = nullptr;
  WhatIfRunner runner([&] {
    const auto latest = self ? self->latest() : nullptr;
    Clock::rep none = 0;
    if (latest && latest->partial)
      first_seen.compare_exchange_strong(none, Clock::now().time_since_epoch().count());
  });
  self = &runner;
  std::vector<double> total, compute, first;
  for (int i = -3; i < iterations; ++i) {  // 3 warm-up rounds, not recorded
    request.scenarios[0].set(section, key,
                             i % 2 == 0 ? pressure : (scenario.empty() ? pressure + 0.1 : moved));
    first_seen = 0;
    const auto start = std::chrono::steady_clock::now();
    const auto generation = runner.submit(request);
    const auto result = runner.wait_for(generation, std::chrono::minutes(5));
    const auto end = std::chrono::steady_clock::now();
    if (!result || result->generation != generation || !result->error.empty() ||
        result->scenarios.size() != expected || result->scenarios[0]->bands.empty()) {
      std::fprintf(stderr, "loom_whatif_bench: run %d failed: %s\n", i,
                   result ? result->error.c_str() : "no result");
      return 1;
    }
    if (i < 0) continue;
    total.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    compute.push_back(result->milliseconds());
    if (first_look > 0 && first_seen != 0) {
      const Clock::time_point seen{Clock::duration{first_seen.load()}};
      first.push_back(std::chrono::duration<double, std::milli>(seen - start).count());
    }
  }
  std::printf("benchmark,threads,runs,iterations,median_ms,p90_ms,min_ms,max_ms\n");
  row("whatif_release_to_result", resolve_thread_count(threads), runs, total);
  row("whatif_worker_compute", resolve_thread_count(threads), runs, compute);
  if (!first.empty())
    row("whatif_release_to_first_look", resolve_thread_count(threads), first_look, first);
  std::printf(
      "# %zu scenario(s) x %d runs on %d thread(s), moving %s: median %.1f ms, p90 %.1f ms "
      "from lever change to bands ready (target < 100 ms before drawing)\n",
      expected, runs, resolve_thread_count(threads), lever.c_str(), percentile(total, 0.5),
      percentile(total, 0.9));
  return 0;
}
