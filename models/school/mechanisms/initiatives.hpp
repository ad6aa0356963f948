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
#include <array>
#include <cstdint>
#include <vector>

#include "models/school/mechanism.hpp"
#include "models/school/mechanisms/student_growth.hpp"
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
void initiatives_summer(SchoolState& s, const RunContext& c, const WeekContext& w);
int champion_count(const SchoolState& s, int initiative);
// Stops an initiative: it is no longer active and its PDSA cycles end
// (collapse, lifetime end, or a network school dropping a practice).
void end_initiative(SchoolState& s, int index);

struct Initiative {
  bool active = false;
  int launched_week = 0;
  // First instructional week it runs: a summer launch (launched_week > 0 is
  // the last week of a year) starts the next week.
  int first_week() const { return launched_week == 0 ? 0 : launched_week + 1; }
  int number = 0;                                   // 1-based, for the story
  std::array<std::uint64_t, kSubgroups> adopted{};  // per layer: dims it brought into the code
};

struct InitiativeState {
  std::vector<Initiative> launched;  // every initiative of the run, by launch
  int collapsed_total = 0, launched_total = 0;
};

namespace purpose {
inline constexpr Purpose kChampions{20};  // who becomes a champion of an initiative
}  // namespace purpose

struct Initiatives {
  using Params = InitiativeParams;
  static const ParameterTable<Params>& table() { return initiative_table(); }
  using State = InitiativeState;
  static constexpr Phase phases[] = {
      {"new initiatives", Stage::kSummerInitiatives, &initiatives_summer}};
  static constexpr Purpose purposes[] = {purpose::kChampions};
  // The initiatives running when the run starts (week 0, after the history).
  static void at_run_start(SchoolState& s, const RunContext& c);
  // Business as usual takes on no improvement work (mechanisms.hpp).
  static void as_usual(Params& p) {
    p.at_start = 0;
    p.new_per_year = 0;
  }
  static void lever_changed(SchoolState& s, const RunContext& c, std::string_view key);
};

}  // namespace loom
