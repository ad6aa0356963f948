#include "models/school/mechanisms/student_growth.hpp"

#include <algorithm>

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
          {"practice_effect", ValueKind::kReal, 0.3, 0, 2, "SD per school year",
           "Effect of fully aligned practice",
           "Yearly growth (in SD) for a student whose teacher's practice matches their needs on "
           "every dimension; fully misaligned practice loses as much",
           "Loom assumption, illustrative; teacher effects are about 0.1-0.2 SD a year "
           "(Hanushek & Rivkin 2010)"});
    t.fixed_at_start("sets how practice drives growth, a model constant");
    t.add(&StudentParams::responsiveness_spread,
          {"responsiveness_spread", ValueKind::kReal, 0.3, 0, 1, "fraction",
           "How much students differ in response",
           "Each student's response to practice is drawn uniformly from 1 +/- this spread",
           "Loom assumption, illustrative"});
    t.fixed_at_start("sets the student body at setup");
    t.add(&StudentParams::growth_ceiling,
          {"growth_ceiling", ValueKind::kReal, 1.0, 0.1, 1000, "SD",
           "Most that practice can add to a class",
           "Practice-driven growth of a class slows as its level nears this many SD above the "
           "majority's start (gains x (1 - level / ceiling)); large values remove the ceiling",
           "Loom assumption, illustrative: whole-school reforms rarely add more than about 0.5 "
           "SD over five years (Borman et al. 2003)"});
    t.fixed_at_start("a model constant of student growth");
    t.switch_off = {"growth_ceiling=1000"};
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

void student_growth_weekly(SchoolState& s, const RunContext&, const WeekContext&) {
  const double per_week = s.growth_per_week * s.turnover.growth_factor;
  const double ceiling = s.growth_ceiling;
  for (std::size_t i = 0; i < s.scores.size(); ++i) {
    // The class's level (its group's start plus its practice-driven gain)
    // against the ceiling, which is measured from the majority's start: a
    // group that starts lower has more room to grow.
    const double level = s.initial_outcome[i % kSubgroups] + s.class_growth[i];
    const double room = s.scores[i] >= 0 ? 1.0 - level / ceiling : 1.0 + level / ceiling;
    s.class_growth[i] += per_week * s.scores[i] * std::max(0.0, room);
  }
}

}  // namespace loom
