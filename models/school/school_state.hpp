#pragma once
// The state of one simulated school: what the school's core keeps (staff,
// students, ties, the shared way of teaching, this week's scratch and the
// output), plus what each section of mechanisms/mechanisms.hpp keeps of its
// own (s.pdsa.cycles, s.trust.safety, ...). Only models/ code sees this.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/school/event_story.hpp"
#include "models/school/mechanisms/mechanisms.hpp"
#include "models/school/school_outputs.hpp"
#include "models/school/staff/staff_snapshot.hpp"
#include "models/school/staff/staff_store.hpp"
#include "models/school/staff/student_store.hpp"
#include "models/school/staff/tie_store.hpp"
#include "models/school/time/scheduler.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/run/ensemble.hpp"

namespace loom {

class ScheduledChanges;

// Columns of the weekly time series: SchoolMetric in school_outputs.hpp.

// RunContext::week_base of a school's history: far above any run's weeks
// (at most 50 years x 52).
constexpr std::uint32_t kHistoryWeeks = 0x40000000u;

// Stream entities of student and family voice members: above any person id.
constexpr std::uint32_t kVoiceEntityBase = 0x80000000u;

// What the record phase computes each week (school_simulation.hpp, Keeping).
enum class RecordScope {
  kEveryWeek,    // every metric, every week
  kNetworkView,  // the four metrics a network reads, every week
  kLastWeek,     // every metric in the run's last week only (summary-only runs)
};

struct RunContext {
  RunContext(const SchoolParams& params, std::uint64_t seed_, std::uint64_t run_,
             std::uint32_t school_)
      : p(params), seed(seed_), run(run_), school(school_), run_part_(fold_run(seed_, run_)) {}
  const SchoolParams& p;
  std::uint64_t seed;
  std::uint64_t run;
  // Which school of a network (0 for a single school, so its streams are
  // the ones single-school results have always used).
  std::uint32_t school = 0;
  // Lever changes of a [[schedule]] (the phase "scheduled changes"), or null.
  ScheduledChanges* changes = nullptr;
  // Added to every stream's week: 0 in the run, kHistoryWeeks before it, so
  // the school's history never draws what its run draws.
  std::uint32_t week_base = 0;
  // The stream named (seed, run, school, entity, week, purpose), with
  // (seed, run) folded once per run (random_stream.hpp, FoldedKey).
  FoldedKey key(std::uint32_t entity, std::uint32_t week, Purpose purpose) const {
    return {run_part_, school, entity, week + week_base, purpose};
  }

 private:
  std::uint64_t run_part_;
};

// Leadership levers in force now: the scenario's, until a successor with
// another style changes them (succession.hpp).
struct ActiveLevers {
  std::uint64_t p1_threshold = 0;
  double socialisation_pressure = 0.0;
  bool learn_from_everyone = true;
  bool staff_decide = true;
  bool voice_heard = true;
  double blame = 0.0;
  int champions = 1;
  int pause_every_weeks = 0;
};

struct SchoolState : SchoolSectionStates {
  // Fixed for the run.
  int m = 0;
  std::uint64_t all_dims = 0;
  int layers = 1;                                   // practice layers (1, or 1 per subgroup)
  std::array<std::uint64_t, kSubgroups> reality{};  // +1 dimensions per subgroup
  std::array<double, kSubgroups> share{};           // realised share of students
  std::array<std::uint32_t, kSubgroups> count{};
  std::vector<std::uint64_t> keep;   // code keep thresholds by k
  double growth_per_week = 0.0;      // practice_effect / weeks_per_year / m
  std::vector<double> entropy_term;  // -q log3 q for q = count / teachers, by count

  // The school.
  ActiveLevers levers;
  StaffStore staff;                          // slot 0 = principal, 1..teachers = teachers
  StudentStore roster;                       // the students; outcomes are kept per class:
  std::vector<double> class_growth;          // [slot * kSubgroups + g] practice-driven gain
  std::vector<double> class_responsiveness;  // [slot * kSubgroups + g] sum over its students
  std::array<double, kSubgroups> initial_outcome{};
  TieStore ties;
  std::vector<std::uint32_t> tie_mirror;  // index of the reverse direction of each tie
  std::vector<std::uint64_t> code_known, code_positive;  // per layer
  std::vector<std::uint64_t> voice_known, voice_positive;
  std::uint32_t next_person_id = 0;

  // Weekly scratch (rebuilt every week, kept to avoid allocation).
  std::vector<std::uint64_t> actions;  // [slot * layers + layer]
  std::vector<std::int32_t> scores;    // [slot * kSubgroups + g]
  std::vector<std::uint64_t> superior;
  std::vector<float> fidelity;        // share of dimensions enacted as believed
  std::vector<RandomStream> streams;  // a phase's per-person streams (open_many)

  // True while the school lives its history before week 0 (nothing is
  // reported; mechanisms measure what is usual there).
  bool in_history = false;

  // Output.
  std::uint32_t school_id = 0;  // RunContext::school; tags events
  // False in a network of schools: "record" keeps only the latest week's
  // row (series holds one row), as 10,000 schools x 360 weeks of every
  // metric would take ~1 GB that no output needs.
  bool keep_series = true;
  RecordScope record_scope = RecordScope::kEveryWeek;
  std::vector<double> series;  // weeks x kSchoolMetricCount (or 1 row)
  std::vector<RunEvent> events;
  std::vector<StaffSnapshot> staff_network;

  // The series row of `week` (the only row when keep_series is false).
  double* row(int week) {
    return &series[static_cast<std::size_t>(keep_series ? week : 0) * kSchoolMetricCount];
  }
  int layer_of(int subgroup) const { return layers == 1 ? 0 : subgroup; }
  std::size_t teachers() const { return staff.size() - 1; }
  bool present(std::size_t slot) const { return staff.conditions.vacant[slot] == 0; }
  void log(int week, EventKind kind, std::int64_t actor, std::string detail) {
    events.push_back({week, static_cast<int>(school_id), std::string(event_kind_name(kind)), actor,
                      std::move(detail)});
  }
};

// Puts a new person with naive beliefs in a post (school_setup.cpp):
// a newcomer starts with newcomer trust and belonging, the first staff with
// the starting values.
void hire(SchoolState& s, const RunContext& c, std::size_t slot, std::uint32_t week, bool newcomer);

}  // namespace loom
