#pragma once
// Initiatives, champions and ownership (HTH GSE CREI n.d.: "cultivate
// multiple champions"; "Teams change. Leaders leave."; sources in
// docs/references.md).
//
// An initiative is a stream of improvement work that runs PDSA cycles. At
// launch it gets `champions` owners (the principal first under top-down
// decision making, teachers otherwise); team members of a successful cycle
// may take ownership too. When the last champion of an initiative leaves,
// it collapses: its cycles stop and, if `fade_on_collapse`, the ideas it
// brought into the shared code fade (the code forgets them). Each summer
// `new_per_year` initiatives launch and those older than `lifetime_years`
// end (their ideas stay in the code: they have become "how we do things");
// under the subtraction game each launch also retires a legacy activity, or
// the oldest initiative once none is left.
#include <cstdint>

#include "sim/input/parameter.hpp"

namespace loom {

struct InitiativeParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  int at_start{};
  int new_per_year{};
  int champions{};
  int lifetime_years{};
  double ownership_growth{};
  bool fade_on_collapse{};
};

const ParameterTable<InitiativeParams>& initiative_table();

constexpr int kMaxInitiatives = 32;  // per run (bit masks of ownership)

struct SchoolState;
struct RunContext;
struct WeekContext;

void launch_initiative(SchoolState& s, const RunContext& c, int week);
// A champion's post was vacated: collapses initiatives left with none.
void champions_on_departure(SchoolState& s, const RunContext& c, std::size_t slot, int week);
// After a cycle with a studied decision: members may take ownership.
void champions_grow(SchoolState& s, const RunContext& c, int initiative, const std::uint32_t* team,
                    std::size_t count, int week);
// Summer: launches (and retirements under the subtraction game).
void initiatives_summer(SchoolState& s, const RunContext& c, int week);
int champion_count(const SchoolState& s, int initiative);
// Stops an initiative: it is no longer active and its PDSA cycles end
// (collapse, lifetime end, or a network school dropping a practice).
void end_initiative(SchoolState& s, int index);

}  // namespace loom
