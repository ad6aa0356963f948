// Same scenario + seed => bit-identical datasets for any thread count.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include <unistd.h>

#include "cli/march_command.hpp"
#include "models/runner/scenario_runner.hpp"
#include "sim/hdf5_file.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

std::uint64_t fnv1a(const std::vector<unsigned char>& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

// Runs both presets with `threads` workers into a file; hashes every dataset.
std::map<std::string, std::uint64_t> comparison_hashes(int threads, std::uint64_t seed) {
  RunRequest request;
  request.replicates = 13;  // not a multiple of any thread count tried
  request.seed = seed;
  // Unique per call: ctest runs test cases in parallel processes.
  const fs::path path =
      fs::temp_directory_path() / ("loom_repro_" + std::to_string(::getpid()) + "_" +
                                   std::to_string(threads) + "_" + std::to_string(seed) + ".h5");
  {
    // The path `loom compare` takes: one plan, one loop, the streaming sink.
    std::vector<LoadedScenario> scenarios;
    for (const char* name : {"top-down", "shared-leadership"}) {
      scenarios.push_back(
          load_scenario(std::string(LOOM_SOURCE_DIR) + "/scenarios/" + name + ".toml", request));
    }
    FileRunOptions options;
    options.output = path.string();
    options.threads = threads;
    options.progress = ProgressObserver::Mode::kQuiet;
    run_to_file(scenarios, options);
  }
  const Hdf5Reader in(path);
  std::map<std::string, std::uint64_t> hashes;
  for (const auto& d : in.dataset_paths()) hashes[d] = fnv1a(in.raw_bytes(d));
  fs::remove(path);
  return hashes;
}

}  // namespace

TEST_CASE("Every output dataset is bit-identical for 1, 2, 3, 4 and 8 threads",
          "[reproducibility]") {
  const auto reference = comparison_hashes(1, 2026);
  REQUIRE(reference.count("/scenarios/top-down/timeseries") == 1);
  REQUIRE(reference.count("/scenarios/shared-leadership/summary") == 1);
  REQUIRE(reference.count("/scenarios/shared-leadership/events") == 1);
  REQUIRE(reference.count("/scenarios/top-down/network_edges") == 1);
  for (int threads : {2, 3, 4, 8}) {
    INFO(threads << " threads");
    CHECK(comparison_hashes(threads, 2026) == reference);
  }
}

TEST_CASE("A different seed gives different results", "[reproducibility]") {
  const auto a = comparison_hashes(2, 1), b = comparison_hashes(2, 2);
  CHECK(a.at("/scenarios/top-down/timeseries") != b.at("/scenarios/top-down/timeseries"));
}

TEST_CASE("The March grid is identical for 1 and 8 threads", "[reproducibility][march]") {
  MarchGridRequest q;
  q.p1 = {0.1, 0.9};
  q.p2 = {0.5};
  q.iterations = 150;
  q.threads = 1;
  const MarchGridResult one = run_march_grid(q);
  q.threads = 8;
  const MarchGridResult eight = run_march_grid(q);
  CHECK(one.knowledge == eight.knowledge);
  CHECK(one.periods == eight.periods);
}
