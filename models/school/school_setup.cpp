#include "models/school/school_setup.hpp"

#include <algorithm>
#include <cmath>

#include "models/march/beliefs.hpp"
#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<SchoolSetupParams>& school_setup_table() {
  static const ParameterTable<SchoolSetupParams> table = [] {
    ParameterTable<SchoolSetupParams> t{"school", "School make-up and time", {}, {}};
    t.add(&SchoolSetupParams::teachers,
          {"teachers", ValueKind::kInteger, 59, 2, 2000, "teachers", "Number of teachers",
           "Teaching staff; the school also has one principal",
           "Loom assumption, illustrative: a mid-sized US school, 60 staff for 900 students (about "
           "15-16 pupils per teacher, NCES Digest table 208.20)"});
    t.fixed_at_start("sizes the school");
    t.add(
        &SchoolSetupParams::students,
        {"students", ValueKind::kInteger, 900, 10, 60000, "students", "Number of students",
         "Students, each with one teacher",
         "Loom assumption, illustrative: about 15 pupils per teacher (NCES Digest table 208.20)"});
    t.fixed_at_start("sizes the student body");
    t.add(&SchoolSetupParams::dimensions,
          {"dimensions", ValueKind::kInteger, 30, 1, 64, "practice dimensions",
           "Number of practice dimensions",
           "Aspects of practice that can be right or wrong for students (March's m)",
           "March 1991 (m = 30)"});
    t.fixed_at_start("sets how many practices there are");
    t.add(&SchoolSetupParams::years, {"years", ValueKind::kInteger, 5, 1, 50, "school years",
                                      "Years simulated", "School years in one run",
                                      "Loom assumption, illustrative: long enough for full "
                                      "implementation (2-4 years, Fixsen et al. 2005)"});
    t.fixed_at_start("sets the length of the run");
    t.add(&SchoolSetupParams::weeks_per_year,
          {"weeks_per_year", ValueKind::kInteger, 36, 1, 52, "weeks", "Teaching weeks per year",
           "Instructional weeks before each summer",
           "Loom assumption, illustrative: a US school year of about 180 days"});
    t.fixed_at_start("sets the school calendar");
    t.add(&SchoolSetupParams::team_size,
          {"team_size", ValueKind::kInteger, 6, 2, 60, "teachers", "Teachers per team",
           "Teachers are grouped into teams (ties within a team); each team "
           "lead is tied to the principal",
           "Loom assumption, illustrative"});
    t.fixed_at_start("shapes the staff network, built at setup");
    t.add(&SchoolSetupParams::cross_team_ties,
          {"cross_team_ties", ValueKind::kInteger, 1, 0, 10, "ties per teacher",
           "Colleagues outside one's team",
           "Each teacher gets this many ties to random teachers in other teams (through which "
           "trusted peer learning crosses teams)",
           "Loom assumption, illustrative"});
    t.fixed_at_start("shapes the staff network, built at setup");
    t.add(&SchoolSetupParams::poverty,
          {"poverty", ValueKind::kReal, 0.5, 0, 1, "share of students",
           "Share of students in poverty",
           "Share of students eligible for free or reduced-price lunch; shifts teacher turnover "
           "between the low- and high-poverty rates (turnover section)",
           "NCES 2008 (school poverty measured by the share of students eligible for free or "
           "reduced-price lunch)"});
    t.fixed_at_start("sets the turnover baseline and the starting staff at setup");
    t.add(&SchoolSetupParams::history_years,
          {"history_years", ValueKind::kInteger, 10, 0, 50, "school years",
           "Years the school ran as usual before week 0",
           "Before week 0 the same school runs as usual (every leadership choice at its default, "
           "no improvement work) for this many years, so week 0 finds it in its steady state "
           "(a shared way, staff and trust as years of running leave them) and its usual "
           "teaching sets the expected growth; 0 = none (March's blank start, the docking case)",
           "Loom assumption: long enough for the shared way to settle (docs/model.md 3.1 shows "
           "business as usual then stays within 0.05 SD over 5 years)"});
    t.fixed_at_start("the school's past, run before week 0");
    t.add(&SchoolSetupParams::practice_names,
          {"practice_names", ValueKind::kNames, 0, 0, 0, "names", "Names of the practices",
           "What the story calls each practice dimension, in order, comma-separated (e.g. "
           "\"checking for understanding, worked examples\"); dimensions without a name here "
           "take the built-in ones (the first six are practices where students' backgrounds "
           "plausibly matter, as the first divergent_dimensions work the other way for "
           "underserved students), then \"practice N\". Words only: no effect on results",
           "Loom assumption, illustrative: labels for the story, not a claim about which "
           "practices matter"});
    t.fixed_at_start("labels for the story");
    // March's organisation has no past: it starts from a blank code.
    t.switch_off = {"history_years=0"};
    return t;
  }();
  return table;
}

