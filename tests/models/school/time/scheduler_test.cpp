#include "models/school/time/scheduler.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace loom;

TEST_CASE("Phases run in registration order, summer phases after each year's last week",
          "[scheduler]") {
  std::vector<std::string> trace;
  Scheduler<std::vector<std::string>> s;
  s.add_phase("a", PhaseTiming::kEveryWeek,
              [](auto& t, const WeekContext& w) { t.push_back("a" + std::to_string(w.week)); });
  s.add_phase("summer", PhaseTiming::kSummer,
              [](auto& t, const WeekContext& w) { t.push_back("S" + std::to_string(w.year)); });
  s.add_phase("b", PhaseTiming::kEveryWeek,
              [](auto& t, const WeekContext& w) { t.push_back("b" + std::to_string(w.week)); });
  s.run(trace, SchoolCalendar{2, 2});
  CHECK(trace ==
        std::vector<std::string>{"a0", "b0", "a1", "b1", "S0", "a2", "b2", "a3", "b3", "S1"});
  CHECK(s.phase_names(PhaseTiming::kEveryWeek) == std::vector<std::string>{"a", "b"});
}
