#include "models/school/school_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/march/beliefs.hpp"
#include "models/school/scheduled_changes.hpp"
#include "models/school/school_simulation.hpp"
#include "models/school/time/scheduler.hpp"
#include "sim/run/model.hpp"

namespace loom {

const std::vector<std::string>& school_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& info : school_metric_infos()) n.emplace_back(info.name);
    return n;
  }();
  return names;
}

const std::vector<std::string>& school_summary_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& info : school_summary_infos()) n.emplace_back(info.name);
    return n;
  }();
  return names;
}

namespace {

constexpr std::uint32_t kVoiceEntityBase = 0x80000000u;  // voice members' stream entities

}  // namespace

// Naive beliefs: -1, 0, +1 with equal probability per dimension (March's
// newcomers), the same on every practice layer (no prior view of subgroups).
void hire(SchoolState& s, const RunContext& c, std::size_t slot, std::uint32_t week,
          bool newcomer) {
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
  s.learning[slot] = 0.0f;
  cond.vacancy_weeks[slot] = 0;
}

namespace {

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
    // One stream per person and week: first the coin flips of each layer
    // (March's acting), then, for a teacher below full fidelity, the words
    // that choose which practices are left to chance. One stream instead of
    // two halves the stream set-up cost of this, the hottest phase.
    RandomStream r(c.key(s.staff.records.person_id[slot], week, Purpose::kAct));
    std::array<std::uint64_t, kSubgroups> coins{};
    for (int l = 0; l < s.layers; ++l) coins[static_cast<std::size_t>(l)] = r.next_u64();
    // An overloaded (or still learning) teacher enacts only part of their
    // practice as believed (capacity.hpp); a substitute in an open post
    // enacts none of it.
    std::uint64_t enacted = s.present(slot) ? ~std::uint64_t{0} : 0;
    if (enacted && s.fidelity[slot] < 1.0f) {
      std::uint64_t bits[4] = {r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()};
      enacted = fidelity_mask(s, slot, bits);
    }
    for (int l = 0; l < s.layers; ++l) {
      const std::size_t i = s.staff.belief_index(slot, l);
      s.actions[i] = act(s.staff.beliefs.known[i] & enacted, s.staff.beliefs.positive[i],
                         coins[static_cast<std::size_t>(l)]);
    }
  }
  pdsa_apply_tests(s);  // test classrooms enact the idea under test
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    for (int g = 0; g < kSubgroups; ++g) {
      s.scores[slot * kSubgroups + static_cast<std::size_t>(g)] =
          action_score(s.actions[s.staff.belief_index(slot, s.layer_of(g))],
                       s.reality[static_cast<std::size_t>(g)], s.all_dims, s.m);
    }
  }
}

