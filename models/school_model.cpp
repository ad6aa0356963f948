#include "school_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "beliefs.hpp"
#include "model.hpp"
#include "sim/scheduler.hpp"

namespace loom {

const std::vector<std::string>& school_metric_names() {
  static const std::vector<std::string> names{
      "code_knowledge",   "code_knowledge_majority", "code_knowledge_underserved",
      "staff_knowledge",  "belief_diversity",        "outcome_mean",
      "outcome_majority", "outcome_underserved",     "outcome_gap",
      "teacher_exits",    "principal_exits"};
  return names;
}

const std::vector<std::string>& school_summary_names() {
  static const std::vector<std::string> names{
      "code_knowledge",       "code_knowledge_majority", "code_knowledge_underserved",
      "staff_knowledge",      "belief_diversity",        "outcome_mean",
      "outcome_majority",     "outcome_underserved",     "outcome_gap",
      "outcome_gap_change",   "teacher_exits",           "principal_exits",
      "teacher_turnover_rate"};
  return names;
}

namespace {

constexpr std::uint32_t kVoiceEntityBase = 0x80000000u;  // voice members' stream entities

struct RunContext {
  const SchoolParams& p;
  std::uint64_t seed;
  std::uint64_t run;
  StreamKey key(std::uint32_t entity, std::uint32_t week, Purpose purpose) const {
    return {seed, run, 0, entity, week, purpose};
  }
};

// Naive beliefs: -1, 0, +1 with equal probability per dimension (March's
// newcomers), the same on every practice layer (no prior view of subgroups).
void hire(SchoolState& s, const RunContext& c, std::size_t slot, std::uint32_t week) {
  const std::uint32_t id = s.next_person_id++;
  s.staff.records.person_id[slot] = id;
  s.staff.records.tenure_years[slot] = 0;
  RandomStream r(c.key(id, week, Purpose::kInitialBeliefs));
  std::uint64_t known = 0, positive = 0;
  draw_naive_beliefs(r, s.m, known, positive);
  for (int l = 0; l < s.layers; ++l) {
    s.staff.beliefs.known[s.staff.belief_index(slot, l)] = known;
    s.staff.beliefs.positive[s.staff.belief_index(slot, l)] = positive;
  }
}

// Insiders: the principal's tied colleagues (team leads) with the longest
// tenure, ties broken by slot so the choice is deterministic.
void choose_insiders(SchoolState& s, int how_many) {
  std::vector<std::uint32_t> leads(s.ties.neighbours(0).begin(), s.ties.neighbours(0).end());
  std::stable_sort(leads.begin(), leads.end(), [&](std::uint32_t a, std::uint32_t b) {
    return s.staff.records.tenure_years[a] > s.staff.records.tenure_years[b];
  });
  leads.resize(std::min<std::size_t>(leads.size(), static_cast<std::size_t>(how_many)));
  s.insiders = std::move(leads);
}

// Score of the (per-layer) code or a person's beliefs, by subgroup weighting.
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

// --- weekly phases ----------------------------------------------------------

void phase_act(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    RandomStream r(c.key(s.staff.records.person_id[slot], week, Purpose::kAct));
    for (int l = 0; l < s.layers; ++l) {
      const std::size_t i = s.staff.belief_index(slot, l);
      s.actions[i] = act(s.staff.beliefs.known[i], s.staff.beliefs.positive[i], r.next_u64());
    }
    for (int g = 0; g < kSubgroups; ++g) {
      s.scores[slot * kSubgroups + static_cast<std::size_t>(g)] =
          action_score(s.actions[s.staff.belief_index(slot, s.layer_of(g))],
                       s.reality[static_cast<std::size_t>(g)], s.all_dims, s.m);
    }
  }
}

void phase_student_growth(SchoolState& s) {
  for (std::size_t i = 0; i < s.scores.size(); ++i)
    s.increment[i] = s.growth_per_week * s.scores[i];
  auto& st = s.students;
  for (std::size_t k = 0; k < st.size(); ++k) {
    st.outcome[k] += st.responsiveness[k] *
                     s.increment[std::size_t{st.teacher[k]} * kSubgroups + st.subgroup[k]];
  }
}

void phase_socialise(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    RandomStream r(c.key(s.staff.records.person_id[slot], week, Purpose::kSocialise));
    for (int l = 0; l < s.layers; ++l) {
      const std::size_t i = s.staff.belief_index(slot, l);
      socialise(s.staff.beliefs.known[i], s.staff.beliefs.positive[i], s.code_known[l],
                s.code_positive[l], s.p1_threshold, r);
    }
  }
}

