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

#include "sim/input/parameter.hpp"

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

}  // namespace loom