void phase_student_growth(SchoolState& s) {
  const double per_week = s.growth_per_week * s.growth_factor;
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

void phase_socialise(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    if (!s.present(slot)) continue;
    RandomStream r(c.key(s.staff.records.person_id[slot], week, Purpose::kSocialise));
    int changed = 0;
    for (int l = 0; l < s.layers; ++l) {
      const std::size_t i = s.staff.belief_index(slot, l);
      auto& known = s.staff.beliefs.known[i];
      auto& positive = s.staff.beliefs.positive[i];
      const std::uint64_t before_known = known, before_positive = positive;
      socialise(known, positive, s.code_known[l], s.code_positive[l], s.levers.p1_threshold, r);
      changed += std::popcount((known ^ before_known) | (positive ^ before_positive));
    }
    implementation_note_change(s, c, slot, changed);
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
  if (!staff_meeting_due(c, w)) return;
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  const auto& meetings = c.p.meetings;
  // At a meeting, results are seen with noise: one draw per person (and
  // voice) per meeting, the same for every practice layer. The March
  // docking mode (meetings off) sees exact results and draws nothing.
  const double noise = meetings.enabled ? meetings.observation_noise : 0.0;
  auto& seen = s.observation_error;
  if (noise > 0.0) {
    for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
      RandomStream r(c.key(s.staff.records.person_id[slot], week, Purpose::kObservation));
      seen[slot] = noise * r.normal();
    }
  }
  // Voice members act on their lived experience this week.
  const std::size_t voices = s.levers.voice_heard ? s.voice_known.size() : 0;
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
      if (s.present(slot) &&
          observed_performance(s, l, &s.scores[slot * kSubgroups]) + seen[slot] > code_score) {
        s.superior.push_back(s.actions[s.staff.belief_index(slot, l)]);
      }
    };
    if (s.levers.learn_from_everyone) {
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
    if (meetings.enabled) {
      learn_code_agenda(s.code_known[static_cast<std::size_t>(l)],
                        s.code_positive[static_cast<std::size_t>(l)], s.superior, s.m, s.keep,
                        meetings.agenda_items, r);
    } else {
      learn_code(s.code_known[static_cast<std::size_t>(l)],
                 s.code_positive[static_cast<std::size_t>(l)], s.superior, s.m, s.keep, r);
    }
    s.code_known[static_cast<std::size_t>(l)] &= ~s.contested;  // equity.hpp
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

// Quantile q of trust over undirected ties, from a 200-bin histogram (to
// 0.005): sorting ~400 values every week cost more than the rest of the
// record phase.
struct TrustHistogram {
  static constexpr int kBins = 200;
  std::array<int, kBins> count{};
  int total = 0;
  double sum = 0.0;
  void add(float t) {
    ++count[static_cast<std::size_t>(std::min(kBins - 1, static_cast<int>(t * kBins)))];
    ++total;
    sum += t;
  }
  double quantile(double q) const {
    if (total == 0) return 0.0;
    const double target = q * total;
    int seen = 0;
    for (int b = 0; b < kBins; ++b) {
      seen += count[static_cast<std::size_t>(b)];
      if (seen >= target) return (b + 0.5) / kBins;
    }
    return 1.0;
  }
};

void record_network(SchoolState& s, const WeekContext& w) {
  NetworkSnapshot snapshot;
  snapshot.week = w.week;
  const auto& cond = s.staff.conditions;
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    snapshot.nodes.push_back({static_cast<std::int64_t>(slot),
                              s.present(slot) ? std::int64_t{s.staff.records.person_id[slot]} : -1,
                              slot == 0 ? 0 : 1, cond.owns[slot] ? 1 : 0,
                              s.staff.records.tenure_years[slot], cond.burnout[slot]});
    for (std::uint32_t i = s.ties.offset[slot]; i < s.ties.offset[slot + 1]; ++i) {
      if (s.ties.neighbour[i] > slot)
        snapshot.edges.push_back(
            {static_cast<std::int64_t>(slot), s.ties.neighbour[i], s.ties.trust[i]});
    }
  }
  s.network.push_back(std::move(snapshot));
}

