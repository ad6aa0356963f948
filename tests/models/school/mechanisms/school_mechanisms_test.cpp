// Tests of the school model's mechanisms (docs/model.md; docs/validation.md).
// Each behaviour test compares configurations over replicates that share
// random streams (common random numbers) and states its tolerance.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "models/march/march_model.hpp"
#include "sim/core/statistics.hpp"
#include "tests/models/march/march_model_support.hpp"
#include "tests/models/school/school_test_support.hpp"

using namespace loom;
using loom::testing::column;
using loom::testing::core_school;
using loom::testing::metric_index;

namespace {

// Sum of a weekly metric over one school year, per replicate.
std::vector<double> yearly_sum(const SchoolParams& p, int replicates, const std::string& metric,
                               int year) {
  const std::size_t j = metric_index(metric);
  const int weeks = p.school.weeks_per_year;
  std::vector<double> out;
  for (int r = 0; r < replicates; ++r) {
    const auto run = run_school(p, 91, static_cast<std::uint64_t>(r));
    double total = 0.0;
    for (int w = year * weeks; w < (year + 1) * weeks; ++w)
      total += run.series[static_cast<std::size_t>(w) * school_metric_names().size() + j];
    out.push_back(total);
  }
  return out;
}

bool same_output(const SchoolParams& a, const SchoolParams& b, int replicates) {
  for (int r = 0; r < replicates; ++r) {
    const auto x = run_school(a, 5, static_cast<std::uint64_t>(r));
    const auto y = run_school(b, 5, static_cast<std::uint64_t>(r));
    if (x.series != y.series || x.summary != y.summary || x.events.size() != y.events.size())
      return false;
  }
  return true;
}

}  // namespace

// --- switches ---------------------------------------------------------------

TEST_CASE("A mechanism switched off has no effect whatever its other parameters",
          "[school][switches]") {
  // Start from the core school; for each mechanism, change every one of its
  // other parameters while its switch is off: the output must be
  // bit-identical. Then switch it on: the output must change.
  const SchoolParams core = core_school();
  SECTION("PDSA") {
    SchoolParams p = core;
    p.initiatives.at_start = 2;  // initiatives exist, but run no cycles
    SchoolParams q = p;
    q.pdsa.cycle_weeks = 2;
    q.pdsa.team_size = 9;
    q.pdsa.test_scale = 7;
    q.pdsa.measurement_noise = 0.1;
    q.pdsa.compliance_base = 0.9;
    CHECK(same_output(p, q, 3));
    q.pdsa.enabled = true;
    CHECK_FALSE(same_output(p, q, 3));
  }
  SECTION("trust") {
    SchoolParams q = core;
    q.trust.newcomer_trust = 0.0;
    q.trust.peer_learning_rate = 1.0;
    q.trust.familiarity_gain = 0.1;
    q.trust.blame_loss = 1.0;
    CHECK(same_output(core, q, 3));
    q.trust.enabled = true;
    CHECK_FALSE(same_output(core, q, 3));
  }
  SECTION("capacity") {
    SchoolParams q = core;
    q.capacity.legacy_activities = 20;
    q.capacity.activity_load = 10.0;
    q.capacity.initial_capacity = 0.5;
    CHECK(same_output(core, q, 3));
    q.capacity.enabled = true;
    CHECK_FALSE(same_output(core, q, 3));
  }
  SECTION("turnover modifiers") {
    SchoolParams q = core;
    q.turnover.burnout_effect = 9.0;
    q.turnover.novice_effect = 4.0;
    q.turnover.leader_trust_effect = 9.0;
    CHECK(same_output(core, q, 3));
    q.turnover.modifiers = true;
    CHECK_FALSE(same_output(core, q, 3));
  }
  SECTION("staff meetings") {
    SchoolParams q = core;
    q.meetings.every_weeks = 9;
    q.meetings.agenda_items = 2;
    q.meetings.observation_noise = 12.0;
    CHECK(same_output(core, q, 3));
    q.meetings.enabled = true;
    CHECK_FALSE(same_output(core, q, 3));
  }
  SECTION("implementation dip") {
    SchoolParams q = core;
    q.implementation.fluency_weeks = 30;
    q.implementation.cost_per_practice = 0.5;
    q.implementation.launch_load = 2.0;
    CHECK(same_output(core, q, 3));
    q.implementation.enabled = true;
    CHECK_FALSE(same_output(core, q, 3));
  }
  SECTION("experience") {
    SchoolParams q = core;
    q.experience.yearly_rate = 0.9;
    CHECK(same_output(core, q, 3));
    q.experience.enabled = true;
    CHECK_FALSE(same_output(core, q, 3));
  }
  SECTION("equity pauses") {
    SchoolParams q = core;
    q.equity.pause_load = 2.0;
    q.equity.strain = 1.0;
    CHECK(same_output(core, q, 3));
    q.equity.pause_every_weeks = 4;
    CHECK_FALSE(same_output(core, q, 3));
  }
}

