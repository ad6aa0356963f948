#pragma once
// The school's own phases of the week: March's learning core (everyone
// acts; staff move toward the shared way), the scheduled lever changes, the
// week's record and the summer's tenure. Each mechanism's phases are
// declared by the mechanism (mechanisms/); school_phases() (mechanisms.hpp)
// puts them all in the week's order.
#include <span>
#include <string>
#include <vector>

#include "models/school/mechanism.hpp"
#include "models/school/time/scheduler.hpp"

namespace loom {

std::span<const Phase> school_core_phases();
// The random streams of these phases and of setup's March core.
std::span<const Purpose> school_core_purposes();

// Every phase bound to `c` (which must outlive the scheduler), in order.
// SchoolSimulation (school_simulation.hpp) steps it. The history before
// week 0 runs without "scheduled changes" and "record" (nothing of it is
// reported).
enum class SchoolPeriod { kRun, kHistory };
Scheduler<SchoolState> make_school_scheduler(const RunContext& c,
                                             SchoolPeriod period = SchoolPeriod::kRun);

// The ordered phase names ("summer: " before summer phases), for docs and
// the ordering test.
std::vector<std::string> school_phase_names();

}  // namespace loom