void phase_record(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto row_index = static_cast<std::size_t>(s.keep_series ? w.week : 0);
  double* row = &s.series[row_index * kSchoolMetricCount];
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
  int holders = 0;  // open posts (a substitute covers) hold no beliefs
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    if (!s.present(slot)) continue;
    ++holders;
    staff += weighted_belief_score(s, &s.staff.beliefs.known[s.staff.belief_index(slot, 0)],
                                   &s.staff.beliefs.positive[s.staff.belief_index(slot, 0)]);
  }
  row[kStaffKnowledge] = staff / (m * std::max(holders, 1));
  row[kBeliefDiversity] = belief_diversity(s);
  // Outcome = starting point + responsiveness x class growth, summed per
  // (teacher, group) class (student_growth.hpp).
  std::array<double, kSubgroups> sum{};
  for (std::size_t i = 0; i < s.class_growth.size(); ++i)
    sum[i % kSubgroups] += s.class_responsiveness[i] * s.class_growth[i];
  double total = 0.0;
  for (std::size_t g = 0; g < kSubgroups; ++g) {
    sum[g] += s.count[g] * s.initial_outcome[g];
    total += sum[g];
    row[kOutcomeMajority + static_cast<int>(g)] = s.count[g] ? sum[g] / s.count[g] : 0.0;
  }
  row[kOutcomeMean] = total / static_cast<double>(s.students.size());
  row[kOutcomeGap] = row[kOutcomeMajority] - row[kOutcomeUnderserved];

  TrustHistogram trust;
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    for (std::uint32_t i = s.ties.offset[slot]; i < s.ties.offset[slot + 1]; ++i) {
      if (s.ties.neighbour[i] > slot) trust.add(s.ties.trust[i]);
    }
  }
  row[kTrustMean] = trust.total ? trust.sum / trust.total : 0.0;
  row[kTrustP10] = trust.quantile(0.1);
  row[kTrustP50] = trust.quantile(0.5);
  row[kTrustP90] = trust.quantile(0.9);
  const auto& cond = s.staff.conditions;
  double leader = 0.0, belonging = 0.0, load = 0.0, burnout = 0.0, fidelity = 0.0;
  int present = 0, vacancies = 0;
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    if (!s.present(slot)) {
      ++vacancies;
      continue;
    }
    ++present;
    leader += cond.leader_trust[slot];
    belonging += cond.belonging[slot];
    load += cond.load[slot];
    burnout += cond.burnout[slot];
    fidelity += s.fidelity[slot];
  }
  const double n = std::max(present, 1);
  row[kLeaderTrust] = leader / n;
  row[kPsychologicalSafety] = s.safety;
  row[kBelonging] = belonging / n;
  row[kLoad] = load / n;
  row[kBurnout] = burnout / n;
  row[kFidelity] = fidelity / n;
  row[kCyclesActive] = static_cast<double>(s.cycles.size());
  row[kCyclesCompleted] = s.cycles_completed;
  row[kCyclesCompliance] = s.cycles_compliance;
  row[kIdeasAdopted] = s.ideas_adopted;
  row[kIdeasAbandoned] = s.ideas_abandoned;
  row[kHarmfulAdoptions] = s.harmful_adoptions;
  int active = 0, champions = 0;
  for (int i = 0; i < static_cast<int>(s.initiatives.size()); ++i) {
    if (!s.initiatives[static_cast<std::size_t>(i)].active) continue;
    ++active;
    champions += champion_count(s, i);
  }
  row[kInitiativesActive] = active;
  row[kChampionsPerInitiative] = active ? static_cast<double>(champions) / active : 0.0;
  row[kVacancies] = vacancies;
  row[kTeacherExits] = s.teacher_exits;  // mid-year; summer exits are added by "turnover"
  row[kPrincipalExits] = s.principal_exits;
  s.cycles_completed = s.cycles_compliance = s.ideas_adopted = s.ideas_abandoned =
      s.harmful_adoptions = s.teacher_exits = s.principal_exits = 0;
  const auto& net = c.p.network;
  if (c.run < static_cast<std::uint64_t>(net.replicates) &&
      ((w.week + 1) % net.every_weeks == 0 || w.week == 0 ||
       w.week + 1 == c.p.school.years * c.p.school.weeks_per_year)) {
    record_network(s, w);
  }
}

// --- summer phases ----------------------------------------------------------

void phase_tenure(SchoolState& s) {
  for (auto& t : s.staff.records.tenure_years) ++t;
}

