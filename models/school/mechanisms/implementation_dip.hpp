#pragma once
// The implementation dip: new practice costs before it pays.
//
// A teacher who changes a practice (taking up the shared way, learning from
// a colleague, teaching a PDSA test lesson) is not fluent in it at once:
// mastering a new teaching strategy takes many practice trials (Joyce &
// Showers 2002), and schools' results commonly fall before they rise when
// a change is introduced (Fullan 2001, the "implementation dip"). Each
// changed practice adds one to the teacher's count of practices being
// learned; the count decays by 1/`fluency_weeks` a week (a practice becomes
// fluent after `fluency_weeks` on average). While learning, the teacher's
// whole practice is enacted less reliably: fidelity (capacity.hpp) is
// multiplied by 1 - `cost_per_practice` x count (at least 0), the rest is
// left to chance. A new initiative also takes everyone's time while it
// starts (training days, new routines, materials): `launch_load` on
// everyone on staff (the principal too) in the first week it runs, falling
// linearly to nothing after
// `launch_weeks` (capacity.hpp turns load beyond capacity into lost
// fidelity and burnout). So a school that changes much at once dips, then
// gains if the changes were right.
#include <vector>
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"

namespace loom {

struct ImplementationParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  double fluency_weeks{};
  double cost_per_practice{};
  double launch_load{};
  int launch_weeks{};
};

const ParameterTable<ImplementationParams>& implementation_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

// A teacher in `slot` changed `practices` practices this week.
void implementation_note_change(SchoolState& s, const RunContext& c, std::size_t slot,
                                int practices);
// Extra load on every teacher this week from initiatives still starting up.
double implementation_launch_load(const SchoolState& s, const RunContext& c, int week);
// Phase "learning new practice" (after "load and burnout", before "act").
void implementation_weekly(SchoolState& s, const RunContext& c, const WeekContext& w);

struct ImplementationState {
  std::vector<float> learning;  // practices each staff slot is still learning
};

struct ImplementationDip {
  using Params = ImplementationParams;
  static const ParameterTable<Params>& table() { return implementation_table(); }
  using State = ImplementationState;
  static constexpr Phase phases[] = {
      {"learning new practice", Stage::kPreparing, &implementation_weekly}};
};

}  // namespace loom
