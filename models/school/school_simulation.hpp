#pragma once
// One school that can be advanced a week at a time.
//
// run_school() is a loop over step_week(); a network of schools
// (models/school_network/) keeps thousands of these side by side, steps them in
// parallel week by week and looks at their states between weeks. The school
// id keys every random stream of the school (StreamKey::school) and tags its
// events, so two schools of one run never share a draw; school 0 uses the
// streams a single school always has.
//
// Not copyable or movable: the phases hold a reference to the context,
// which holds a reference to this object's own copy of the parameters
// (copying them costs ~2 kB per school and lets every school of a network
// have its own size, poverty and style).
#include <cstdint>
#include <memory>

#include "models/school/scheduled_changes.hpp"
#include "models/school/school_model.hpp"
#include "models/school/school_state.hpp"

namespace loom {

class SchoolSimulation {
 public:
  // `schedule`: lever changes at the start of the weeks it names; they
  // write this school's own parameter copy (models/school/scheduled_changes.hpp).
  SchoolSimulation(const SchoolParams& params, std::uint64_t seed, std::uint64_t run,
                   std::uint32_t school_id = 0, const Schedule& schedule = {});
  SchoolSimulation(const SchoolSimulation&) = delete;
  SchoolSimulation& operator=(const SchoolSimulation&) = delete;

  // Runs the next instructional week (and the summer after a year's last).
  void step_week();
  bool done() const { return week_ >= calendar_.total_weeks(); }
  int week() const { return week_; }  // the next week to run
  const SchoolCalendar& calendar() const { return calendar_; }

  // What a network reads and changes between weeks (launching an
  // initiative, recruiting a champion) goes through these.
  SchoolState& state() { return state_; }
  const SchoolState& state() const { return state_; }
  const RunContext& context() const { return context_; }
  const SchoolParams& params() const { return params_; }

  // The run's output (summary, series, events, staff-network snapshots);
  // the simulation is spent afterwards. Needs the full series (keep_series).
  SchoolRunOutput finish();

 private:
  SchoolParams params_;
  RunContext context_;
  SchoolCalendar calendar_;
  // Before the state: changes due in the first week must be in params_
  // when the school is built.
  Schedule schedule_;
  std::unique_ptr<ScheduledChanges> changes_;  // null without a schedule
  Scheduler<SchoolState> scheduler_;
  SchoolState state_;
  int week_ = 0;
};

}  // namespace loom