// `changes` (none for the phase list) writes the run's own parameter copy.
Scheduler<SchoolState> make_scheduler(const RunContext& c, ScheduledChanges* changes = nullptr) {
  Scheduler<SchoolState> s;
  using W = const WeekContext&;
  s.add_phase("scheduled changes", PhaseTiming::kEveryWeek, [&c, changes](SchoolState& st, W w) {
    if (changes && changes->apply_due(st, w.week)) choose_insiders(st, c.p.leadership.insiders);
  });
  s.add_phase("staffing", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { turnover_weekly(st, c, w); });
  s.add_phase("plan cycles", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { pdsa_plan(st, c, w); });
  s.add_phase("load and burnout", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { capacity_weekly(st, c, w); });
  s.add_phase("learning new practice", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W) { implementation_weekly(st, c); });
  s.add_phase("act", PhaseTiming::kEveryWeek, [&c](SchoolState& st, W w) { phase_act(st, c, w); });
  s.add_phase("student growth", PhaseTiming::kEveryWeek,
              [](SchoolState& st, W) { phase_student_growth(st); });
  s.add_phase("socialise", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { phase_socialise(st, c, w); });
  s.add_phase("peer learning", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { trust_peer_learning(st, c, w); });
  s.add_phase("staff meeting: learn code", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { phase_learn_code(st, c, w); });
  s.add_phase("study and act", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { pdsa_study_and_act(st, c, w); });
  s.add_phase("equity pause", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { equity_pause(st, c, w); });
  s.add_phase("relationships", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { trust_weekly(st, c, w); });
  s.add_phase("record", PhaseTiming::kEveryWeek,
              [&c](SchoolState& st, W w) { phase_record(st, c, w); });
  s.add_phase("tenure", PhaseTiming::kSummer, [](SchoolState& st, W) { phase_tenure(st); });
  s.add_phase("experience", PhaseTiming::kSummer,
              [&c](SchoolState& st, W w) { experience_summer(st, c, w.week); });
  s.add_phase("turnover", PhaseTiming::kSummer,
              [&c](SchoolState& st, W w) { turnover_summer(st, c, w); });
  s.add_phase("leadership team", PhaseTiming::kSummer,
              [&c](SchoolState& st, W) { choose_insiders(st, c.p.leadership.insiders); });
  s.add_phase("new initiatives", PhaseTiming::kSummer,
              [&c](SchoolState& st, W w) { initiatives_summer(st, c, w.week); });
  s.add_phase("capacity building", PhaseTiming::kSummer,
              [&c](SchoolState& st, W) { capacity_summer(st, c); });
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

Scheduler<SchoolState> make_school_scheduler(const RunContext& c, ScheduledChanges* changes) {
  return make_scheduler(c, changes);
}

