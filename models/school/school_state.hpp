#pragma once
// The state of one simulated school, shared by the school model's
// mechanisms (one file pair each: pdsa, trust, equity, capacity,
// initiatives, turnover, succession). Only models/ code sees this.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/random_purposes.hpp"
#include "models/school/event_story.hpp"
#include "models/school/mechanisms/capacity.hpp"
#include "models/school/mechanisms/equity.hpp"
#include "models/school/mechanisms/experience.hpp"
#include "models/school/mechanisms/implementation_dip.hpp"
#include "models/school/mechanisms/initiatives.hpp"
#include "models/school/mechanisms/leadership.hpp"
#include "models/school/mechanisms/pdsa.hpp"
#include "models/school/mechanisms/staff_meetings.hpp"
#include "models/school/mechanisms/student_growth.hpp"
#include "models/school/mechanisms/succession.hpp"
#include "models/school/mechanisms/trust.hpp"
#include "models/school/mechanisms/turnover.hpp"
#include "models/school/school_outputs.hpp"
#include "models/school/school_setup.hpp"
#include "models/school/staff/staff_network_output.hpp"
#include "models/school/staff/staff_snapshot.hpp"
#include "models/school/staff/staff_store.hpp"
#include "models/school/staff/student_store.hpp"
#include "models/school/staff/tie_store.hpp"
#include "models/school/time/scheduler.hpp"
#include "sim/run/ensemble.hpp"

namespace loom {

struct SchoolParams {
  SchoolSetupParams school = school_setup_table().defaults();
  StudentParams students = student_table().defaults();
  LeadershipParams leadership = leadership_table().defaults();
  MeetingParams meetings = meeting_table().defaults();
  ImplementationParams implementation = implementation_table().defaults();
  ExperienceParams experience = experience_table().defaults();
  PdsaParams pdsa = pdsa_table().defaults();
  EquityParams equity = equity_table().defaults();
  TrustParams trust = trust_table().defaults();
  CapacityParams capacity = capacity_table().defaults();
  InitiativeParams initiatives = initiative_table().defaults();
  TurnoverParams turnover = turnover_table().defaults();
  SuccessionParams succession = succession_table().defaults();
  NetworkOutputParams network = network_output_table().defaults();
};

// Columns of the weekly time series: SchoolMetric in school_outputs.hpp.

constexpr int kSubgroups = 2;  // 0 = majority, 1 = historically underserved

struct RunContext {
  const SchoolParams& p;
  std::uint64_t seed;
  std::uint64_t run;
  // Which school of a network (0 for a single school, so its streams are
  // the ones single-school results have always used).
  std::uint32_t school = 0;
  StreamKey key(std::uint32_t entity, std::uint32_t week, Purpose purpose) const {
    return {seed, run, school, entity, week, purpose};
  }
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

struct Initiative {
  bool active = false;
  int launched_week = 0;
  // First instructional week it runs: a summer launch (launched_week > 0 is
  // the last week of a year) starts the next week.
  int first_week() const { return launched_week == 0 ? 0 : launched_week + 1; }
  int number = 0;                                   // 1-based, for the story
  std::array<std::uint64_t, kSubgroups> adopted{};  // per layer: dims it brought into the code
};

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

// An idea adopted since the last equity pause (what a pause reviews).
struct AdoptedIdea {
  int initiative = 0;
  int dimension = 0;
  bool positive = false;
  std::uint32_t layers = 0;  // bit l = adopted into practice layer l
  int classroom_weeks = 0;
};

struct SchoolState {
  // Fixed for the run.
  int m = 0;
  std::uint64_t all_dims = 0;
  int layers = 1;                                   // practice layers (1, or 1 per subgroup)
  std::array<std::uint64_t, kSubgroups> reality{};  // +1 dimensions per subgroup
  std::array<double, kSubgroups> share{};           // realised share of students
  std::array<std::uint32_t, kSubgroups> count{};
  std::uint64_t principal_exit = 0;
  double base_exit_log_odds = 0.0;  // logit of the base rate at this school's poverty
  double novice_share = 0.0;  // steady-state share under 3 years at the summer draw (turnover.cpp)
  std::vector<std::uint64_t> keep;   // code keep thresholds by k
  double growth_per_week = 0.0;      // practice_effect / weeks_per_year / m
  std::vector<double> entropy_term;  // -q log3 q for q = count / teachers, by count

