// loom_whatif_bench: what-if re-run latency, as the viewer experiences it.
//
//   loom_whatif_bench [--runs 32] [--threads 2] [--iterations 60]
//                     [--scenario FILE.toml ... | --results FILE.h5] [--lever section.key]
//                     [--first-look N]
//
// Times the viewer's whole path from "a lever changed" to "result ready with
// bands computed": WhatIfRunner::submit of top-down and shared-leadership
// (each with --runs replicates) until the result is published. Every
// iteration moves the top-down preset's socialisation pressure, alternating
// between two values, as a slider release does. Drawing the new picture is
// not included (that is the viewer's frame time; see BASELINE.md).
//
// With --scenario (repeatable), those scenarios (any model, e.g. a network
// of schools) are run instead, moving --lever of the first between its value
// and 1.5 times it (0.1 when it is 0). With --results, the scenarios of a
// results file with the settings stored in it, as the viewer's "Change
// levers of these (What if)" starts them. --iterations 1 --lever none times
// one full run of them all (no warm-up, nothing cached): the figure to set
// beside `loom compare` of the same scenarios and runs.
//
// With --first-look N, the runner publishes a first look from N runs of
// each scenario before the full result (as the viewer does for slow
// scenarios); its latency is reported as whatif_release_to_first_look.
//
// Output: CSV lines benchmark,threads,runs,iterations,median_ms,p90_ms,min_ms,max_ms
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/parallel_for.hpp"
#include "viewer/data/results_file.hpp"
#include "viewer/data/whatif_runner.hpp"

using namespace loom;
using namespace loom::viewer;

namespace {

// CPU time of the whole process (every thread), so that a run's CPU cost
// can be set beside `loom compare`'s (/usr/bin/time's user + sys).
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

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
  std::vector<std::string> scenarios;
  std::string results, lever = "leadership.socialisation_pressure";
  for (int i = 1; i + 1 < argc; i += 2) {
    const int value = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--scenario") == 0)
      scenarios.emplace_back(argv[i + 1]);
    else if (std::strcmp(argv[i], "--results") == 0)
      results = argv[i + 1];
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
                   "[--scenario FILE.toml ... | --results FILE.h5] [--lever section.key|none] "
                   "[--first-look N]\n");
      return 2;
    }
  }
  if (runs < 1 || threads < 0 || iterations < 1) {
    std::fprintf(stderr, "loom_whatif_bench: values must be positive\n");
    return 2;
  }
  const std::string presets = std::string(LOOM_SOURCE_DIR) + "/scenarios/";
  WhatIfRequest request;
  try {
    if (!results.empty()) {
      for (const auto& data : load_results_file(results).scenarios) {
        if (!data->settings) throw std::runtime_error(data->id + " has no stored settings");
        request.scenarios.push_back(*data->settings);
      }
    } else if (scenarios.empty()) {
      request.scenarios = {ScenarioSettings::from_file(presets + "top-down.toml"),
                           ScenarioSettings::from_file(presets + "shared-leadership.toml")};
    }
    for (const auto& file : scenarios)
      request.scenarios.push_back(ScenarioSettings::from_file(file));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "loom_whatif_bench: %s\n", e.what());
    return 2;
  }
  request.replicates = runs;
  request.threads = threads;
  request.first_look = first_look;
  // --lever none: nothing moves, so every iteration is a whole first run on
  // a fresh runner (an empty cache), with no warm-up.
  const bool fixed = lever == "none";
  const auto dot = lever.find('.');
  const std::string section = lever.substr(0, dot);
  const std::string key = dot == std::string::npos ? "" : lever.substr(dot + 1);
  const auto found = fixed ? std::optional<double>(0.0) : request.scenarios[0].value(section, key);
  if (!found) {
    std::fprintf(stderr, "loom_whatif_bench: no lever %s in the scenario\n", lever.c_str());
    return 2;
  }
  const double pressure = *found;
  const bool presets_only = scenarios.empty() && results.empty();
  double moved = pressure == 0.0 ? 0.1 : 1.5 * pressure;
  if (!fixed && !request.scenarios[0].set(section, key, moved)) moved = pressure;  // out of range
  const std::size_t expected = request.scenarios.size();

  // The runner's wake-up call (the viewer's redraw) notes when a first look
  // is published.
  using Clock = std::chrono::steady_clock;
  std::atomic<Clock::rep> first_seen{0};
  std::unique_ptr<WhatIfRunner> runner;
  const auto fresh_runner = [&] {
    runner.reset();  // its worker stops first
    runner = std::make_unique<WhatIfRunner>([&] {
      const auto latest = runner ? runner->latest() : nullptr;
      Clock::rep none = 0;
      if (latest && latest->partial)
        first_seen.compare_exchange_strong(none, Clock::now().time_since_epoch().count());
    });
  };
  fresh_runner();
  std::vector<double> total, compute, first;
  double cpu_seconds = 0.0;
  for (int i = fixed ? 0 : -3; i < iterations; ++i) {  // 3 warm-up rounds, not recorded
    if (fixed && i > 0) fresh_runner();
    if (!fixed) {
      request.scenarios[0].set(section, key,
                               i % 2 == 0 ? pressure : (presets_only ? pressure + 0.1 : moved));
    }
    first_seen = 0;
    const double cpu_before = process_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const auto generation = runner->submit(request);
    const auto result = runner->wait_for(generation, std::chrono::minutes(5));
    const auto end = std::chrono::steady_clock::now();
    if (!result || result->generation != generation || !result->error.empty() ||
        result->scenarios.size() != expected || result->scenarios[0]->bands.empty()) {
      std::fprintf(stderr, "loom_whatif_bench: run %d failed: %s\n", i,
                   result ? result->error.c_str() : "no result");
      return 1;
    }
    if (i < 0) continue;
    cpu_seconds += process_cpu_seconds() - cpu_before;
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
      "from lever change to bands ready (target < 100 ms before drawing); CPU %.2f s per "
      "iteration\n",
      expected, runs, resolve_thread_count(threads), lever.c_str(), percentile(total, 0.5),
      percentile(total, 0.9), cpu_seconds / static_cast<double>(total.size()));
  return 0;
}
