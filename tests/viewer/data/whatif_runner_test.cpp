#include "viewer/data/whatif_runner.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "models/catalog/scenario_runner.hpp"
#include "tests/same_bits.hpp"

using namespace loom;
using namespace loom::viewer;
using namespace std::chrono_literals;

namespace {
const std::string kPresets = std::string(LOOM_SOURCE_DIR) + "/scenarios/";

WhatIfRequest two_presets(int replicates) {
  WhatIfRequest r;
  r.scenarios = {ScenarioSettings::from_file(kPresets + "top-down.toml"),
                 ScenarioSettings::from_file(kPresets + "shared-leadership.toml")};
  r.replicates = replicates;
  r.threads = 2;
  return r;
}
}  // namespace

TEST_CASE("What-if runs give exactly the runs `loom run` gives", "[viewer]") {
  const WhatIfRequest request = two_presets(3);
  const auto results = run_whatif(request);
  REQUIRE(results.has_value());
  REQUIRE(results->size() == 2);
  for (std::size_t s = 0; s < 2; ++s) {
    RunRequest run;
    run.replicates = 3;
    const auto scenario =
        load_scenario(kPresets + (s == 0 ? "top-down.toml" : "shared-leadership.toml"), run);
    const EnsembleResult reference = run_scenario(scenario, 1);
    const ScenarioData& data = *(*results)[s];
    CHECK(data.id == scenario.id);
    CHECK(data.name == scenario.header.name);
    CHECK(data.runs == 3);
    CHECK(data.weeks_per_year == 36);
    CHECK(data.metrics == reference.layout.metrics);
    std::vector<double> expected;
    for (const auto& r : reference.runs)
      expected.insert(expected.end(), r.series.begin(), r.series.end());
    CHECK(loom::testing::same_bits(data.timeseries,
                                   expected));  // bit-identical: same streams, any thread count
    REQUIRE(data.bands.size() == data.metrics.size());
    CHECK(data.summary[static_cast<std::size_t>(data.summary_index("outcome_gap"))] ==
          reference.summary_column("outcome_gap"));
  }
}

TEST_CASE("Only scenarios whose settings changed are run again", "[viewer]") {
  WhatIfCache cache;
  WhatIfRequest request = two_presets(2);
  const auto first = run_whatif(request, {}, &cache);
  REQUIRE(first.has_value());
  CHECK(cache.size() == 2);
  // Same settings: both come from the cache (the very same objects).
  const auto again = run_whatif(request, {}, &cache);
  REQUIRE(again.has_value());
  CHECK((*again)[0].get() == (*first)[0].get());
  CHECK((*again)[1].get() == (*first)[1].get());
  // One lever of the first scenario moved: it is run again, the other is reused,
  // and the re-run equals a fresh run without any cache.
  REQUIRE(request.scenarios[0].set("leadership", "socialisation_pressure", 0.2));
  const auto moved = run_whatif(request, {}, &cache);
  REQUIRE(moved.has_value());
  CHECK((*moved)[0].get() != (*first)[0].get());
  CHECK((*moved)[1].get() == (*first)[1].get());
  const auto fresh = run_whatif(request);
  REQUIRE(fresh.has_value());
  CHECK(loom::testing::same_bits((*moved)[0]->timeseries, (*fresh)[0]->timeseries));
  CHECK_FALSE(loom::testing::same_bits((*moved)[0]->timeseries, (*first)[0]->timeseries));
  CHECK(cache.size() == 2);  // only the latest request's scenarios are kept
}

TEST_CASE("A stop request abandons the run", "[viewer]") {
  CHECK_FALSE(run_whatif(two_presets(4), [] { return true; }).has_value());
}

