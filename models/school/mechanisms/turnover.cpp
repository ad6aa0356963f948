#include "models/school/mechanisms/turnover.hpp"

#include <algorithm>
#include <cmath>

#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<TurnoverParams>& turnover_table() {
  static const ParameterTable<TurnoverParams> table = [] {
    ParameterTable<TurnoverParams> t{"turnover", "Staff turnover and hiring", {}, {}};
    t.add(&TurnoverParams::teacher_exit_rate,
          {"teacher_exit_rate", ValueKind::kReal, 0.16, 0, 0.99, "share per year",
           "Teachers leaving each year",
           "Base chance a teacher leaves during or at the end of a school year, at poverty 0.5 "
           "and neutral modifiers",
           "Goldring, Taie & Riddles 2014 (NCES TFS 2012-13): ~16% (8% move, 8% leave)"});
    t.fixed_at_start("sets the turnover baseline and the starting staff's tenure at setup");
    t.add(&TurnoverParams::low_poverty_exit_rate,
          {"low_poverty_exit_rate", ValueKind::kReal, 0.14, 0, 0.99, "share per year",
           "Teachers leaving a low-poverty school", "Base rate at poverty 0.125",
           "NCES 2008 (low-poverty schools ~14%)"});
    t.fixed_at_start("sets the turnover baseline and the starting staff's tenure at setup");
    t.add(&TurnoverParams::high_poverty_exit_rate,
          {"high_poverty_exit_rate", ValueKind::kReal, 0.21, 0, 0.99, "share per year",
           "Teachers leaving a high-poverty school", "Base rate at poverty 0.875",
           "NCES 2008 (high-poverty schools ~21%)"});
    t.fixed_at_start("sets the turnover baseline and the starting staff's tenure at setup");
    t.add(&TurnoverParams::principal_exit_rate,
          {"principal_exit_rate", ValueKind::kReal, 0.18, 0, 1, "share per year",
           "Principal leaving each year", "Chance the principal leaves at the end of a school year",
           "Goldring & Taie 2018 (NCES PFS 2016-17): ~18%"});
    t.add(&TurnoverParams::midyear_exit_rate,
          {"midyear_exit_rate", ValueKind::kReal, 0.01, 0, 0.2, "share per year",
           "Teachers leaving during the year",
           "Part of the yearly exits that happen during the school year (the rest in summer)",
           "Loom assumption, illustrative (mid-year exits are rare)"});
    t.add(&TurnoverParams::modifiers,
          {"modifiers", ValueKind::kBoolean, 1, 0, 1, "", "Burnout, belonging and trust matter",
           "Off: every teacher leaves with the base rate for the school's poverty",
           "School conditions drive turnover (Ingersoll 2001)"});
    t.add(&TurnoverParams::burnout_effect,
          {"burnout_effect", ValueKind::kReal, 1.5, 0, 10, "log-odds per unit burnout",
           "How much burnout drives people out", "Added to the exit log-odds per unit of burnout",
           "Loom assumption, illustrative (direction: Ingersoll 2001; Skaalvik & Skaalvik 2011)"});
    t.applies_when("turnover.modifiers == true");
    t.add(&TurnoverParams::belonging_effect,
          {"belonging_effect", ValueKind::kReal, 1.0, 0, 10, "log-odds per unit",
           "How much belonging keeps people",
           "Exit log-odds fall by this per unit of belonging above neutral_trust (rise below)",
           "Loom assumption, illustrative (direction: Skaalvik & Skaalvik 2011)"});
    t.applies_when("turnover.modifiers == true");
    t.add(&TurnoverParams::leader_trust_effect,
          {"leader_trust_effect", ValueKind::kReal, 1.0, 0, 10, "log-odds per unit",
           "How much trust in the principal keeps people",
           "Exit log-odds fall by this per unit of trust in the principal above neutral_trust",
           "Loom assumption, illustrative (direction: Ingersoll 2001; Bryk & Schneider 2002)"});
    t.applies_when("turnover.modifiers == true");
    t.add(&TurnoverParams::novice_effect,
          {"novice_effect", ValueKind::kReal, 0.3, -5, 5, "log-odds",
           "Extra chance new teachers leave",
           "Added to the exit log-odds under 3 years of tenure; teachers with more tenure get "
           "minus this x (novice share / others' share) of the steady-state tenure mix, so the "
           "school's average stays at its base rate",
           "Goldring, Taie & Riddles 2014 (early-career teachers leave more); size is a Loom "
           "assumption, illustrative"});
    t.add(&TurnoverParams::neutral_trust,
          {"neutral_trust", ValueKind::kReal, 0.51, 0, 1, "trust (0-1)",
           "Trust at which leaving is neither more nor less likely",
           "Belonging and trust in the principal above this lower a teacher's exit log-odds, "
           "below it raise them",
           "Loom assumption, calibrated: about the default school's typical level, so its "
           "realised turnover meets the NCES anchors (docs/validation.md)"});
    t.applies_when("turnover.modifiers == true");
    t.add(&TurnoverParams::max_modifier,
          {"max_modifier", ValueKind::kReal, 1.0, 0.01, 5, "log-odds",
           "Most that conditions can change a teacher's chance of leaving",
           "The modifiers (and the principal-exit shock) are added and then bounded smoothly to "
           "+/- this (max x tanh(sum / max)), so no combination of conditions drives turnover to "
           "implausible levels; 1 allows about 16% -> 34% at the reference poverty",
           "Loom assumption, illustrative (turnover above ~30% a year is rare even in the "
           "hardest-to-staff schools: Ingersoll 2001)"});
    t.applies_when("turnover.modifiers == true");
    t.add(&TurnoverParams::principal_exit_shock,
          {"principal_exit_shock", ValueKind::kReal, 0.0, 0, 5, "log-odds",
           "Extra teacher exits after the principal leaves (beyond lost trust)",
           "Added to teachers' exit log-odds in the year after a principal leaves (half in the "
           "second year when shock_years = 2), on top of the mechanism: trust in a new principal "
           "starts over, which alone raises teacher turnover by about 4 points the next year",
           "Béteille, Kalogrides & Loeb 2012; Miller 2013 (a rise of a few points for 1-2 "
           "years); 0 because lost trust already produces it"});
    t.applies_when("turnover.principal_exit_rate > 0 or succession.forced_exit_year > 0");
    t.add(&TurnoverParams::shock_years,
          {"shock_years", ValueKind::kInteger, 2, 0, 5, "years",
           "Years the principal-exit shock lasts",
           "The shock and the growth dip fade linearly over this many years",
           "Béteille, Kalogrides & Loeb 2012; Miller 2013"});
    t.applies_when("turnover.principal_exit_rate > 0 or succession.forced_exit_year > 0");
    t.add(&TurnoverParams::growth_dip,
          {"growth_dip", ValueKind::kReal, 0.1, 0, 1, "share of growth",
           "Student growth lost after the principal leaves",
           "Student growth is lower by this share in the year after a principal leaves (fading "
           "over shock_years)",
           "Béteille, Kalogrides & Loeb 2012; Miller 2013 (direction); size is a Loom assumption, "
           "illustrative"});
    t.applies_when("turnover.principal_exit_rate > 0 or succession.forced_exit_year > 0");
    t.add(&TurnoverParams::late_hire_share,
          {"late_hire_share", ValueKind::kReal, 0.1, 0, 1, "share", "Summer vacancies filled late",
           "Share of summer vacancies still open when school starts (a substitute covers)",
           "Loom assumption, illustrative"});
    t.add(&TurnoverParams::hiring_delay_weeks,
          {"hiring_delay_weeks", ValueKind::kInteger, 4, 0, 36, "weeks", "Weeks to fill a vacancy",
           "Instructional weeks a late or mid-year vacancy stays open",
           "Loom assumption, illustrative"});
    t.applies_when("turnover.late_hire_share > 0 or turnover.midyear_exit_rate > 0");
    t.switch_off = {"modifiers=false", "principal_exit_shock=0", "growth_dip=0",
                    "midyear_exit_rate=0", "late_hire_share=0"};
    return t;
  }();
  return table;
}