// Observed performance of a staff slot (or voice action) for code layer l:
// averaged over subgroups by share when one layer serves all, or the layer's
// own subgroup when results are disaggregated.
double observed_performance(const SchoolState& s, int layer, const std::int32_t* scores_by_group) {
  if (s.layers == 1) {
    double total = 0.0;
    for (int g = 0; g < kSubgroups; ++g)
      total += s.share[static_cast<std::size_t>(g)] * scores_by_group[g];
    return total;
  }
  return scores_by_group[layer];
}

double code_performance(const SchoolState& s, int layer) {
  if (s.layers == 1) return weighted_belief_score(s, s.code_known.data(), s.code_positive.data());
  return belief_score(s.code_known[static_cast<std::size_t>(layer)],
                      s.code_positive[static_cast<std::size_t>(layer)],
                      s.reality[static_cast<std::size_t>(layer)]);
}

void phase_learn_code(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  const auto& lead = c.p.leadership;
  const bool everyone = lead.learn_from == static_cast<int>(LearnFrom::kEveryone);
  // Voice members act on their lived experience this week.
  const std::size_t voices = s.voice_known.size();
  auto& voice_action = s.voice_action;
  auto& voice_scores = s.voice_scores;
  for (std::size_t v = 0; v < voices; ++v) {
    RandomStream r(c.key(kVoiceEntityBase + static_cast<std::uint32_t>(v), week, Purpose::kAct));
    voice_action[v] = act(s.voice_known[v], s.voice_positive[v], r.next_u64());
    for (int g = 0; g < kSubgroups; ++g) {
      voice_scores[v * kSubgroups + static_cast<std::size_t>(g)] =
          action_score(voice_action[v], s.reality[static_cast<std::size_t>(g)], s.all_dims, s.m);
    }
  }
  RandomStream r(c.key(0, week, Purpose::kCodeLearning));
  for (int l = 0; l < s.layers; ++l) {
    const double code_score = code_performance(s, l);
    s.superior.clear();
    const auto consider = [&](std::size_t slot) {
      if (observed_performance(s, l, &s.scores[slot * kSubgroups]) > code_score) {
        s.superior.push_back(s.actions[s.staff.belief_index(slot, l)]);
      }
    };
    if (everyone) {
      for (std::size_t slot = 0; slot < s.staff.size(); ++slot) consider(slot);
    } else {
      consider(0);  // the principal
      for (const std::uint32_t slot : s.insiders) consider(slot);
    }
    for (std::size_t v = 0; v < voices; ++v) {
      if (observed_performance(s, l, &voice_scores[v * kSubgroups]) > code_score) {
        s.superior.push_back(voice_action[v]);
      }
    }
    learn_code(s.code_known[static_cast<std::size_t>(l)],
               s.code_positive[static_cast<std::size_t>(l)], s.superior, s.m, s.keep, r);
  }
}

// Normalised entropy (base 3) of -1/0/+1 beliefs across teachers, averaged
// over dimensions and layers: 0 = everyone agrees, 1 = views evenly split.
// The per-count entropy terms are precomputed: calling log here every week
// cost ~0.6 ms of a 2 ms run.
double belief_diversity(const SchoolState& s) {
  const std::size_t teachers = s.staff.size() - 1;
  if (teachers == 0) return 0.0;
  double total = 0.0;
  for (int l = 0; l < s.layers; ++l) {
    DimensionCounter plus, minus;
    for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
      const std::size_t i = s.staff.belief_index(slot, l);
      plus.add(s.staff.beliefs.known[i] & s.staff.beliefs.positive[i]);
      minus.add(s.staff.beliefs.known[i] & ~s.staff.beliefs.positive[i]);
    }
    for (int d = 0; d < s.m; ++d) {
      const auto a = static_cast<std::size_t>(plus.count(d));
      const auto b = static_cast<std::size_t>(minus.count(d));
      total += s.entropy_term[a] + s.entropy_term[b] + s.entropy_term[teachers - a - b];
    }
  }
  return total / (s.m * s.layers);
}

