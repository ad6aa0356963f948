#pragma once
// The first school model: March's learning core inside a school with staff
// roles, students in two subgroups, weekly student growth, annual turnover
// and principal succession, under a leadership style (models/leadership.hpp).
//
// Weekly phases, in order: act, student growth, socialise, learn code, record.
// Summer phases (after the last week of each year): turnover, tenure.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "leadership.hpp"
#include "school_setup.hpp"
#include "sim/ensemble.hpp"
#include "sim/staff_store.hpp"
#include "sim/student_store.hpp"
#include "sim/tie_store.hpp"
#include "student_growth.hpp"
#include "turnover.hpp"

namespace loom {

struct SchoolParams {
  SchoolSetupParams school = school_setup_table().defaults();
  StudentParams students = student_table().defaults();
  LeadershipParams leadership = leadership_table().defaults();
  TurnoverParams turnover = turnover_table().defaults();
};

// Columns of the weekly time series, in order (names in school_metric_names).
enum SchoolMetric : int {
  kCodeKnowledge,
  kCodeKnowledgeMajority,
  kCodeKnowledgeUnderserved,
  kStaffKnowledge,
  kBeliefDiversity,
  kOutcomeMean,
  kOutcomeMajority,
  kOutcomeUnderserved,
  kOutcomeGap,
  kTeacherExits,
  kPrincipalExits,
  kSchoolMetricCount
};
const std::vector<std::string>& school_metric_names();
const std::vector<std::string>& school_summary_names();

constexpr int kSubgroups = 2;  // 0 = majority, 1 = historically underserved

struct SchoolState {
  // Fixed for the run.
  int m = 0;
  std::uint64_t all_dims = 0;
  int layers = 1;                                   // practice layers (1, or 1 per subgroup)
  std::array<std::uint64_t, kSubgroups> reality{};  // +1 dimensions per subgroup
  std::array<double, kSubgroups> share{};           // realised share of students
  std::array<std::uint32_t, kSubgroups> count{};
  std::uint64_t p1_threshold = 0, teacher_exit = 0, principal_exit = 0;
  std::vector<std::uint64_t> keep;   // code keep thresholds by k
  double growth_per_week = 0.0;      // practice_effect / weeks_per_year / m
  std::vector<double> entropy_term;  // -q log3 q for q = count / teachers, by count

  // The school.
  StaffStore staff;  // slot 0 = principal, 1..teachers = teachers
  StudentStore students;
  TieStore ties;
  std::vector<std::uint64_t> code_known, code_positive;  // per layer
  std::vector<std::uint64_t> voice_known, voice_positive;
  std::vector<std::uint32_t> insiders;  // staff slots
  std::uint32_t next_person_id = 0;

  // Weekly scratch (rebuilt every week, kept to avoid allocation).
  std::vector<std::uint64_t> actions;  // [slot * layers + layer]
  std::vector<std::int32_t> scores;    // [slot * kSubgroups + g]
  std::vector<std::uint64_t> superior;
  std::vector<double> increment;  // [slot * kSubgroups + g]
  std::vector<std::uint64_t> voice_action;
  std::vector<std::int32_t> voice_scores;  // [voice * kSubgroups + g]

  // Output.
  std::vector<double> series;  // weeks x kSchoolMetricCount
  int teacher_exits_total = 0, principal_exits_total = 0;

  int layer_of(int subgroup) const { return layers == 1 ? 0 : subgroup; }
};

// Builds a school for replicate `run`; all draws keyed by (seed, run, ...).
SchoolState build_school(const SchoolParams& params, std::uint64_t seed, std::uint64_t run);

// Runs all weeks of a built school and returns its output.
RunOutput run_school(const SchoolParams& params, std::uint64_t seed, std::uint64_t run);

// The ordered phase names (for docs and the ordering test).
std::vector<std::string> school_phase_names();

}  // namespace loom