namespace {

double logit(double p) {
  p = std::clamp(p, 1e-9, 1.0 - 1e-9);
  return std::log(p / (1.0 - p));
}
double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

constexpr double kLowPoverty = 0.125, kReferencePoverty = 0.5, kHighPoverty = 0.875;

// Log-odds added for this slot now (0 with modifiers off).
double modifier_log_odds(const SchoolState& s, const TurnoverParams& p, std::size_t slot) {
  double x = 0.0;
  if (p.shock_years > 0 && s.turnover.shock_years_left > 0) {
    x += p.principal_exit_shock * s.turnover.shock_years_left / p.shock_years;
  }
  if (!p.modifiers) return x;  // the shock alone is not bounded (docking tests use it)
  const auto& cond = s.staff.conditions;
  // Relative to the school's usual conditions (its history's), so that a
  // school carrying on as usual meets its base rate: the NCES rates are
  // those of schools in their usual conditions.
  const auto& t = s.turnover;
  const double belonging = t.usual_known ? t.usual_belonging : p.neutral_trust;
  const double leader_trust = t.usual_known ? t.usual_leader_trust : p.neutral_trust;
  x += p.burnout_effect * (cond.burnout[slot] - t.usual_burnout);
  x += p.belonging_effect * (belonging - cond.belonging[slot]);
  x += p.leader_trust_effect * (leader_trust - cond.leader_trust[slot]);
  // Early-career teachers leave more than the school's average, others
  // less: the base rate is the average over the steady-state tenure mix, so
  // the tenure term is centred on it (novice_share is that mix's share
  // under 3 years when the summer exits are drawn, after tenure has risen).
  x += s.staff.records.tenure_years[slot] < 3
           ? p.novice_effect
           : -p.novice_effect * s.turnover.novice_share / (1.0 - s.turnover.novice_share);
  return p.max_modifier * std::tanh(x / p.max_modifier);
}

// The mid-year part of a teacher's yearly exit probability: the configured
// mid-year rate, scaled by how this teacher's yearly probability compares
// with the base. The summer part is the rest, so expected exits per post
// and year equal the yearly probability (a post emptied mid-year is filled
// before summer, and its new holder faces the summer part).
double midyear_part(const SchoolState& s, const TurnoverParams& p, double yearly) {
  const double base = 1.0 / (1.0 + std::exp(-s.turnover.base_exit_log_odds));
  return std::min(yearly, p.midyear_exit_rate * yearly / std::max(base, 1e-9));
}

void leave(SchoolState& s, const RunContext& c, std::size_t slot, int week) {
  champions_on_departure(s, c, slot, week);
  trust_on_departure(s, c, slot);
}

}  // namespace