TEST_CASE("With every mechanism off the school docks to March's model", "[school][march]") {
  // A school configured as March's organisation: 50 people (49 teachers and
  // the principal), m = 30, no subgroup differences, everyone's results
  // count, no voice, no turnover, mechanisms off, run long enough to settle
  // (20 years x 36 weeks). Its final code knowledge must match March's
  // equilibrium knowledge from the March model for the same p1 and p2
  // within 4 combined standard errors (60 school runs, 400 March runs).
  for (const double p1 : {0.1, 0.9}) {
    SchoolParams p = core_school();
    p.school.teachers = 49;
    p.school.years = 20;
    p.students.divergent_dimensions = 0;
    p.leadership.socialisation_pressure = p1;
    p.leadership.code_learning_rate = 0.5;
    p.turnover.teacher_exit_rate = p.turnover.low_poverty_exit_rate =
        p.turnover.high_poverty_exit_rate = 0.0;
    p.turnover.principal_exit_rate = 0.0;
    const Estimate school = estimate_mean(column(p, 60, "code_knowledge"));
    MarchParams m = march_parameter_table().defaults();
    m.p1 = p1;
    m.p2 = 0.5;
    const Estimate march = estimate_mean(loom::testing::march_knowledge(m, 400));
    INFO("p1 = " << p1 << ": school " << school.mean << " +- " << school.standard_error
                 << ", March " << march.mean << " +- " << march.standard_error);
    CHECK(std::abs(school.mean - march.mean) <
          4.0 * std::hypot(school.standard_error, march.standard_error) + 0.01);
  }
}

// --- turnover ----------------------------------------------------------------

TEST_CASE("The base exit rate passes through the NCES poverty anchors", "[school][turnover]") {
  const TurnoverParams t = turnover_table().defaults();
  CHECK(base_exit_rate(t, 0.125) == Approx(0.14).epsilon(1e-9));
  CHECK(base_exit_rate(t, 0.5) == Approx(0.16).epsilon(1e-9));
  CHECK(base_exit_rate(t, 0.875) == Approx(0.21).epsilon(1e-9));
  CHECK(base_exit_rate(t, 0.3) < base_exit_rate(t, 0.7));
}

TEST_CASE("Measured turnover follows school poverty", "[school][turnover]") {
  // Neutral modifiers: the measured rate matches each anchor within 4
  // binomial SE (150 runs x 59 x 5 = 44,250 teacher-years: SE <= 0.002).
  for (const auto& [poverty, expected] : {std::pair{0.125, 0.14}, std::pair{0.875, 0.21}}) {
    SchoolParams p = core_school();
    p.school.poverty = poverty;
    const Estimate e = estimate_mean(column(p, 150, "teacher_turnover_rate"));
    const double se = std::sqrt(expected * (1 - expected) / (150.0 * 59 * 5));
    INFO("poverty " << poverty << ": " << e.mean);
    CHECK(std::abs(e.mean - expected) < 4 * se);
  }
}

TEST_CASE("After a principal leaves, teacher turnover rises and growth dips the next year",
          "[school][turnover]") {
  // The principal leaves at the end of year 2 (forced) in one arm, not in
  // the other (no chance exits in either). Year-3 teacher exits rise by the
  // shock (logit +0.4: 16% -> ~22%); the paired 95% interval must exclude 0.
  SchoolParams calm = core_school();
  calm.turnover.principal_exit_rate = 0.0;
  SchoolParams shocked = calm;
  shocked.succession.forced_exit_year = 2;
  shocked.turnover.principal_exit_shock = 0.4;
  shocked.turnover.growth_dip = 0.1;
  const auto before = yearly_sum(calm, 200, "teacher_exits", 2);
  const auto after = yearly_sum(shocked, 200, "teacher_exits", 2);
  const Estimate d = estimate_paired_difference(before, after);
  INFO("year-3 exits: " << estimate_mean(before).mean << " -> " << estimate_mean(after).mean);
  CHECK(d.ci_low > 0.0);
  // Student growth in year 3 is lower by the dip. Growth does not feed back
  // into the learning, so outcome growth over year 3 (weeks 72..107) in the
  // shocked arm is 0.9 of what the same staff would have produced: compare
  // against the same forced exit without the dip. The growth ceiling is
  // raised out of the way (at 1000 SD it bends growth by < 0.01%, within
  // the 1% tolerance).
  shocked.students.growth_ceiling = 1000.0;
  SchoolParams no_dip = shocked;
  no_dip.turnover.growth_dip = 0.0;
  const std::size_t j = metric_index("outcome_mean");
  const std::size_t k = school_metric_names().size();
  for (int r = 0; r < 5; ++r) {
    const auto a = run_school(shocked, 3, static_cast<std::uint64_t>(r)).series;
    const auto b = run_school(no_dip, 3, static_cast<std::uint64_t>(r)).series;
    const double growth_a = a[107 * k + j] - a[71 * k + j];
    const double growth_b = b[107 * k + j] - b[71 * k + j];
    CHECK(growth_a == Approx(0.9 * growth_b).epsilon(0.01));
  }
}

