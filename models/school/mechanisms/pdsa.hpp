#pragma once
// PDSA improvement cycles (Plan, Do, Study, Act; Deming 1993; Langley et al.
// 2009; Bryk et al. 2015; sources in docs/references.md).
//
// Each active initiative runs cycles. Plan: a team (chosen by the
// leadership style) picks a change idea: one practice dimension and the
// value to try. Do: the team's classrooms enact it for `cycle_weeks`
// (students really experience it). Study: the team measures the effect with
// noise that shrinks with the number of classroom-weeks tested, by subgroup
// when results are disaggregated. Act: adopt the idea into the shared code,
// adapt it (re-test at double scale, pooling the evidence), or abandon it.
// A cycle in *compliance mode* (checkbox PDSA) is run without study: it
// costs the same time and nothing is learned. Its chance rises with
// top-down pressure and with overload.
#include <cstdint>

#include "sim/input/parameter.hpp"

namespace loom {

struct PdsaParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  int cycle_weeks{};
  int team_size{};
  int test_scale{};
  int cycles_per_initiative{};
  double targeted_share{};
  double measurement_noise{};
  double adopt_threshold{};
  int max_adaptations{};
  double compliance_base{};
  double compliance_pressure{};
  double compliance_overload{};
};

const ParameterTable<PdsaParams>& pdsa_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

// Starts cycles where an initiative has a free slot (phase "plan cycles").
void pdsa_plan(SchoolState& s, const RunContext& c, const WeekContext& w);
// Forces the tested value on the test classrooms' actions (inside "act").
void pdsa_apply_tests(SchoolState& s);
// Studies and acts on cycles whose test ended this week (phase "study and act").
void pdsa_study_and_act(SchoolState& s, const RunContext& c, const WeekContext& w);

}  // namespace loom
