#pragma once
// The record phase: the week's row of the weekly series (school_outputs.hpp,
// SchoolMetric), computed from the school's state at the end of the week,
// and the staff-network snapshot when one is due.
namespace loom {

struct SchoolState;
struct RunContext;
struct WeekContext;

// Phase "record". Resets the week's counters of the mechanisms it reads.
void record_week(SchoolState& s, const RunContext& c, const WeekContext& w);

}  // namespace loom
