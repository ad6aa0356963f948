// Succession (models/school/mechanisms/succession.*): a scenario's
// succession plan belongs to the run, not to the school's history.
#include <catch2/catch.hpp>

#include "tests/models/school/school_test_support.hpp"

using namespace loom;
using loom::testing::metric_index;
using loom::testing::summary_index;

TEST_CASE("A scheduled principal exit happens in the run, not in the history",
          "[school][succession]") {
  // The history runs the school as usual (business_as_usual): no scheduled
  // exit and a same-style successor after a chance one. So a forced exit in
  // year 2 shows up in year 2 of every run, with no chance exits around it.
  SchoolParams p;
  p.turnover.principal_exit_rate = 0.0;
  p.succession.forced_exit_year = 2;
  p.succession.successor_style = static_cast<int>(SuccessorStyle::kTopDown);
  const std::size_t exits = metric_index("principal_exits");
  const std::size_t k = school_metric_names().size();
  const int weeks = p.school.weeks_per_year;
  for (int r = 0; r < 5; ++r) {
    const auto out = run_school(p, 5, static_cast<std::uint64_t>(r));
    CHECK(out.summary[summary_index("principal_exits")] == 1.0);
    // Recorded in the last week of year 2 (the summer after it).
    CHECK(out.series[static_cast<std::size_t>(2 * weeks - 1) * k + exits] == 1.0);
  }
}

TEST_CASE("Voices the scenario brings are heard from week 0", "[school][succession]") {
  // A top-down successor stops hearing voices; a history that had one must
  // not carry that into a run whose leadership brings voices in. With the
  // scenario's 5 voice members and results studied by group (under one
  // practice for all, their proposal cannot beat the shared way: 3.3.14),
  // the first year differs from the same run without them.
  SchoolParams with;
  with.leadership.voice_members = 5;
  with.leadership.study = static_cast<int>(StudyMode::kDisaggregated);
  with.succession.successor_style = static_cast<int>(SuccessorStyle::kTopDown);
  with.succession.forced_exit_year = 3;
  SchoolParams without = with;
  without.leadership.voice_members = 0;
  const std::size_t ck = metric_index("code_knowledge_underserved");
  const std::size_t k = school_metric_names().size();
  const std::size_t week = static_cast<std::size_t>(with.school.weeks_per_year - 1);
  bool differs = false;
  for (int r = 0; r < 5 && !differs; ++r) {
    const auto a = run_school(with, 9, static_cast<std::uint64_t>(r));
    const auto b = run_school(without, 9, static_cast<std::uint64_t>(r));
    differs = a.series[week * k + ck] != b.series[week * k + ck];
  }
  CHECK(differs);
}