  // The school.
  ActiveLevers levers;
  StaffStore staff;                          // slot 0 = principal, 1..teachers = teachers
  StudentStore students;                     // fixed make-up; outcomes are kept per class:
  std::vector<double> class_growth;          // [slot * kSubgroups + g] practice-driven gain
  std::vector<double> class_responsiveness;  // [slot * kSubgroups + g] sum over its students
  std::array<double, kSubgroups> initial_outcome{};
  double growth_ceiling = 1.0;
  TieStore ties;
  std::vector<std::uint32_t> tie_mirror;  // index of the reverse direction of each tie
  std::vector<std::uint64_t> code_known, code_positive;  // per layer
  std::vector<std::uint64_t> voice_known, voice_positive;
  std::vector<std::uint32_t> insiders;  // staff slots
  std::uint32_t next_person_id = 0;
  std::uint32_t next_cycle_id = 0;
  std::vector<Initiative> initiatives;
  std::vector<Cycle> cycles;
  std::vector<AdoptedIdea> since_pause;
  // Dimensions an equity pause found to harm underserved students in a
  // school with one shared practice: no longer prescribed (equity.hpp).
  std::uint64_t contested = 0;
  int legacy_activities = 0;
  int shock_years_left = 0;    // years of raised turnover after a principal left
  double growth_factor = 1.0;  // this year's student growth multiplier
  double safety = 0.5;         // psychological safety (trust.hpp)
  bool trust_broken = false;   // safety below the breakdown line (for the story)

  // Weekly scratch (rebuilt every week, kept to avoid allocation).
  std::vector<std::uint64_t> actions;  // [slot * layers + layer]
  std::vector<std::int32_t> scores;    // [slot * kSubgroups + g]
  std::vector<std::uint64_t> superior;
  std::vector<std::uint64_t> voice_action;
  std::vector<std::int32_t> voice_scores;  // [voice * kSubgroups + g]
  std::vector<float> fidelity;             // share of dimensions enacted as believed
  std::vector<float> learning;  // practices each slot is still learning (implementation_dip.hpp)
  std::vector<double> observation_error;  // how a slot's results look at this meeting

  // Counters of this week (reset by "record").
  int cycles_completed = 0, cycles_compliance = 0, ideas_adopted = 0, ideas_abandoned = 0,
      harmful_adoptions = 0, teacher_exits = 0, principal_exits = 0;

  // Output.
  std::uint32_t school_id = 0;  // RunContext::school; tags events
  // False in a network of schools: "record" keeps only the latest week's
  // row (series holds one row), as 10,000 schools x 360 weeks of every
  // metric would take ~1 GB that no output needs.
  bool keep_series = true;
  std::vector<double> series;  // weeks x kSchoolMetricCount (or 1 row)
  std::vector<RunEvent> events;
  std::vector<NetworkSnapshot> network;
  int teacher_exits_total = 0, principal_exits_total = 0, cycles_total = 0, compliance_total = 0,
      adopted_total = 0, abandoned_total = 0, harmful_total = 0, collapsed_total = 0,
      pauses_total = 0, reversed_total = 0, launched_total = 0;
  double teacher_years = 0.0;  // teacher posts x years, for the turnover rate

  int layer_of(int subgroup) const { return layers == 1 ? 0 : subgroup; }
  std::size_t teachers() const { return staff.size() - 1; }
  bool present(std::size_t slot) const { return staff.conditions.vacant[slot] == 0; }
  void log(int week, EventKind kind, std::int64_t actor, std::string detail) {
    events.push_back({week, static_cast<int>(school_id), std::string(event_kind_name(kind)), actor,
                      std::move(detail)});
  }
};

// Puts a new person with naive beliefs in a post (models/school/school_model.cpp):
// a newcomer starts with newcomer trust and belonging, the first staff with
// the starting values.
void hire(SchoolState& s, const RunContext& c, std::size_t slot, std::uint32_t week, bool newcomer);

}  // namespace loom