TEST_CASE("Burnout and low trust raise turnover", "[school][turnover]") {
  // Same school, modifiers on vs off, under an overloaded top-down style:
  // burnout and low trust in the principal push exits above the base rate.
  SchoolParams p;
  p.leadership.decision_inclusion = static_cast<int>(DecisionInclusion::kLeaders);
  p.leadership.socialisation_pressure = 0.5;
  p.leadership.blame = 0.8;
  p.capacity.legacy_activities = 8;
  SchoolParams neutral = p;
  neutral.turnover.modifiers = false;
  const auto on = column(p, 60, "teacher_turnover_rate");
  const auto off = column(neutral, 60, "teacher_turnover_rate");
  CHECK(estimate_paired_difference(off, on).ci_low > 0.0);
}

// --- equity ------------------------------------------------------------------

TEST_CASE("PDSA on averages raises mean outcomes while the gap widens; disaggregation narrows it",
          "[school][equity][pdsa]") {
  // Every mechanism on (defaults), 6 of 30 dimensions work oppositely for
  // the underserved 30%. 40 paired replicates; 95% intervals.
  SchoolParams averages;
  averages.leadership.study = static_cast<int>(StudyMode::kAverages);
  SchoolParams split = averages;
  split.leadership.study = static_cast<int>(StudyMode::kDisaggregated);
  const auto mean_a = column(averages, 40, "outcome_mean");
  const auto gap_a = column(averages, 40, "outcome_gap_change");
  const auto gap_d = column(split, 40, "outcome_gap_change");
  CHECK(estimate_mean(mean_a).ci_low > 0.0);  // the average rises from -0.09
  CHECK(estimate_mean(gap_a).ci_low > 0.0);   // while the gap widens
  CHECK(estimate_paired_difference(gap_a, gap_d).ci_high < 0.0);
  // Under averages, teams adopt ideas that (unseen) harm underserved students.
  CHECK(estimate_mean(column(averages, 40, "harmful_adoptions")).ci_low > 0.0);
}

TEST_CASE("Equity pauses reverse harmful ideas and narrow the gap", "[school][equity]") {
  SchoolParams off;
  off.leadership.study = static_cast<int>(StudyMode::kAverages);
  SchoolParams on = off;
  on.equity.pause_every_weeks = 4;
  CHECK(estimate_mean(column(on, 40, "ideas_reversed")).ci_low > 0.0);
  CHECK(estimate_paired_difference(column(off, 40, "outcome_gap_change"),
                                   column(on, 40, "outcome_gap_change"))
            .ci_high < 0.0);
}

TEST_CASE("An equity pause held without psychological safety strains trust", "[school][equity]") {
  SchoolParams low;
  low.trust.initial_trust = 0.2;  // safety starts well below the 0.5 threshold
  low.equity.pause_every_weeks = 4;
  SchoolParams none = low;
  none.equity.pause_every_weeks = 0;
  // Trust at the end of year 1 (before turnover resets ties).
  const std::size_t j = metric_index("trust_mean");
  const std::size_t k = school_metric_names().size();
  std::vector<double> a, b;
  for (int r = 0; r < 30; ++r) {
    a.push_back(run_school(none, 8, static_cast<std::uint64_t>(r)).series[35 * k + j]);
    b.push_back(run_school(low, 8, static_cast<std::uint64_t>(r)).series[35 * k + j]);
  }
  CHECK(estimate_paired_difference(a, b).ci_high < 0.0);
}

// --- PDSA, trust, load ------------------------------------------------------------

