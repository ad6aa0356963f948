#pragma once
// The school model: March's learning core inside a school with staff
// roles, students in two subgroups and weekly student growth, extended by
// mechanisms that each live in their own file pair with a parameter table:
// PDSA cycles (pdsa), trust and peer learning (trust), equity pauses
// (equity), capacity, load and burnout (capacity), initiatives and champions
// (initiatives), turnover and hiring (turnover), principal succession
// (succession). The leadership style (leadership) is a bundle of levers over
// all of them. docs/model.md is the full description (ODD protocol).
//
// Weekly phases and summer phases: see school_phase_names() and docs/model.md.
#include <string>
#include <vector>

#include "models/school/school_state.hpp"
#include "sim/input/schedule.hpp"

namespace loom {

class ScheduledChanges;  // scheduled_changes.hpp

const std::vector<std::string>& school_metric_names();
const std::vector<std::string>& school_summary_names();

// Builds a school for replicate `run`; all draws keyed by (seed, run,
// school_id, ...). School 0 is the single school of the school model.
SchoolState build_school(const SchoolParams& params, std::uint64_t seed, std::uint64_t run,
                         std::uint32_t school_id = 0);

// The school's weekly and summer phases, bound to `c` (which must outlive
// it); `changes` (optional) applies scheduled lever changes at week starts.
// SchoolSimulation (models/school/school_simulation.hpp) steps them.
Scheduler<SchoolState> make_school_scheduler(const RunContext& c,
                                             ScheduledChanges* changes = nullptr);

// Runs all weeks of one school (a SchoolSimulation) and returns its output.
// `schedule` changes levers at the start of the weeks it names
// (scheduled_changes.hpp).
SchoolRunOutput run_school(const SchoolParams& params, std::uint64_t seed, std::uint64_t run,
                           const Schedule& schedule = {});

// The ordered phase names (for docs and the ordering test).
std::vector<std::string> school_phase_names();

}  // namespace loom