double base_exit_rate(const TurnoverParams& p, double poverty) {
  const double base = logit(p.teacher_exit_rate);
  if (poverty >= kReferencePoverty) {
    const double slope =
        (logit(p.high_poverty_exit_rate) - base) / (kHighPoverty - kReferencePoverty);
    return logistic(base + slope * (poverty - kReferencePoverty));
  }
  const double slope = (base - logit(p.low_poverty_exit_rate)) / (kReferencePoverty - kLowPoverty);
  return logistic(base + slope * (poverty - kReferencePoverty));
}

double teacher_exit_probability(const SchoolState& s, const RunContext& c, std::size_t slot) {
  return logistic(s.turnover.base_exit_log_odds + modifier_log_odds(s, c.p.turnover, slot));
}

void Turnover::at_setup(SchoolState& s, const RunContext& c) {
  const auto& p = c.p.turnover;
  auto& state = s.turnover;
  state.principal_exit = RandomStream::bernoulli_threshold(p.principal_exit_rate);
  const double base = base_exit_rate(p, c.p.school.poverty);
  state.base_exit_log_odds = std::log(base / (1.0 - base));
  // Summer exits are drawn after tenure has risen by one (phase order), so
  // the novices then are those who arrived in the last two summers.
  state.novice_share = std::min(0.99, 1.0 - std::pow(1.0 - base, 2.0));
  const int tenure = s.staff.records.tenure_years[0];
  if (p.principal_exit_rate <= 0.0 || tenure >= p.shock_years) return;
  // The predecessor left `tenure` summers ago: the years of raised
  // turnover and lower growth that remain, and (for a principal in their
  // first year) trust in them that starts over.
  s.turnover.shock_years_left = p.shock_years - tenure;
  s.turnover.growth_factor = 1.0 - p.growth_dip * s.turnover.shock_years_left / p.shock_years;
  if (tenure == 0 && c.p.trust.enabled) {
    for (auto& t : s.staff.conditions.leader_trust)
      t = static_cast<float>(c.p.trust.newcomer_trust);
  }
}

