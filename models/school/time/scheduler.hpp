#pragma once
// A week-based scheduler with named, ordered phases.
//
// A model registers its phases once (e.g. "act", "socialise", "learn code",
// "student growth", "record"); the scheduler runs the weekly ones in order
// every instructional week and the summer ones after the last week of each
// school year. Names make the order visible in docs, tests and traces.
#include <functional>
#include <string>
#include <vector>

#include "models/school/time/calendar.hpp"

namespace loom {

struct WeekContext {
  int week = 0;          // 0-based instructional week since the start
  int year = 0;          // 0-based school year
  int week_in_year = 0;  // 0-based
};

enum class PhaseTiming { kEveryWeek, kSummer };

template <class State>
class Scheduler {
 public:
  using PhaseFunction = std::function<void(State&, const WeekContext&)>;

  void add_phase(std::string name, PhaseTiming timing, PhaseFunction fn) {
    phases_.push_back({std::move(name), timing, std::move(fn)});
  }

  void run(State& state, const SchoolCalendar& calendar) const {
    for (int week = 0; week < calendar.total_weeks(); ++week) step(state, calendar, week);
  }

  // One instructional week: the weekly phases, then the summer ones when the
  // week ends a school year. A caller that steps many states side by side
  // (a network of schools) calls this for week 0, 1, ... in order.
  void step(State& state, const SchoolCalendar& calendar, int week) const {
    const WeekContext context{week, calendar.year_of(week), calendar.week_in_year(week)};
    for (const auto& p : phases_) {
      if (p.timing == PhaseTiming::kEveryWeek) p.fn(state, context);
    }
    if (calendar.ends_year(week)) {
      for (const auto& p : phases_) {
        if (p.timing == PhaseTiming::kSummer) p.fn(state, context);
      }
    }
  }

  std::vector<std::string> phase_names(PhaseTiming timing) const {
    std::vector<std::string> names;
    for (const auto& p : phases_) {
      if (p.timing == timing) names.push_back(p.name);
    }
    return names;
  }

 private:
  struct Phase {
    std::string name;
    PhaseTiming timing;
    PhaseFunction fn;
  };
  std::vector<Phase> phases_;
};

}  // namespace loom
