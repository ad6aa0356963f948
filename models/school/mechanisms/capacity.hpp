#pragma once
// Capacity, load and burnout ("innovation overload", HTH GSE CREI n.d.; work
// overload and burnout, Maslach et al. 2001; sources in docs/references.md).
//
// Load and capacity are in hours a week, anchored to teachers' time use
// (TALIS 2018: US lower-secondary teachers work ~46 hours a week, ~28 of
// them teaching). Each week a teacher's load is the improvement work asked
// of them: legacy activities still running, every active initiative and
// the start-up of new ones (implementation_dip.hpp), any PDSA team they sit
// on, an equity pause that week, and a practice per student group when
// results are studied by group. Load beyond capacity lowers fidelity (the
// share of practice dimensions enacted as believed; the rest are left to
// chance) and raises burnout; belonging buffers the rise (Turnaround for
// Children n.d.; Skaalvik & Skaalvik 2011). Burnout recovers in proportion
// to its level, so a steady overload settles at a graded level instead of
// tipping everyone over a cliff. The "subtraction game"
// retires an old activity for every new initiative. Capacity building
// raises everyone's capacity a little each year.
#include <cstdint>
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"

namespace loom {

struct CapacityParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  double initial_capacity{};
  int legacy_activities{};
  double activity_load{};
  double initiative_load{};
  double cycle_load{};
  double differentiation_load{};
  bool subtraction_game{};
  double capacity_building{};
  double burnout_rate{};
  double recovery_rate{};
  double belonging_buffer{};
  double fidelity_loss{};
};

const ParameterTable<CapacityParams>& capacity_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

// Phase "load and burnout" (runs before act: this week's load sets this
// week's fidelity).
void capacity_weekly(SchoolState& s, const RunContext& c, const WeekContext& w);
// Lowers an overloaded person's action to chance on some dimensions.
std::uint64_t fidelity_mask(const SchoolState& s, std::size_t slot, std::uint64_t random_bits[4]);
// Summer: capacity building.
void capacity_summer(SchoolState& s, const RunContext& c, const WeekContext& w);

struct CapacityState {
  int legacy_activities = 0;  // old activities still running (the subtraction game stops them)
};

struct Capacity {
  using Params = CapacityParams;
  static const ParameterTable<Params>& table() { return capacity_table(); }
  using State = CapacityState;
  static constexpr Phase phases[] = {
      {"load and burnout", Stage::kPlanning, &capacity_weekly},
      {"capacity building", Stage::kSummerCapacity, &capacity_summer}};
  static void at_setup(SchoolState& s, const RunContext& c);
};

}  // namespace loom