void phase_record(SchoolState& s, const WeekContext& w) {
  double* row = &s.series[static_cast<std::size_t>(w.week) * kSchoolMetricCount];
  const double m = s.m;
  row[kCodeKnowledge] = weighted_belief_score(s, s.code_known.data(), s.code_positive.data()) / m;
  for (int g = 0; g < kSubgroups; ++g) {
    const int l = s.layer_of(g);
    row[kCodeKnowledgeMajority + g] = belief_score(s.code_known[static_cast<std::size_t>(l)],
                                                   s.code_positive[static_cast<std::size_t>(l)],
                                                   s.reality[static_cast<std::size_t>(g)]) /
                                      m;
  }
  double staff = 0.0;
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    staff += weighted_belief_score(s, &s.staff.beliefs.known[s.staff.belief_index(slot, 0)],
                                   &s.staff.beliefs.positive[s.staff.belief_index(slot, 0)]);
  }
  row[kStaffKnowledge] = staff / (m * static_cast<double>(s.staff.size() - 1));
  row[kBeliefDiversity] = belief_diversity(s);
  std::array<double, kSubgroups> sum{};
  for (std::size_t k = 0; k < s.students.size(); ++k)
    sum[s.students.subgroup[k]] += s.students.outcome[k];
  double total = 0.0;
  for (std::size_t g = 0; g < kSubgroups; ++g) {
    total += sum[g];
    row[kOutcomeMajority + static_cast<int>(g)] = s.count[g] ? sum[g] / s.count[g] : 0.0;
  }
  row[kOutcomeMean] = total / static_cast<double>(s.students.size());
  row[kOutcomeGap] = row[kOutcomeMajority] - row[kOutcomeUnderserved];
  row[kTeacherExits] = 0.0;
  row[kPrincipalExits] = 0.0;
}

// --- summer phases ----------------------------------------------------------

void phase_turnover(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  RandomStream r(c.key(0, week, Purpose::kTurnover));
  int teacher_exits = 0, principal_exits = 0;
  if (r.bernoulli_u32(s.principal_exit)) {
    hire(s, c, 0, week);
    ++principal_exits;
  }
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    if (!r.bernoulli_u32(s.teacher_exit)) continue;
    hire(s, c, slot, week);
    ++teacher_exits;
  }
  // Exits happen in the summer after this week: recorded on its row.
  double* row = &s.series[static_cast<std::size_t>(w.week) * kSchoolMetricCount];
  row[kTeacherExits] = teacher_exits;
  row[kPrincipalExits] = principal_exits;
  s.teacher_exits_total += teacher_exits;
  s.principal_exits_total += principal_exits;
}

void phase_tenure(SchoolState& s, const RunContext& c) {
  for (auto& t : s.staff.records.tenure_years) ++t;
  choose_insiders(s, c.p.leadership.insiders);
}

Scheduler<SchoolState> make_scheduler(const RunContext& c) {
  Scheduler<SchoolState> s;
  s.add_phase("act", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, const WeekContext& w) { phase_act(st, c, w); });
  s.add_phase("student growth", PhaseTiming::kEveryWeek,
              [](SchoolState& st, const WeekContext&) { phase_student_growth(st); });
  s.add_phase("socialise", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, const WeekContext& w) { phase_socialise(st, c, w); });
  s.add_phase("learn code", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, const WeekContext& w) { phase_learn_code(st, c, w); });
  s.add_phase("record", PhaseTiming::kEveryWeek,
              [](SchoolState& st, const WeekContext& w) { phase_record(st, w); });
  s.add_phase("turnover", PhaseTiming::kSummer,
              [&c](SchoolState& st, const WeekContext& w) { phase_turnover(st, c, w); });
  s.add_phase("tenure", PhaseTiming::kSummer,
              [&c](SchoolState& st, const WeekContext&) { phase_tenure(st, c); });
  return s;
}

}  // namespace

