#pragma once
// Students and how practice becomes growth, on an expected-growth scale.
//
// Two subgroups: the majority and a historically underserved group. Their
// reality agrees on most practice dimensions but is opposite on
// `divergent_dimensions` of them: a practice that works for the majority
// fails the underserved group there.
//
// Outcomes are reported as value-added and norm-referenced scores are: a
// student's outcome is their starting point plus the growth *beyond what
// the school's usual teaching produces* (docs/model/submodels-weekly.md
// 3.3.11). Each week a class of group g grows by
//   practice_effect / weeks_per_year x (S - E_g) / m,
// where S is its teacher's action score this week (the match between
// actions and the group's reality, -m..m; scaled by the growth dip after a
// principal leaves) and E_g is the school's expected score for the group:
// the mean over the last year of its history (the same school run as usual
// before week 0; docs/model.md 3.1). A school that carries on as usual
// therefore stays near 0; one whose teaching improves gains. Every
// student's outcome is their starting point plus responsiveness x the
// class's growth; students keep their teacher and group for the run, so
// growth is kept per (teacher, group) class: exact, and the weekly cost is
// per class, not per student. `practice_effect` is calibrated to published
// teacher value-added (the SD of teachers' effects).
#include <array>

#include "models/march/march_purposes.hpp"
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
  double needs_change{};
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

// Summer phase "students' needs change": each practice dimension's
// reality flips (for both groups) with chance needs_change.
void student_needs_change(SchoolState& s, const RunContext& c, const WeekContext& w);

// The expected-growth reference and how it is learned during the history.
struct StudentGrowthState {
  std::array<double, kSubgroups> expected{};  // E_g: the school's usual score per group
  std::array<double, kSubgroups> year_sum{}, last_year{};
  int year_weeks = 0, last_year_weeks = 0;
};

struct Students {
  using Params = StudentParams;
  static const ParameterTable<Params>& table() { return student_table(); }
  using State = StudentGrowthState;
  static constexpr Phase phases[] = {
      {"student growth", Stage::kTeaching, &student_growth_weekly},
      {"students' needs change", Stage::kSummerNeeds, &student_needs_change}};
  // Reality shifting is March's turbulence (p4), drawn from its stream.
  static constexpr Purpose purposes[] = {purpose::kTurbulence};
  // Week 0: E_g from the history's last year (0 without a history); every
  // class starts from its group's starting point.
  static void at_run_start(SchoolState& s, const RunContext& c);
};

}  // namespace loom
