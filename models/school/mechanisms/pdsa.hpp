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
#include <array>
#include <cstdint>
#include <vector>

#include "models/school/mechanism.hpp"
#include "models/school/mechanisms/student_growth.hpp"
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

struct Cycle {
  std::uint32_t id = 0;  // unique in the run: keys the cycle's random streams
  int initiative = 0;
  int dimension = 0;
  bool positive = false;  // value tried: +1 (true) or -1
  int weeks_left = 0;
  int scale = 0;         // classrooms testing
  int round = 0;         // 0 = first test; then each adaptation
  int target_layer = 0;  // practice layer the idea is chosen for (1 = underserved)
  bool compliance = false;
  std::vector<std::uint32_t> team;        // staff slots
  std::vector<std::uint32_t> classrooms;  // teacher slots enacting the test
  // Evidence pooled over rounds (precision-weighted sums), per subgroup.
  std::array<double, kSubgroups> evidence{}, precision{};
  int classroom_weeks = 0;  // tested so far, over all rounds
};

struct PdsaState {
  std::uint32_t next_cycle_id = 0;
  std::vector<Cycle> cycles;
  // This week's counts (the record phase writes and resets them).
  int completed = 0, compliance = 0, adopted = 0, abandoned = 0, harmful = 0;
  // The run's totals (for the summary).
  int completed_total = 0, compliance_total = 0, adopted_total = 0, abandoned_total = 0,
      harmful_total = 0;
};

namespace purpose {
inline constexpr Purpose kPlanCycle{13};   // which idea a team tests, and who is on the team
inline constexpr Purpose kStudy{14};       // measurement noise when a team studies its test
inline constexpr Purpose kReporting{17};   // honest reporting of a failed test, and blame
inline constexpr Purpose kCompliance{21};  // whether a cycle is run as a checkbox
inline constexpr Purpose kAdaptCycle{24};  // new test classrooms when an idea is re-tested
}  // namespace purpose

struct Pdsa {
  using Params = PdsaParams;
  static const ParameterTable<Params>& table() { return pdsa_table(); }
  using State = PdsaState;
  static constexpr Phase phases[] = {{"plan cycles", Stage::kPlanning, &pdsa_plan},
                                     {"study and act", Stage::kReview, &pdsa_study_and_act}};
  static constexpr Purpose purposes[] = {purpose::kPlanCycle, purpose::kStudy, purpose::kReporting,
                                         purpose::kCompliance, purpose::kAdaptCycle};
};

}  // namespace loom