// Naive beliefs: -1, 0, +1 with equal probability per dimension (March's
// newcomers), the same on every practice layer (no prior view of subgroups).
void hire(SchoolState& s, const RunContext& c, std::size_t slot, std::uint32_t week,
          bool newcomer) {
  const std::uint32_t id = s.next_person_id++;
  s.staff.records.person_id[slot] = id;
  s.staff.records.tenure_years[slot] = 0;
  RandomStream r(c.key(id, week, purpose::kInitialBeliefs));
  std::uint64_t known = 0, positive = 0;
  draw_naive_beliefs(r, s.m, known, positive);
  for (int l = 0; l < s.layers; ++l) {
    const std::size_t i = s.staff.belief_index(slot, l);
    s.staff.beliefs.known[i] = s.staff.beliefs.habit_known[i] = known;
    s.staff.beliefs.positive[i] = s.staff.beliefs.habit_positive[i] = positive;
  }
  auto& cond = s.staff.conditions;
  const auto& trust = c.p.trust;
  const bool low = newcomer && trust.enabled;
  cond.capacity[slot] = static_cast<float>(c.p.capacity.initial_capacity);
  cond.load[slot] = 0.0f;
  cond.burnout[slot] = 0.0f;
  cond.belonging[slot] = static_cast<float>(low ? trust.newcomer_trust : trust.initial_trust);
  if (slot != 0 || !newcomer)
    cond.leader_trust[slot] = static_cast<float>(low ? trust.newcomer_trust : trust.initial_trust);
  cond.owns[slot] = 0;
  cond.vacant[slot] = 0;
  s.implementation.learning[slot] = 0.0f;
  cond.vacancy_weeks[slot] = 0;
}

namespace {

// Loom assumption, illustrative: common teaching practices (the first six,
// the divergent ones by default, where students' backgrounds plausibly
// change what works). Labels only.
constexpr std::string_view kBuiltInPractices[] = {
    "building on students' home languages",
    "examples from students' own lives",
    "how homework is set",
    "how students are grouped",
    "how families are kept informed",
    "the pace of new material",
    "checking for understanding",
    "clear learning goals",
    "worked examples",
    "retrieval practice",
    "feedback on written work",
    "questioning",
    "modelling a task",
    "guided practice",
    "independent practice",
    "spaced review",
    "classroom routines",
    "pair and group work",
    "whole-class discussion",
    "teaching vocabulary",
    "reading aloud",
    "scaffolding hard tasks",
    "exit tickets",
    "peer assessment",
    "self-assessment",
    "high expectations for all",
    "student choice",
    "real-world tasks",
    "behaviour routines",
    "small-group teaching",
};

}  // namespace

std::string practice_name(const SchoolSetupParams& p, int dimension) {
  if (!p.practice_names.empty()) {
    const std::vector<std::string> names = split_names(p.practice_names);
    if (dimension >= 0 && dimension < static_cast<int>(names.size()))
      return names[static_cast<std::size_t>(dimension)];
  }
  if (dimension >= 0 && dimension < static_cast<int>(std::size(kBuiltInPractices)))
    return std::string(kBuiltInPractices[dimension]);
  return "practice " + std::to_string(dimension + 1);
}

