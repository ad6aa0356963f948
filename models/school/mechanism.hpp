#pragma once
// What a part of the school model declares, so that it is declared once.
//
// Each school mechanism (and the two sections that describe the school
// rather than a mechanism: its make-up and the staff-network output) is a
// small struct in its own header under mechanisms/, listed once in
// mechanisms/mechanisms.hpp. From that list the school model, the network
// model's member schools and scheduled changes derive everything else:
//
//   struct Equity {
//     using Params = EquityParams;             // the values a scenario sets
//     static const ParameterTable<Params>& table();  // keys, ranges, sources
//     using State = EquityState;               // what it keeps in a school
//                                              // (NoState: nothing)
//     static constexpr Phase phases[] = {      // when it acts in the week
//         {"equity pause", Stage::kReview, &equity_pause}};
//     static constexpr Purpose purposes[] = {  // its random streams
//         purpose::kEquityPause};
//     static void at_setup(SchoolState&, const RunContext&);      // optional
//     static void at_run_start(SchoolState&, const RunContext&);  // optional
//     static void lever_changed(SchoolState&, const RunContext&,
//                               std::string_view key);           // optional
//     static void as_usual(Params&);                              // optional
//   };
//
// `at_setup` runs once the school is built (staff, ties, students), in list
// order, before its history (docs/model.md 3.1); `at_run_start` when the
// run proper starts at week 0, after the history; `lever_changed` when a
// value of its section changes (a [[schedule]] entry, or at week 0 the
// scenario's leadership choices replacing the history's), so that what the
// mechanism cached follows; `as_usual` says what "business as usual" means
// for its parameters beyond the defaults of its leadership choices.
// docs/contributing.md walks through adding one.
#include <cstdint>
#include <string_view>

#include "sim/core/random_stream.hpp"
#include "sim/input/parameter.hpp"

namespace loom {

struct SchoolState;
struct SchoolParams;
struct RunContext;
struct WeekContext;

// The school week in order: every instructional week the weekly stages,
// then, after a school year's last week, the summer ones. A phase runs at
// one stage; at a stage the school's own phases (school_phases.cpp) come
// first, then the mechanisms' in list order. The order is part of the
// model (docs/model.md, "Process overview and scheduling"): a new stage
// goes where its phase belongs, never at the end by default.
enum class Stage : int {
  kScheduledChanges,   // levers a [[schedule]] entry changes this week
  kStaffing,           // open posts filled, mid-year exits
  kPlanning,           // PDSA teams formed; this week's load and burnout
  kPreparing,          // practices still being learned lower fidelity
  kTeaching,           // everyone acts; students grow
  kSocialising,        // staff move toward the shared way
  kPeerLearning,       // teachers learn from trusted colleagues
  kStaffMeeting,       // the shared way learns from results seen
  kReview,             // PDSA study and act; equity pauses
  kRelationships,      // trust, belonging, safety
  kRecord,             // the week's row of outputs
  kSummerTenure,       // everyone a year older in post
  kSummerStaff,        // a year of experience; summer exits and hiring
  kSummerLeadership,   // the principal's leadership team
  kSummerInitiatives,  // initiatives end and launch
  kSummerCapacity,     // capacity building
  kSummerNeeds,        // next year's students' needs
  kSummerHabits,       // this year's practice becomes next year's habit
};
inline constexpr Stage kFirstSummerStage = Stage::kSummerTenure;

using PhaseFunction = void (*)(SchoolState&, const RunContext&, const WeekContext&);

struct Phase {
  std::string_view name;  // shown in docs and traces: "equity pause"
  Stage stage;
  PhaseFunction run;
};

// The State of a section that keeps nothing in the school.
struct NoState {};

}  // namespace loom
