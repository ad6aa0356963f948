#include "models/school/mechanisms/student_growth.hpp"

#include <algorithm>
#include <array>

#include "models/march/beliefs.hpp"
#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<StudentParams>& student_table() {
  static const ParameterTable<StudentParams> table = [] {
    ParameterTable<StudentParams> t{"students", "Students, subgroups and growth", {}, {}};
    t.add(&StudentParams::underserved_share,
          {"underserved_share", ValueKind::kReal, 0.3, 0.05, 0.95, "share of students",
           "Share of students in the underserved group",
           "Probability that a student belongs to the historically underserved subgroup",
           "Loom assumption, illustrative: set it from the school's own data"});
    t.fixed_at_start("sets the student body at setup");
    t.add(&StudentParams::divergent_dimensions,
          {"divergent_dimensions", ValueKind::kInteger, 6, 0, 64, "practice dimensions",
           "Practices that work differently for underserved students",
           "Dimensions on which the underserved group's reality is the opposite of the majority's",
           "Loom assumption, illustrative; continuous improvement is not inherently equitable "
           "(Valdez et al. 2020)"});
    t.fixed_at_start("sets what works for whom at setup");
    t.add(&StudentParams::initial_gap,
          {"initial_gap", ValueKind::kReal, 0.3, 0, 3, "SD", "Starting achievement gap",
           "Underserved students start this far below the majority",
           "Loom assumption, illustrative"});
    t.fixed_at_start("sets where students start");
    t.add(&StudentParams::practice_effect,
          {"practice_effect", ValueKind::kReal, 0.34, 0, 2, "SD per school year",
           "Effect of practice on growth",
           "Growth beyond expected (in SD a year) per unit of a teacher's practice score above "
           "the school's usual (the share of practices enacted right minus wrong): a teacher "
           "whose practice is right on every practice where the school's usual is right on none "
           "adds this much a year",
           "Calibrated: the within-school SD of teachers' value added is then about 0.12 SD a "
           "year in the usual school, within the 0.1-0.2 reported for teacher effects (Hanushek "
           "& Rivkin 2010; tests/models/school/mechanisms/student_growth_test.cpp)"});
    t.fixed_at_start("sets how practice drives growth, a model constant");
    t.add(&StudentParams::responsiveness_spread,
          {"responsiveness_spread", ValueKind::kReal, 0.3, 0, 1, "fraction",
           "How much students differ in response",
           "Each student's response to practice is drawn uniformly from 1 +/- this spread",
           "Loom assumption, illustrative"});
    t.fixed_at_start("sets the student body at setup");
    t.add(&StudentParams::needs_change,
          {"needs_change", ValueKind::kReal, 0.0, 0, 0.5, "share of practices per year",
           "How fast what works for students changes",
           "Each summer every practice dimension's reality flips, for both student groups, with "
           "this chance (new standards, curricula, student populations): what the school knew can "
           "become wrong, so there is always something to learn (March's turbulence p4)",
           "March 1991 (turbulence); the rate is a Loom assumption, illustrative"});
    t.switch_off = {"needs_change=0"};
    return t;
  }();
  return table;
}

double weighted_belief_score(const SchoolState& s, const std::uint64_t* known,
                             const std::uint64_t* positive) {
  double total = 0.0;
  for (int g = 0; g < kSubgroups; ++g) {
    const int l = s.layer_of(g);
    total += s.share[static_cast<std::size_t>(g)] *
             belief_score(known[l], positive[l], s.reality[static_cast<std::size_t>(g)]);
  }
  return total;
}

void student_growth_weekly(SchoolState& s, const RunContext& c, const WeekContext& w) {
  auto& state = s.students;
  const double factor = s.turnover.growth_factor;  // the dip after a principal leaves
  if (s.in_history) {
    // Measure the school's usual teaching: each group's student-weighted
    // mean score this week, averaged over each school year; the last whole
    // year is E_g at week 0.
    for (int g = 0; g < kSubgroups; ++g) {
      double sum = 0.0, weight = 0.0;
      for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
        const std::size_t i = slot * kSubgroups + static_cast<std::size_t>(g);
        sum += s.class_responsiveness[i] * factor * s.scores[i];
        weight += s.class_responsiveness[i];
      }
      state.year_sum[static_cast<std::size_t>(g)] += weight > 0.0 ? sum / weight : 0.0;
    }
    ++state.year_weeks;
    if (w.week_in_year + 1 == c.p.school.weeks_per_year) {
      for (std::size_t g = 0; g < kSubgroups; ++g) {
        state.last_year[g] = state.year_sum[g] / state.year_weeks;
        state.year_sum[g] = 0.0;
      }
      state.last_year_weeks = state.year_weeks;
      state.year_weeks = 0;
    }
    return;
  }
  const double per_week = s.growth_per_week;
  for (std::size_t i = 0; i < s.scores.size(); ++i)
    s.class_growth[i] += per_week * (factor * s.scores[i] - state.expected[i % kSubgroups]);
}

void student_needs_change(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const double rate = c.p.students.needs_change;
  if (rate <= 0.0) return;
  RandomStream r(c.key(0, static_cast<std::uint32_t>(w.week + 1), purpose::kTurbulence));
  const std::uint64_t threshold = RandomStream::bernoulli_threshold(rate);
  std::uint64_t flips = 0;
  for (int d = 0; d < s.m; ++d)
    if (r.bernoulli_u32(threshold)) flips |= std::uint64_t{1} << d;
  for (auto& reality : s.reality) reality ^= flips;
  // Student and family voices live the change: what they knew stays right.
  for (std::size_t v = 0; v < s.voice_known.size(); ++v)
    s.voice_positive[v] ^= flips & s.voice_known[v];
}

void Students::at_run_start(SchoolState& s, const RunContext&) {
  auto& state = s.students;
  state.expected = state.last_year_weeks > 0 ? state.last_year : std::array<double, kSubgroups>{};
  std::fill(s.class_growth.begin(), s.class_growth.end(), 0.0);
}

}  // namespace loom
