#pragma once
// One school that can be advanced a week at a time.
//
// Built, it has already lived its history: school.history_years of the same
// school run as usual (docs/model.md 3.1), so week 0 is a school in its
// steady state, and the scenario's leadership choices start then.
//
// run_school() is a loop over step_week(); a network of schools
// (models/school_network/) keeps thousands of these side by side, steps them
// in parallel week by week and, between weeks, talks to each through the
// narrow interface below (a practice taken up, supported or dropped; what
// the week looked like), never by editing its state. The school id keys
// every random stream of the school (StreamKey::school) and tags its
// events, so two schools of one run never share a draw; school 0 uses the
// streams a single school always has.
//
// Not copyable or movable: the phases hold a reference to the context,
// which holds a reference to this object's own copy of the parameters
// (copying them costs ~2 kB per school and lets every school of a network
// have its own size, poverty and style).
#include <cstdint>
#include <memory>
#include <vector>

#include "models/school/scheduled_changes.hpp"
#include "models/school/school_model.hpp"
#include "models/school/school_state.hpp"

namespace loom {

// What a run keeps. A member of a network: only the latest week's row of
// the series, with the four metrics the network reads (10,000 schools x 360
// weeks x 30 metrics would take ~1 GB that no output needs), and no events
// (the network tells its own story). A run whose caller stores only the
// summary (Model::set_summary_only): one row, recorded in full only in the
// last week, which is all the summary reads, and no events.
enum class Keeping { kEverything, kLatestWeek, kSummary };

class SchoolSimulation {
 public:
  // `schedule`: lever changes at the start of the weeks it names; they
  // write this school's own parameter copy (scheduled_changes.hpp).
  SchoolSimulation(const SchoolParams& params, std::uint64_t seed, std::uint64_t run,
                   std::uint32_t school_id = 0, const Schedule& schedule = {},
                   Keeping keeping = Keeping::kEverything);
  SchoolSimulation(const SchoolSimulation&) = delete;
  SchoolSimulation& operator=(const SchoolSimulation&) = delete;

  // Runs the next instructional week (and the summer after a year's last).
  void step_week();
  bool done() const { return week_ >= calendar_.total_weeks(); }
  int week() const { return week_; }  // the next week to run
  const SchoolCalendar& calendar() const { return calendar_; }
  const SchoolParams& params() const { return params_; }
  // For tests that look inside; a network uses the calls below.
  const SchoolState& state() const { return state_; }

  // The run's output (summary, series, events, staff-network snapshots);
  // the simulation is spent afterwards. Needs Keeping::kEverything.
  SchoolRunOutput finish();

  // --- What a network of schools reads and asks of a member --------------
  // A practice the network spreads is one of the school's initiatives
  // (initiatives.hpp): champions, PDSA cycles, load, collapse when its
  // last champion leaves.

  // The latest week's results (the week last stepped).
  struct WeekResults {
    double fidelity = 0.0, load = 0.0, outcome = 0.0, gap = 0.0;
  };
  WeekResults latest_week() const;
  // Takes up a practice in week `week`: its index, or -1 when the school
  // has no room for another initiative.
  int take_up_practice(int week);
  // The network's change package for `practice`: dimension d (d <
  // right.size()) enters the shared way with the value that works for the
  // school's majority when right[d], the opposite value otherwise.
  void take_up_package(int practice, const std::vector<bool>& right);
  bool practice_running(int practice) const;
  int practice_launched_week(int practice) const;
  int champions(int practice) const;
  // Coaching recruits a champion: a teacher drawn from `stream` takes
  // ownership if in post and not an owner already.
  void recruit_champion(int practice, RandomStream& stream);
  // Stops the practice and releases its champions.
  void drop_practice(int practice);

 private:
  // Runs the history (school.history_years of the school as usual), then
  // starts the run: the scenario's choices replace the history's, outputs
  // and counts start from zero, the run's initiatives launch.
  void run_history();
  void start_run();

  SchoolParams params_;
  SchoolParams usual_;  // the history's parameters (business_as_usual(params_))
  RunContext context_;
  RunContext usual_context_;
  SchoolCalendar calendar_;
  // Before the state: changes due in the first week must be in params_
  // when the school is built.
  Schedule schedule_;
  std::unique_ptr<ScheduledChanges> changes_;  // null without a schedule
  Scheduler<SchoolState> scheduler_;
  SchoolState state_;
  Keeping keeping_;
  int week_ = 0;
};

}  // namespace loom
