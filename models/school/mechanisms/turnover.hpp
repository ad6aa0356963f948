#pragma once
// Staff turnover: end-of-year exits (and rare mid-year ones), principal
// succession, and hiring.
//
// A teacher's chance of leaving at the end of a year is built on the log-odds
// scale: logit(p) = logit(base at the school's poverty) + modifiers, where
//   - the base is `teacher_exit_rate` at reference poverty 0.5, interpolated
//     (piecewise linearly in log-odds) to `low_poverty_exit_rate` at poverty
//     0.125 and `high_poverty_exit_rate` at 0.875 (the midpoints of the
//     lowest and highest quarters in NCES reporting);
//   - burnout above 0, belonging and trust in the principal away from
//     `neutral_trust`, and tenure (novices under 3 years up, others down,
//     centred on the steady-state tenure mix) shift it by their
//     coefficients;
//   - for `shock_years` after a principal leaves, `principal_exit_shock` is
//     added (halved in the second year; Béteille, Kalogrides & Loeb 2012);
//   - the sum of these is bounded smoothly: max_modifier x tanh(sum /
//     max_modifier).
// With modifiers off (`modifiers = false`, no shock) and poverty 0.5 the
// rate is exactly `teacher_exit_rate`.
// Vacancies are filled by novices with naive beliefs; a share of summer
// vacancies, and every mid-year vacancy, stays open `hiring_delay_weeks`
// while a substitute (acting on no beliefs) covers the class.
#include <cstdint>
#include "sim/input/parameter.hpp"

#include "models/march/march_purposes.hpp"
#include "models/school/mechanism.hpp"

namespace loom {

struct TurnoverParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  double teacher_exit_rate{};
  double low_poverty_exit_rate{};
  double high_poverty_exit_rate{};
  double principal_exit_rate{};
  double midyear_exit_rate{};
  bool modifiers{};
  double burnout_effect{};
  double belonging_effect{};
  double leader_trust_effect{};
  double novice_effect{};
  double neutral_trust{};
  double max_modifier{};
  double principal_exit_shock{};
  int shock_years{};
  double growth_dip{};
  double late_hire_share{};
  int hiring_delay_weeks{};
};

const ParameterTable<TurnoverParams>& turnover_table();

// Base annual exit probability at a school's poverty share (0..1).
double base_exit_rate(const TurnoverParams& p, double poverty);

struct SchoolState;
struct RunContext;
struct WeekContext;

// Summer phase "turnover": exits, principal succession, vacancies.
void turnover_summer(SchoolState& s, const RunContext& c, const WeekContext& w);
// Weekly phase "staffing": mid-year exits and filling open vacancies.
void turnover_weekly(SchoolState& s, const RunContext& c, const WeekContext& w);
// The annual exit probability of one teacher now (for tests and docs).
double teacher_exit_probability(const SchoolState& s, const RunContext& c, std::size_t slot);

struct TurnoverState {
  std::uint64_t principal_exit = 0;  // threshold of the principal's yearly exit draw
  double base_exit_log_odds = 0.0;   // logit of the base rate at this school's poverty
  double novice_share = 0.0;         // steady-state share under 3 years at the summer draw
  int shock_years_left = 0;          // years of raised turnover after a principal left
  double growth_factor = 1.0;        // this year's student growth multiplier (growth_dip)
  int teacher_exits = 0;             // this week's mid-year exits (the record phase resets it)
  int teacher_exits_total = 0, principal_exits_total = 0;
  // The school's usual conditions at the summer exit draw (the last summer
  // of its history): the modifiers act on departures from them. Without a
  // history, neutral_trust and no burnout.
  bool usual_known = false;
  double usual_belonging = 0.0, usual_leader_trust = 0.0, usual_burnout = 0.0;
};

namespace purpose {
// Who leaves each summer: purpose::kTurnover, March's turnover stream (p3).
inline constexpr Purpose kMidYearExit{18};  // rare exits during the school year
inline constexpr Purpose kHiring{19};       // how long a vacancy stays open
}  // namespace purpose

struct Turnover {
  using Params = TurnoverParams;
  static const ParameterTable<Params>& table() { return turnover_table(); }
  using State = TurnoverState;
  static constexpr Phase phases[] = {{"staffing", Stage::kStaffing, &turnover_weekly},
                                     {"turnover", Stage::kSummerStaff, &turnover_summer}};
  static constexpr Purpose purposes[] = {purpose::kTurnover, purpose::kMidYearExit,
                                         purpose::kHiring};
  // The school's exit rates; a principal who arrived within the last
  // shock_years leads in the aftermath of their predecessor's exit.
  static void at_setup(SchoolState& s, const RunContext& c);
  // Week 0: the run's exit counts start from zero (the history's are not
  // the run's).
  static void at_run_start(SchoolState& s, const RunContext& c);
  static void lever_changed(SchoolState& s, const RunContext& c, std::string_view key);
};

}  // namespace loom