SchoolState build_school(const SchoolParams& p, std::uint64_t seed, std::uint64_t run,
                         std::uint32_t school_id, bool keep_series) {
  const RunContext c{p, seed, run, school_id};
  SchoolState s;
  s.school_id = school_id;
  s.m = p.school.dimensions;
  s.all_dims = dimension_mask(s.m);
  s.layers = p.leadership.study == static_cast<int>(StudyMode::kDisaggregated) ? kSubgroups : 1;
  {
    RandomStream r(c.key(0, 0, purpose::kReality));
    s.reality[0] = r.next_u64() & s.all_dims;
    const int divergent = std::min(p.students.divergent_dimensions, s.m);
    s.reality[1] = s.reality[0] ^ dimension_mask(divergent);
  }
  // The levers in force (a successor may change them).
  const auto& lead = p.leadership;
  s.levers.socialisation_pressure = lead.socialisation_pressure;
  s.levers.p1_threshold = RandomStream::bernoulli_threshold(lead.socialisation_pressure);
  s.levers.learn_from_everyone = lead.learn_from == static_cast<int>(LearnFrom::kEveryone);
  s.levers.staff_decide = lead.decision_inclusion == static_cast<int>(DecisionInclusion::kStaff);
  s.levers.voice_heard = true;
  s.levers.blame = lead.blame;
  s.levers.champions = p.initiatives.champions;
  s.levers.pause_every_weeks = p.equity.pause_every_weeks;

  const auto staff_count = static_cast<std::size_t>(p.school.teachers) + 1;
  s.staff.resize(staff_count, s.layers);
  s.implementation.learning.assign(staff_count, 0.0f);  // hire() resets a post's count
  s.staff.records.role[0] = StaffRole::kPrincipal;
  {
    // Tenure of the first staff: the steady state of the school's turnover
    // (a constant yearly exit chance h gives P(tenure >= t) = (1 - h)^t),
    // capped at 40 years; without turnover, uniform over 0-20 years.
    RandomStream r(c.key(0, 0, purpose::kStaffSetup));
    // The principal's tenure likewise, from the principal exit rate.
    const bool turnover = p.turnover.teacher_exit_rate > 0.0;
    const double stay = turnover ? std::log(1.0 - base_exit_rate(p.turnover, p.school.poverty)) : 0;
    const double principal_stay = std::log(1.0 - std::min(p.turnover.principal_exit_rate, 0.999));
    for (std::size_t slot = 0; slot < staff_count; ++slot) {
      hire(s, c, slot, 0, false);
      const double u = 1.0 - r.uniform();  // (0, 1]
      const double log_stay = slot == 0 ? principal_stay : stay;
      s.staff.records.tenure_years[slot] =
          log_stay < 0.0
              ? static_cast<std::int32_t>(std::min(40.0, std::floor(std::log(u) / log_stay)))
              : static_cast<std::int32_t>(u * 21.0 - 1e-9);
    }
  }
  // Teams of team_size teachers, fully tied inside; each team's first member
  // leads it and is tied to the principal; plus a few ties across teams.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  const auto team = static_cast<std::uint32_t>(p.school.team_size);
  const auto teachers = static_cast<std::uint32_t>(p.school.teachers);
  for (std::uint32_t first = 1; first < staff_count; first += team) {
    const std::uint32_t end =
        std::min<std::uint32_t>(first + team, static_cast<std::uint32_t>(staff_count));
    pairs.emplace_back(0, first);
    for (std::uint32_t a = first; a < end; ++a) {
      for (std::uint32_t b = a + 1; b < end; ++b) pairs.emplace_back(a, b);
    }
  }
  {
    RandomStream r(c.key(0, 0, purpose::kTies));
    for (std::uint32_t a = 1; a < staff_count; ++a) {
      for (int k = 0; k < p.school.cross_team_ties && teachers > team; ++k) {
        const std::uint32_t b = 1 + r.below(teachers);
        if ((a - 1) / team != (b - 1) / team) pairs.emplace_back(a, b);
      }
    }
  }
  s.ties = TieStore::from_pairs(staff_count, pairs, static_cast<float>(p.trust.initial_trust));
  s.tie_mirror.assign(s.ties.tie_count(), 0);
  for (std::size_t a = 0; a < staff_count; ++a) {
    for (std::uint32_t i = s.ties.offset[a]; i < s.ties.offset[a + 1]; ++i) {
      const std::uint32_t b = s.ties.neighbour[i];
      for (std::uint32_t j = s.ties.offset[b]; j < s.ties.offset[b + 1]; ++j) {
        if (s.ties.neighbour[j] == a) s.tie_mirror[i] = j;
      }
    }
  }
  const auto n_students = static_cast<std::size_t>(p.school.students);
  s.roster.resize(n_students);
  s.class_responsiveness.assign(staff_count * kSubgroups, 0.0);
  s.class_growth.assign(staff_count * kSubgroups, 0.0);
  s.initial_outcome = {0.0, -p.students.initial_gap};
  {
    RandomStream r(c.key(0, 0, purpose::kStudentSetup));
    const std::uint64_t underserved =
        RandomStream::bernoulli_threshold(p.students.underserved_share);
    const double spread = p.students.responsiveness_spread;
    for (std::size_t k = 0; k < n_students; ++k) {
      const std::uint8_t g = r.bernoulli_u32(underserved) ? 1 : 0;
      s.roster.subgroup[k] = g;
      s.roster.teacher[k] =
          static_cast<std::uint16_t>(1 + k % static_cast<std::size_t>(p.school.teachers));
      s.roster.responsiveness[k] = static_cast<float>(1.0 - spread + 2.0 * spread * r.uniform());
      s.class_responsiveness[std::size_t{s.roster.teacher[k]} * kSubgroups + g] +=
          s.roster.responsiveness[k];
      ++s.count[g];
    }
  }
  for (std::size_t g = 0; g < kSubgroups; ++g)
    s.share[g] = static_cast<double>(s.count[g]) / static_cast<double>(n_students);

  s.code_known.assign(static_cast<std::size_t>(s.layers), 0);
  s.code_positive.assign(static_cast<std::size_t>(s.layers), 0);
  s.growth_per_week = p.students.practice_effect / p.school.weeks_per_year / s.m;
  s.actions.assign(staff_count * static_cast<std::size_t>(s.layers), 0);
  s.scores.assign(staff_count * kSubgroups, 0);
  s.fidelity.assign(staff_count, 1.0f);
  s.entropy_term.assign(staff_count, 0.0);
  for (std::size_t count = 1; count < staff_count; ++count) {
    const double q = static_cast<double>(count) / static_cast<double>(staff_count - 1);
    s.entropy_term[count] = -q * std::log(q) / std::log(3.0);
  }
  s.keep_series = keep_series;
  const std::size_t rows =
      keep_series ? static_cast<std::size_t>(p.school.years * p.school.weeks_per_year) : 1;
  s.series.assign(rows * kSchoolMetricCount, 0.0);
  // What each mechanism sets up in the built school (its at_setup:
  // voices, the leadership team, ...).
  setup_school_sections(s, c);
  return s;
}

}  // namespace loom
