#pragma once
// Leadership style as a bundle of levers over the learning core.
//
// - socialisation_pressure: March's p1, how hard staff are pushed to adopt
//   the shared code (a mandate pushes hard).
// - code_learning_rate: March's p2.
// - learn_from: whose observed performance the code learns from: "leaders"
//   (the principal and a few insiders) or "everyone" (all staff).
// - voice_members: students and families whose lived experience of the
//   underserved group's needs enters code learning.
// - study: results studied as school "averages" (one shared code for all
//   students) or "disaggregated" by subgroup (the school keeps a practice
//   layer per subgroup and judges each on that subgroup's results).
// - decision_inclusion: who chooses PDSA change ideas and sits on teams:
//   "leaders" (the principal's ideas, carried out by assigned teams) or
//   "staff" (teams of champions and volunteers choose from their own views).
// - blame: chance a failed test honestly reported is met with blame rather
//   than support.
// Nothing here favours a style: each lever only changes who and what the
// March mechanism learns from, and at what rate.
#include <array>
#include <string_view>

#include <cstdint>
#include <vector>
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"
#include "models/school/mechanisms/student_growth.hpp"

namespace loom {

enum class LearnFrom : int { kLeaders = 0, kEveryone = 1 };
enum class StudyMode : int { kAverages = 0, kDisaggregated = 1 };
enum class DecisionInclusion : int { kLeaders = 0, kStaff = 1 };

struct LeadershipParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  double socialisation_pressure{};
  double code_learning_rate{};
  int learn_from{};
  int insiders{};
  int voice_members{};
  double voice_accuracy{};
  int study{};
  int decision_inclusion{};
  double blame{};
};

const ParameterTable<LeadershipParams>& leadership_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

// What the school keeps of its leadership: the principal's team.
struct LeadershipState {
  // The principal's tied colleagues (team leads) with the longest tenure:
  // whose results the code learns from under learn_from = "leaders".
  std::vector<std::uint32_t> insiders;
};

// Summer phase "leadership team" (and at setup, and when a schedule
// changes who the code learns from): chooses the insiders.
void choose_leadership_team(SchoolState& s, const RunContext& c, const WeekContext& w);

// One shared practice (1) or one per student group (kSubgroups): `study`.
// Going to two, both layers start as copies of the shared practice (the
// code and every person's beliefs); going to one keeps the majority's.
// Only at week 0 (the history's averages to the scenario's study), since a
// running PDSA cycle may target a layer.
void set_practice_layers(SchoolState& s, int layers);

struct Leadership {
  using Params = LeadershipParams;
  static const ParameterTable<Params>& table() { return leadership_table(); }
  using State = LeadershipState;
  static constexpr Phase phases[] = {
      {"leadership team", Stage::kSummerLeadership, &choose_leadership_team}};
  static void at_setup(SchoolState& s, const RunContext& c);
  // The levers the school caches follow the scenario's new values.
  static void lever_changed(SchoolState& s, const RunContext& c, std::string_view key);
};

}  // namespace loom
