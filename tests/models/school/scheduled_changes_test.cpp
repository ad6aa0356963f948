// Scheduled lever changes in school runs: an entry takes effect exactly
// from its week, equals the values set from the start when scheduled for
// week 1, moves the school toward the switched scenario, and keeps runs
// bit-identical for any thread count.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "models/catalog/scenario_runner.hpp"
#include "models/school/school_model.hpp"
#include "sim/core/statistics.hpp"
#include "tests/same_bits.hpp"

using namespace loom;

namespace {

const std::string kScenarios = std::string(LOOM_SOURCE_DIR) + "/scenarios/";

LoadedScenario preset(const std::string& name, int replicates) {
  RunRequest request;
  request.replicates = replicates;
  return load_scenario(kScenarios + name + ".toml", request);
}

// top-down with the year-2 preset's scheduled values set from the start:
// the scenario the school switches to.
LoadedScenario switched(int replicates) {
  LoadedScenario s = preset("top-down", replicates);
  const LoadedScenario moving = preset("move-to-shared-in-year-2", replicates);
  for (const auto& v : moving.model->schedule().at(0).values) {
    for (auto* section : s.model->sections()) {
      std::size_t index = 0;
      if (section->name() == v.section && section->find(v.key, &index))
        section->set(index, v.value);
    }
  }
  return s;
}

}  // namespace

TEST_CASE("A change scheduled for year 1, week 1 equals setting it from the start",
          "[schedule][school]") {
  LoadedScenario from_start = preset("move-to-shared-in-year-2", 1);
  Schedule schedule = from_start.model->schedule();
  schedule.at(0).year = 1;
  from_start.model->set_schedule(schedule);
  const LoadedScenario direct = switched(1);
  for (std::uint64_t run = 0; run < 5; ++run) {
    const RunOutput a = from_start.model->run(2026, run);
    const RunOutput b = direct.model->run(2026, run);
    CHECK(loom::testing::same_bits(a.series, b.series));  // bit-identical, not close
    CHECK(loom::testing::same_bits(a.summary, b.summary));
    // The story says what changed, at week 0.
    const auto told = std::find_if(a.events.begin(), a.events.end(),
                                   [](const RunEvent& e) { return e.kind == "scheduled_change"; });
    REQUIRE(told != a.events.end());
    CHECK(told->week == 0);
    CHECK(told->detail.rfind("Year 1: Move to shared leadership (", 0) == 0);
  }
}

TEST_CASE("A scheduled change leaves earlier weeks untouched and acts from its week",
          "[schedule][school]") {
  const LoadedScenario moving = preset("move-to-shared-in-year-2", 1);
  const LoadedScenario top = preset("top-down", 1);
  const auto layout = top.model->layout();
  const std::size_t metrics = layout.metrics.size();
  const auto switch_week = static_cast<std::size_t>(layout.steps_per_year);  // year 2, week 1
  int changed_later = 0;
  for (std::uint64_t run = 0; run < 8; ++run) {
    const RunOutput a = moving.model->run(2026, run);
    const RunOutput b = top.model->run(2026, run);
    const auto cut = static_cast<std::ptrdiff_t>(switch_week * metrics);
    CHECK(std::equal(a.series.begin(), a.series.begin() + cut, b.series.begin()));
    if (!std::equal(a.series.begin() + cut, a.series.end(), b.series.begin() + cut))
      ++changed_later;
    const auto told = std::find_if(a.events.begin(), a.events.end(),
                                   [](const RunEvent& e) { return e.kind == "scheduled_change"; });
    REQUIRE(told != a.events.end());
    CHECK(told->week == static_cast<int>(switch_week));
    CHECK(told->detail.rfind("Year 2: Move to shared leadership (", 0) == 0);
  }
  CHECK(changed_later == 8);
}

TEST_CASE("After the switch the school moves toward the switched scenario", "[schedule][school]") {
  // 200 paired runs of top-down, the year-2 switch and the scenario switched
  // from the start. For the headline results a workshop reads (student
  // outcomes and gap, the shared way's knowledge, trust, safety, equity
  // pauses), where switching from the start clearly matters (paired 95%
  // interval of switched - top-down excludes 0), the year-2 switch must move
  // the mean the same way (scheduled - top-down of the same sign) and not
  // overshoot the switched scenario by more than the tolerance: 3 standard
  // errors of the paired difference plus 2% of the switch's effect.
  // Process measures are left out on purpose: a switch mid-run is not a
  // blend of the two scenarios. With these presets, belief diversity,
  // burnout and reversed ideas end higher after a year-2 switch than under
  // either scenario (staff trained to comply are released from pressure;
  // the change itself adds load), and ideas adopted shows no clear
  // direction: that is what the model says, not a test failure.
  constexpr int kRuns = 200;
  const LoadedScenario top = preset("top-down", kRuns);
  const LoadedScenario moving = preset("move-to-shared-in-year-2", kRuns);
  const LoadedScenario full = switched(kRuns);
  const auto a = run_scenario(top, 0), b = run_scenario(moving, 0), c = run_scenario(full, 0);
  int clear = 0;
  for (const std::string field :
       {"outcome_mean", "outcome_majority", "outcome_underserved", "outcome_gap", "code_knowledge",
        "code_knowledge_underserved", "trust_mean", "psychological_safety", "equity_pauses"}) {
    const auto ta = a.summary_column(field), tb = b.summary_column(field),
               tc = c.summary_column(field);
    const Estimate effect = estimate_paired_difference(ta, tc);   // switched - top-down
    if (effect.ci_low <= 0.0 && effect.ci_high >= 0.0) continue;  // no clear effect
    ++clear;
    INFO(field << ": switched - top-down " << effect.mean << " [" << effect.ci_low << ", "
               << effect.ci_high << "]");
    const Estimate moved = estimate_paired_difference(ta, tb);  // scheduled - top-down
    INFO("scheduled - top-down " << moved.mean << " [" << moved.ci_low << ", " << moved.ci_high
                                 << "]");
    const double se = (moved.ci_high - moved.ci_low) / (2 * 1.97);
    const double tolerance = 3.0 * se + 0.02 * std::abs(effect.mean);
    CHECK(moved.mean * effect.mean > 0.0);                             // same direction
    CHECK(std::abs(moved.mean) <= std::abs(effect.mean) + tolerance);  // no overshoot
  }
  CHECK(clear >= 5);  // the switch clearly matters for most headline results
}

TEST_CASE("A scheduled run is bit-identical for any thread count", "[schedule][reproducibility]") {
  const LoadedScenario moving = preset("move-to-shared-in-year-2", 13);
  const auto one = run_scenario(moving, 1);
  const auto two = run_scenario(moving, 2);
  const auto three = run_scenario(moving, 3);
  REQUIRE(one.runs.size() == 13);
  for (std::size_t r = 0; r < one.runs.size(); ++r) {
    CHECK(loom::testing::same_bits(one.runs[r].series, two.runs[r].series));
    CHECK(loom::testing::same_bits(one.runs[r].series, three.runs[r].series));
    CHECK(loom::testing::same_bits(one.runs[r].summary, three.runs[r].summary));
    CHECK(one.runs[r].events.size() == three.runs[r].events.size());
  }
}