SchoolState build_school(const SchoolParams& p, std::uint64_t seed, std::uint64_t run,
                         std::uint32_t school_id) {
  const RunContext c{p, seed, run, school_id};
  SchoolState s;
  s.school_id = school_id;
  s.m = p.school.dimensions;
  s.all_dims = dimension_mask(s.m);
  s.layers = p.leadership.study == static_cast<int>(StudyMode::kDisaggregated) ? kSubgroups : 1;
  {
    RandomStream r(c.key(0, 0, Purpose::kReality));
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
  s.learning.assign(staff_count, 0.0f);  // hire() resets a post's count
  s.staff.records.role[0] = StaffRole::kPrincipal;
  {
    // Tenure of the first staff: the steady state of the school's turnover
    // (a constant yearly exit chance h gives P(tenure >= t) = (1 - h)^t),
    // capped at 40 years; without turnover, uniform over 0-20 years.
    RandomStream r(c.key(0, 0, Purpose::kStaffSetup));
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
  experience_at_start(s, c);
  turnover_at_start(s, c);
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
    RandomStream r(c.key(0, 0, Purpose::kTies));
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
  choose_insiders(s, p.leadership.insiders);

  const auto n_students = static_cast<std::size_t>(p.school.students);
  s.students.resize(n_students);
  s.class_responsiveness.assign(staff_count * kSubgroups, 0.0);
  s.class_growth.assign(staff_count * kSubgroups, 0.0);
  s.initial_outcome = {0.0, -p.students.initial_gap};
  s.growth_ceiling = p.students.growth_ceiling;
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
      s.class_responsiveness[std::size_t{s.students.teacher[k]} * kSubgroups + g] +=
          s.students.responsiveness[k];
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
    // Voices know what works for the underserved group where its needs
    // differ from the majority's (the divergent dimensions), each with
    // chance voice_accuracy; elsewhere they hold naive views like anyone.
    const std::uint64_t accurate = RandomStream::bernoulli_threshold(p.leadership.voice_accuracy);
    const std::uint64_t divergent = s.reality[0] ^ s.reality[1];
    std::uint64_t naive_known = 0, naive_positive = 0;
    draw_naive_beliefs(r, s.m, naive_known, naive_positive);
    std::uint64_t known = naive_known & ~divergent;
    std::uint64_t positive = naive_positive & ~divergent;
    for (int d = 0; d < s.m; ++d) {
      const std::uint64_t bit = std::uint64_t{1} << d;
      if (!(divergent & bit) || !r.bernoulli_u32(accurate)) continue;
      known |= bit;
      positive |= s.reality[1] & bit;
    }
    s.voice_known[v] = known;
    s.voice_positive[v] = positive;
  }

  s.code_known.assign(static_cast<std::size_t>(s.layers), 0);
  s.code_positive.assign(static_cast<std::size_t>(s.layers), 0);
  s.principal_exit = RandomStream::bernoulli_threshold(p.turnover.principal_exit_rate);
  {
    const double base = base_exit_rate(p.turnover, p.school.poverty);
    s.base_exit_log_odds = std::log(base / (1.0 - base));
    // Summer exits are drawn after tenure has risen by one (phase order),
    // so the novices then are those who arrived in the last two summers.
    s.novice_share = std::min(0.99, 1.0 - std::pow(1.0 - base, 2.0));
  }
  s.keep =
      code_keep_thresholds(p.leadership.code_learning_rate, static_cast<int>(staff_count + voices));
  s.growth_per_week = p.students.practice_effect / p.school.weeks_per_year / s.m;
  s.actions.assign(staff_count * static_cast<std::size_t>(s.layers), 0);
  s.scores.assign(staff_count * kSubgroups, 0);
  s.superior.reserve(staff_count + voices);
  s.voice_action.assign(voices, 0);
  s.voice_scores.assign(voices * kSubgroups, 0);
  s.fidelity.assign(staff_count, 1.0f);
  s.observation_error.assign(staff_count, 0.0);
  s.entropy_term.assign(staff_count, 0.0);
  for (std::size_t count = 1; count < staff_count; ++count) {
    const double q = static_cast<double>(count) / static_cast<double>(staff_count - 1);
    s.entropy_term[count] = -q * std::log(q) / std::log(3.0);
  }
  s.series.assign(
      static_cast<std::size_t>(p.school.years * p.school.weeks_per_year) * kSchoolMetricCount, 0.0);
  s.legacy_activities = p.capacity.legacy_activities;
  s.safety = p.trust.initial_trust;
  for (int k = 0; k < p.initiatives.at_start; ++k) launch_initiative(s, c, 0);
  return s;
}

SchoolRunOutput run_school(const SchoolParams& p, std::uint64_t seed, std::uint64_t run,
                           const Schedule& schedule) {
  SchoolSimulation school(p, seed, run, 0, schedule);
  while (!school.done()) school.step_week();
  return school.finish();
}

namespace {

class SchoolModel final : public Model {
 public:
  SchoolModel()
      : school_(school_setup_table(), params_.school),
        students_(student_table(), params_.students),
        leadership_(leadership_table(), params_.leadership),
        meetings_(meeting_table(), params_.meetings),
        implementation_(implementation_table(), params_.implementation),
        experience_(experience_table(), params_.experience),
        pdsa_(pdsa_table(), params_.pdsa),
        equity_(equity_table(), params_.equity),
        trust_(trust_table(), params_.trust),
        capacity_(capacity_table(), params_.capacity),
        initiatives_(initiative_table(), params_.initiatives),
        turnover_(turnover_table(), params_.turnover),
        succession_(succession_table(), params_.succession),
        network_(network_output_table(), params_.network) {}
  std::vector<ParameterSection*> sections() override {
    return {&school_,      &students_, &leadership_, &meetings_, &implementation_,
            &experience_,  &pdsa_,     &equity_,     &trust_,    &capacity_,
            &initiatives_, &turnover_, &succession_, &network_};
  }
  // Checks that combine parameters; each names the keys involved (the one
  // to blame first) so the error can say where the values were set.
  void validate() const override {
    const auto& p = params_;
    if (p.students.divergent_dimensions > p.school.dimensions) {
      throw ParameterConflict(
          "students.divergent_dimensions (" + std::to_string(p.students.divergent_dimensions) +
              ") cannot exceed school.dimensions (" + std::to_string(p.school.dimensions) + ")",
          {"students.divergent_dimensions", "school.dimensions"});
    }
    if (p.succession.forced_exit_year > p.school.years) {
      throw ParameterConflict(
          "succession.forced_exit_year (" + std::to_string(p.succession.forced_exit_year) +
              ") cannot exceed school.years (" + std::to_string(p.school.years) +
              "): the principal would leave after the run ends",
          {"succession.forced_exit_year", "school.years"});
    }
    const int launches = p.initiatives.at_start + (p.school.years - 1) * p.initiatives.new_per_year;
    if (p.initiatives.enabled && launches > kMaxInitiatives) {
      throw ParameterConflict("initiatives: at_start + (school.years - 1) x new_per_year = " +
                                  std::to_string(launches) + " initiatives in a run; at most " +
                                  std::to_string(kMaxInitiatives) +
                                  " are supported (ownership is kept as a bit mask per person)",
                              {"initiatives.new_per_year", "initiatives.at_start", "school.years"});
    }
    if (p.school.teachers > 65535)
      throw ParameterConflict("school.teachers must be below 65536", {"school.teachers"});
    const auto& t = p.turnover;
    if (t.low_poverty_exit_rate <= 0.0 || t.high_poverty_exit_rate <= 0.0 ||
        t.teacher_exit_rate <= 0.0) {
      if (!(t.low_poverty_exit_rate == 0.0 && t.high_poverty_exit_rate == 0.0 &&
            t.teacher_exit_rate == 0.0)) {
        throw ParameterConflict(
            "turnover: teacher_exit_rate, low_poverty_exit_rate and high_poverty_exit_rate must "
            "all be above 0, or all 0 (no turnover)",
            {"turnover.teacher_exit_rate", "turnover.low_poverty_exit_rate",
             "turnover.high_poverty_exit_rate"});
      }
    }
  }
  OutputLayout layout() const override {
    return {"week",
            params_.school.years * params_.school.weeks_per_year,
            school_metric_names(),
            school_summary_names(),
            true,
            params_.school.weeks_per_year};
  }
  std::optional<ScheduleCalendar> schedule_calendar() const override {
    return ScheduleCalendar{params_.school.years, params_.school.weeks_per_year};
  }
  RunOutput run(std::uint64_t seed, std::uint64_t replicate) const override {
    SchoolRunOutput school = run_school(params_, seed, replicate, schedule_);
    RunOutput out = std::move(static_cast<RunOutput&>(school));
    add_network_tables(school.network, out);
    return out;
  }

 private:
  SchoolParams params_;
  BoundSection<SchoolSetupParams> school_;
  BoundSection<StudentParams> students_;
  BoundSection<LeadershipParams> leadership_;
  BoundSection<MeetingParams> meetings_;
  BoundSection<ImplementationParams> implementation_;
  BoundSection<ExperienceParams> experience_;
  BoundSection<PdsaParams> pdsa_;
  BoundSection<EquityParams> equity_;
  BoundSection<TrustParams> trust_;
  BoundSection<CapacityParams> capacity_;
  BoundSection<InitiativeParams> initiatives_;
  BoundSection<TurnoverParams> turnover_;
  BoundSection<SuccessionParams> succession_;
  BoundSection<NetworkOutputParams> network_;
};

}  // namespace

std::unique_ptr<Model> make_school_model() {
  return std::make_unique<SchoolModel>();
}

}  // namespace loom