TEST_CASE("Pressure and overload turn PDSA cycles into checkboxes", "[school][pdsa]") {
  SchoolParams calm;
  calm.leadership.socialisation_pressure = 0.05;
  SchoolParams pushed = calm;
  pushed.leadership.socialisation_pressure = 0.6;
  pushed.leadership.decision_inclusion = static_cast<int>(DecisionInclusion::kLeaders);
  pushed.capacity.legacy_activities = 8;
  CHECK(estimate_paired_difference(column(calm, 30, "compliance_share"),
                                   column(pushed, 30, "compliance_share"))
            .ci_low > 0.0);
}

TEST_CASE("Trusted peer learning spreads better practice", "[school][trust]") {
  SchoolParams without = core_school();
  without.trust.enabled = true;
  without.trust.peer_learning_rate = 0.0;
  SchoolParams with = without;
  with.trust.peer_learning_rate = 0.5;
  with.trust.peer_trust_needed = 0.0;
  with.leadership.socialisation_pressure = 0.02;  // little else moves staff beliefs
  without.leadership.socialisation_pressure = 0.02;
  CHECK(estimate_paired_difference(column(without, 30, "staff_knowledge"),
                                   column(with, 30, "staff_knowledge"))
            .ci_low > 0.0);
}

TEST_CASE("Blame for honest failure lowers trust in the principal", "[school][trust]") {
  SchoolParams supportive;
  supportive.leadership.blame = 0.0;
  SchoolParams blaming = supportive;
  blaming.leadership.blame = 1.0;
  CHECK(estimate_paired_difference(column(supportive, 30, "psychological_safety"),
                                   column(blaming, 30, "psychological_safety"))
            .ci_high < 0.0);
}

TEST_CASE("The subtraction game prevents overload and burnout", "[school][capacity]") {
  SchoolParams overload;
  overload.initiatives.new_per_year = 2;
  overload.capacity.legacy_activities = 5;
  SchoolParams subtract = overload;
  subtract.capacity.subtraction_game = true;
  CHECK(estimate_paired_difference(column(overload, 30, "burnout"), column(subtract, 30, "burnout"))
            .ci_high < 0.0);
}

// --- champions ----------------------------------------------------------------

TEST_CASE("Initiatives collapse less often as champions rise", "[school][champions]") {
  // High turnover makes departures frequent; no ownership growth so the
  // number of champions is what the scenario cultivated. Collapse share =
  // collapsed / launched per run; it must fall from 1 to 2 to 4 champions.
  SchoolParams p;
  p.turnover.teacher_exit_rate = p.turnover.low_poverty_exit_rate =
      p.turnover.high_poverty_exit_rate = 0.3;
  p.initiatives.ownership_growth = 0.0;
  p.initiatives.lifetime_years = 0;
  std::vector<double> share_by_champions;
  for (const int champions : {1, 2, 4}) {
    p.initiatives.champions = champions;
    const auto collapsed = column(p, 60, "initiatives_collapsed");
    const auto launched = column(p, 60, "initiatives_launched");
    std::vector<double> share;
    for (std::size_t i = 0; i < collapsed.size(); ++i) share.push_back(collapsed[i] / launched[i]);
    share_by_champions.push_back(estimate_mean(share).mean);
    if (share_by_champions.size() > 1) {
      INFO(champions << " champions: " << share_by_champions.back());
      CHECK(share_by_champions.back() < share_by_champions[share_by_champions.size() - 2]);
    }
  }
  CHECK(share_by_champions.front() > 0.3);  // one champion: collapses are common
}

// --- output ------------------------------------------------------------------

TEST_CASE("A run tells its story and records the network", "[school][output]") {
  SchoolParams p;
  p.staff_network.replicates = 1;
  p.staff_network.every_weeks = 36;
  p.succession.forced_exit_year = 1;
  const SchoolRunOutput out = run_school(p, 11, 0);
  REQUIRE_FALSE(out.events.empty());
  bool principal_left = false;
  for (const auto& e : out.events) {
    CHECK_FALSE(e.detail.empty());
    principal_left = principal_left || (e.kind == "principal_left" && e.week == 35);
  }
  CHECK(principal_left);
  // Week 0, every 36 weeks, and the last week (179 = 5 x 36 - 1).
  REQUIRE(out.staff_network.size() == 6);
  CHECK(out.staff_network.front().nodes.size() == 60);
  CHECK(out.staff_network.front().edges.size() > 150);  // teams, leads and cross-team ties
  // The principal's slot holds a new person after the forced exit (at the
  // end of year 1: after snapshot 1, taken at week 35, before the summer).
  CHECK(out.staff_network[1].nodes[0].person == out.staff_network[0].nodes[0].person);
  CHECK(out.staff_network[2].nodes[0].person != out.staff_network[1].nodes[0].person);
  // Replicates past staff_network.replicates record no snapshots.
  CHECK(run_school(p, 11, 1).staff_network.empty());
}