std::vector<std::string> school_phase_names() {
  const SchoolParams p;
  const RunContext c{p, 0, 0};
  auto s = make_scheduler(c);
  auto names = s.phase_names(PhaseTiming::kEveryWeek);
  for (auto& n : s.phase_names(PhaseTiming::kSummer)) names.push_back("summer: " + n);
  return names;
}

SchoolState build_school(const SchoolParams& p, std::uint64_t seed, std::uint64_t run) {
  const RunContext c{p, seed, run};
  SchoolState s;
  s.m = p.school.dimensions;
  s.all_dims = dimension_mask(s.m);
  s.layers = p.leadership.study == static_cast<int>(StudyMode::kDisaggregated) ? kSubgroups : 1;
  {
    RandomStream r(c.key(0, 0, Purpose::kReality));
    s.reality[0] = r.next_u64() & s.all_dims;
    const int divergent = std::min(p.students.divergent_dimensions, s.m);
    s.reality[1] = s.reality[0] ^ dimension_mask(divergent);
  }
  const auto staff_count = static_cast<std::size_t>(p.school.teachers) + 1;
  s.staff.resize(staff_count, s.layers);
  s.staff.records.role[0] = StaffRole::kPrincipal;
  {
    RandomStream r(c.key(0, 0, Purpose::kStaffSetup));
    for (std::size_t slot = 0; slot < staff_count; ++slot) {
      hire(s, c, slot, 0);
      s.staff.records.tenure_years[slot] = static_cast<std::int32_t>(r.below(21));  // 0-20 years
    }
  }
  // Teams of team_size teachers, fully tied inside; each team's first member
  // leads it and is tied to the principal.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  const auto team = static_cast<std::uint32_t>(p.school.team_size);
  for (std::uint32_t first = 1; first < staff_count; first += team) {
    const std::uint32_t end =
        std::min<std::uint32_t>(first + team, static_cast<std::uint32_t>(staff_count));
    pairs.emplace_back(0, first);
    for (std::uint32_t a = first; a < end; ++a) {
      for (std::uint32_t b = a + 1; b < end; ++b) pairs.emplace_back(a, b);
    }
  }
  s.ties = TieStore::from_pairs(staff_count, pairs, 0.5f);
  choose_insiders(s, p.leadership.insiders);

  const auto n_students = static_cast<std::size_t>(p.school.students);
  s.students.resize(n_students);
  {
    RandomStream r(c.key(0, 0, Purpose::kStudentSetup));
    const std::uint64_t underserved =
        RandomStream::bernoulli_threshold(p.students.underserved_share);
    const double spread = p.students.responsiveness_spread;
    for (std::size_t k = 0; k < n_students; ++k) {
      const std::uint8_t g = r.bernoulli_u32(underserved) ? 1 : 0;
      s.students.subgroup[k] = g;
      s.students.teacher[k] =
          static_cast<std::uint16_t>(1 + k % static_cast<std::size_t>(p.school.teachers));
      s.students.responsiveness[k] = static_cast<float>(1.0 - spread + 2.0 * spread * r.uniform());
      s.students.outcome[k] = g == 1 ? -p.students.initial_gap : 0.0;
      ++s.count[g];
    }
  }
  for (std::size_t g = 0; g < kSubgroups; ++g)
    s.share[g] = static_cast<double>(s.count[g]) / static_cast<double>(n_students);

  const auto voices = static_cast<std::size_t>(p.leadership.voice_members);
  s.voice_known.assign(voices, 0);
  s.voice_positive.assign(voices, 0);
  for (std::size_t v = 0; v < voices; ++v) {
    RandomStream r(c.key(kVoiceEntityBase + static_cast<std::uint32_t>(v), 0, Purpose::kVoice));
    const std::uint64_t accurate = RandomStream::bernoulli_threshold(p.leadership.voice_accuracy);
    for (int d = 0; d < s.m; ++d) {
      if (!r.bernoulli_u32(accurate)) continue;
      s.voice_known[v] |= std::uint64_t{1} << d;
    }
    s.voice_positive[v] = s.reality[1] & s.voice_known[v];
  }

  s.code_known.assign(static_cast<std::size_t>(s.layers), 0);
  s.code_positive.assign(static_cast<std::size_t>(s.layers), 0);
  s.p1_threshold = RandomStream::bernoulli_threshold(p.leadership.socialisation_pressure);
  s.teacher_exit = RandomStream::bernoulli_threshold(p.turnover.teacher_exit_rate);
  s.principal_exit = RandomStream::bernoulli_threshold(p.turnover.principal_exit_rate);
  s.keep =
      code_keep_thresholds(p.leadership.code_learning_rate, static_cast<int>(staff_count + voices));
  s.growth_per_week = p.students.practice_effect / p.school.weeks_per_year / s.m;
  s.actions.assign(staff_count * static_cast<std::size_t>(s.layers), 0);
  s.scores.assign(staff_count * kSubgroups, 0);
  s.increment.assign(staff_count * kSubgroups, 0.0);
  s.superior.reserve(staff_count + voices);
  s.voice_action.assign(voices, 0);
  s.voice_scores.assign(voices * kSubgroups, 0);
  s.entropy_term.assign(staff_count, 0.0);
  for (std::size_t count = 1; count < staff_count; ++count) {
    const double q = static_cast<double>(count) / static_cast<double>(staff_count - 1);
    s.entropy_term[count] = -q * std::log(q) / std::log(3.0);
  }
  s.series.assign(
      static_cast<std::size_t>(p.school.years * p.school.weeks_per_year) * kSchoolMetricCount, 0.0);
  return s;
}