TEST_CASE("The runner publishes results in the background, newest request wins", "[viewer]") {
  std::atomic<int> ready{0};
  WhatIfRunner runner([&] { ++ready; });
  CHECK(runner.latest() == nullptr);

  WhatIfRequest first = two_presets(8);
  WhatIfRequest second = two_presets(8);
  second.scenarios[0].set("leadership", "socialisation_pressure", 0.9);
  const auto g1 = runner.submit(first);
  const auto g2 = runner.submit(second);
  CHECK(g2 == g1 + 1);
  const auto result = runner.wait_for(g2, 60s);
  REQUIRE(result);
  CHECK(result->generation == g2);
  CHECK(result->error.empty());
  REQUIRE(result->scenarios.size() == 2);
  CHECK(result->scenarios[0]->settings->value("leadership", "socialisation_pressure") ==
        Approx(0.9));
  CHECK(result->milliseconds() > 0.0);
  // on_ready runs on the worker just after publishing: allow it a moment.
  for (int i = 0; i < 500 && ready == 0; ++i) std::this_thread::sleep_for(10ms);
  CHECK(ready >= 1);
  // Immutable and shared: a held result survives newer ones.
  const auto g3 = runner.submit(first);
  const auto third = runner.wait_for(g3, 60s);
  REQUIRE(third);
  CHECK(third->generation == g3);
  CHECK(result->scenarios[0]->settings->value("leadership", "socialisation_pressure") ==
        Approx(0.9));
  CHECK_FALSE(runner.busy());
}

TEST_CASE("Invalid what-if settings come back as a message", "[viewer]") {
  WhatIfRunner runner;
  WhatIfRequest bad = two_presets(2);
  bad.scenarios[1].header.model = "weather";
  const auto result = runner.wait_for(runner.submit(bad), 60s);
  REQUIRE(result);
  CHECK(result->scenarios.empty());
  CHECK_THAT(result->error, Catch::Contains("weather"));
}

TEST_CASE("A first look is exactly the first runs of the full result", "[viewer]") {
  WhatIfRequest request = two_presets(8);
  request.first_look = 2;
  std::vector<WhatIfScenarios> looks;
  const auto full = run_whatif(request, {}, nullptr,
                               [&](WhatIfScenarios look) { looks.push_back(std::move(look)); });
  REQUIRE(full.has_value());
  REQUIRE(looks.size() == 1);  // once, before the rest of the runs
  REQUIRE(looks[0].size() == 2);
  for (std::size_t s = 0; s < 2; ++s) {
    const ScenarioData& look = *looks[0][s];
    const ScenarioData& all = *(*full)[s];
    CHECK(look.runs == 2);
    CHECK(all.runs == 8);
    const std::size_t per_run = static_cast<std::size_t>(all.steps) * all.metrics.size();
    // No run is repeated or reordered: the look's runs are the full result's first two.
    CHECK(std::equal(look.timeseries.begin(), look.timeseries.end(), all.timeseries.begin()));
    CHECK(look.timeseries.size() == 2 * per_run);
    REQUIRE(look.bands.size() == look.metrics.size());
  }
  // The full result does not depend on whether a first look was taken.
  const auto plain = run_whatif(two_presets(8));
  REQUIRE(plain.has_value());
  for (std::size_t s = 0; s < 2; ++s)
    CHECK(loom::testing::same_bits((*plain)[s]->timeseries, (*full)[s]->timeseries));
}

TEST_CASE("The runner publishes the first look, then the full result", "[viewer]") {
  std::atomic<int> woken{0};
  WhatIfRunner runner([&] { ++woken; });
  WhatIfRequest request = two_presets(8);
  request.first_look = 2;
  const auto generation = runner.submit(request);
  const auto result = runner.wait_for(generation, 60s);
  REQUIRE(result);
  CHECK_FALSE(result->partial);  // wait_for waits for the full result
  CHECK(result->scenarios.front()->runs == 8);
  // Woken for the first look and for the full result (the second wake-up
  // comes just after wait_for returns: on_ready runs after publishing).
  for (int i = 0; i < 500 && woken < 2; ++i) std::this_thread::sleep_for(10ms);
  CHECK(woken == 2);
}