void turnover_summer(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.turnover;
  if (s.in_history) {
    // What is usual here, at the draw: the teachers' mean conditions.
    double belonging = 0.0, leader_trust = 0.0, burnout = 0.0;
    int present = 0;
    for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
      if (!s.present(slot)) continue;
      ++present;
      belonging += s.staff.conditions.belonging[slot];
      leader_trust += s.staff.conditions.leader_trust[slot];
      burnout += s.staff.conditions.burnout[slot];
    }
    auto& t = s.turnover;
    t.usual_known = present > 0;
    if (present > 0) {
      t.usual_belonging = belonging / present;
      t.usual_leader_trust = leader_trust / present;
      t.usual_burnout = burnout / present;
    }
  }
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  RandomStream r(c.key(0, week, purpose::kTurnover));
  const bool forced = c.p.succession.forced_exit_year == w.year + 1;
  const bool principal_leaves = r.bernoulli_u32(s.turnover.principal_exit) || forced;
  int exits = 0;
  std::vector<std::size_t> hired;
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    const double yearly = teacher_exit_probability(s, c, slot);
    const bool leaves = r.uniform() < yearly - midyear_part(s, p, yearly);
    if (!leaves || !s.present(slot)) continue;
    leave(s, c, slot, w.week);
    hire(s, c, slot, week, true);
    hired.push_back(slot);
    ++exits;
  }
  if (s.turnover.shock_years_left > 0) --s.turnover.shock_years_left;
  if (principal_leaves) {
    const std::uint32_t old_id = s.staff.records.person_id[0];
    leave(s, c, 0, w.week);
    hire(s, c, 0, week, true);
    apply_successor_style(s, c);
    s.turnover.shock_years_left = p.shock_years;
    s.row(w.week)[kPrincipalExits] += 1;
    ++s.turnover.principal_exits_total;
    const auto style = static_cast<SuccessorStyle>(c.p.succession.successor_style);
    s.log(w.week, EventKind::kPrincipalLeft, old_id,
          std::string("The principal left") + (forced ? " as planned" : "") +
              ". A successor takes over" +
              (style == SuccessorStyle::kTopDown  ? " and leads top-down"
               : style == SuccessorStyle::kShared ? " and shares leadership"
                                                  : "") +
              "; trust in the principal starts over, and teacher turnover is likely to rise next "
              "year.");
  }
  s.turnover.growth_factor =
      p.shock_years > 0 ? 1.0 - p.growth_dip * s.turnover.shock_years_left / p.shock_years : 1.0;
  // Some posts are still open when school starts.
  RandomStream late(c.key(0, week, purpose::kHiring));
  const std::uint64_t late_threshold = RandomStream::bernoulli_threshold(p.late_hire_share);
  for (const std::size_t slot : hired) {
    if (p.hiring_delay_weeks == 0 || !late.bernoulli_u32(late_threshold)) continue;
    s.staff.conditions.vacant[slot] = 1;
    // +1: the count is decremented before the first week is taught, so the
    // post stays open hiring_delay_weeks weeks, as a mid-year vacancy does.
    s.staff.conditions.vacancy_weeks[slot] = static_cast<std::int16_t>(p.hiring_delay_weeks + 1);
  }
  // Summer exits belong to the year that just ended: its last row.
  s.row(w.week)[kTeacherExits] += exits;
  s.turnover.teacher_exits_total += exits;
}

void turnover_weekly(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.turnover;
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  auto& cond = s.staff.conditions;
  // Open posts are filled when their delay is over.
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    if (!cond.vacant[slot] || --cond.vacancy_weeks[slot] > 0) continue;
    hire(s, c, slot, week, true);
  }
  if (p.midyear_exit_rate <= 0.0) return;
  RandomStream r(c.key(0, week, purpose::kMidYearExit));
  const double weeks = c.p.school.weeks_per_year;
  // No teacher's mid-year part exceeds midyear_exit_rate / base (yearly <= 1),
  // so draws above that bound's weekly hazard skip the exact calculation
  // (two exponentials and a power per teacher per week otherwise).
  const double base = 1.0 / (1.0 + std::exp(-s.turnover.base_exit_log_odds));
  const double bound = 1.0 - std::pow(1.0 - std::min(1.0, p.midyear_exit_rate / base), 1.0 / weeks);
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    const double draw = r.uniform();
    if (draw >= bound || !s.present(slot)) continue;
    const double mid = midyear_part(s, p, teacher_exit_probability(s, c, slot));
    const double hazard = 1.0 - std::pow(1.0 - mid, 1.0 / weeks);
    if (draw >= hazard) continue;
    leave(s, c, slot, w.week);
    s.staff.records.person_id[slot] = s.next_person_id++;  // the post is now empty
    cond.vacant[slot] = 1;
    cond.vacancy_weeks[slot] = static_cast<std::int16_t>(std::max(1, p.hiring_delay_weeks));
    ++s.turnover.teacher_exits;
    ++s.turnover.teacher_exits_total;
  }
}

void Turnover::at_run_start(SchoolState& s, const RunContext&) {
  s.turnover.teacher_exits = 0;
  s.turnover.teacher_exits_total = 0;
  s.turnover.principal_exits_total = 0;
}

void Turnover::lever_changed(SchoolState& s, const RunContext& c, std::string_view key) {
  const SchoolParams& p = c.p;
  if (key == "principal_exit_rate")
    s.turnover.principal_exit = RandomStream::bernoulli_threshold(p.turnover.principal_exit_rate);
}

}  // namespace loom
