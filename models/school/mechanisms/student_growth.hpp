#pragma once
// Students and how practice becomes growth.
//
// Two subgroups: the majority and a historically underserved group. Their
// reality agrees on most practice dimensions but is opposite on
// `divergent_dimensions` of them: a practice that works for the majority
// fails the underserved group there. Each week a student's outcome moves by
// responsiveness x practice_effect / weeks_per_year x (the match between their
// teacher's actions and their subgroup's reality, from -1 to +1), with
// diminishing returns: a class's practice-driven growth slows as its level
// L (its group's start plus its gain G, in SD from the majority's start)
// nears `growth_ceiling` (gains are multiplied by 1 - L / ceiling, losses
// by 1 + L / ceiling), so no practice grows students without bound, and a
// group that starts lower has more room to grow.
// Students keep their teacher and group for the run, so the model keeps G
// per (teacher, group) class and each student's outcome is their starting
// point plus responsiveness x G: exact, and the weekly cost is per class,
// not per student.
#include "models/school/mechanism.hpp"
#include "sim/input/parameter.hpp"

namespace loom {

struct StudentParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  double underserved_share{};
  int divergent_dimensions{};
  double initial_gap{};
  double practice_effect{};
  double responsiveness_spread{};
  double growth_ceiling{};
};

const ParameterTable<StudentParams>& student_table();

constexpr int kSubgroups = 2;  // 0 = majority, 1 = historically underserved

struct SchoolState;
struct RunContext;
struct WeekContext;

// Phase "student growth": every class grows by how well its teacher's
// actions this week fit its group, with diminishing returns.
void student_growth_weekly(SchoolState& s, const RunContext& c, const WeekContext& w);
// How right beliefs are for this school's students: the belief score of
// each group's practice layer against that group's reality, weighted by the
// groups' shares of students (`known` and `positive` indexed by layer).
double weighted_belief_score(const SchoolState& s, const std::uint64_t* known,
                             const std::uint64_t* positive);

struct Students {
  using Params = StudentParams;
  static const ParameterTable<Params>& table() { return student_table(); }
  using State = NoState;
  static constexpr Phase phases[] = {{"student growth", Stage::kTeaching, &student_growth_weekly}};
};

}  // namespace loom