RunOutput run_school(const SchoolParams& p, std::uint64_t seed, std::uint64_t run) {
  const RunContext c{p, seed, run};
  SchoolState s = build_school(p, seed, run);
  const SchoolCalendar calendar{p.school.weeks_per_year, p.school.years};
  make_scheduler(c).run(s, calendar);

  RunOutput out;
  const double* last = &s.series[s.series.size() - kSchoolMetricCount];
  out.summary.assign(last, last + kOutcomeGap + 1);
  out.summary.push_back(last[kOutcomeGap] - p.students.initial_gap);
  out.summary.push_back(s.teacher_exits_total);
  out.summary.push_back(s.principal_exits_total);
  out.summary.push_back(static_cast<double>(s.teacher_exits_total) /
                        (p.school.teachers * p.school.years));
  out.series = std::move(s.series);
  return out;
}

namespace {

class SchoolModel final : public Model {
 public:
  SchoolModel()
      : school_(school_setup_table(), params_.school),
        students_(student_table(), params_.students),
        leadership_(leadership_table(), params_.leadership),
        turnover_(turnover_table(), params_.turnover) {}
  std::vector<ParameterSection*> sections() override {
    return {&school_, &students_, &leadership_, &turnover_};
  }
  void validate() const override {
    if (params_.students.divergent_dimensions > params_.school.dimensions) {
      throw std::invalid_argument("students.divergent_dimensions (" +
                                  std::to_string(params_.students.divergent_dimensions) +
                                  ") cannot exceed school.dimensions (" +
                                  std::to_string(params_.school.dimensions) + ")");
    }
    if (params_.school.teachers > 65535)
      throw std::invalid_argument("school.teachers must be below 65536");
  }
  OutputLayout layout() const override {
    return {"week", params_.school.years * params_.school.weeks_per_year, school_metric_names(),
            school_summary_names()};
  }
  RunOutput run(std::uint64_t seed, std::uint64_t replicate) const override {
    return run_school(params_, seed, replicate);
  }

 private:
  SchoolParams params_;
  BoundSection<SchoolSetupParams> school_;
  BoundSection<StudentParams> students_;
  BoundSection<LeadershipParams> leadership_;
  BoundSection<TurnoverParams> turnover_;
};

}  // namespace

std::unique_ptr<Model> make_school_model() {
  return std::make_unique<SchoolModel>();
}

}  // namespace loom
