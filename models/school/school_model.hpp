#pragma once
// The school model: March's learning core inside a school with staff
// roles, students in two subgroups and weekly student growth, extended by
// the mechanisms of mechanisms/mechanisms.hpp, each in its own file pair
// with a parameter table. The leadership style (leadership) is a bundle of
// levers over all of them. docs/model.md is the full description (ODD
// protocol); the week's phases are in school_phases.hpp.
#include <cstdint>
#include <string>
#include <vector>

#include "models/school/mechanisms/mechanisms.hpp"
#include "models/school/staff/staff_snapshot.hpp"
#include "sim/input/schedule.hpp"

namespace loom {

const std::vector<std::string>& school_metric_names();
const std::vector<std::string>& school_summary_names();

// Runs all weeks of one school (a SchoolSimulation) and returns its output.
// `schedule` changes levers at the start of the weeks it names
// (scheduled_changes.hpp). `summary_only`: the output holds the summary
// alone (no series, no events), computed as in a full run.
SchoolRunOutput run_school(const SchoolParams& params, std::uint64_t seed, std::uint64_t run,
                           const Schedule& schedule = {}, bool summary_only = false);

}  // namespace loom
