#include "models/school/school_record.hpp"

#include <algorithm>
#include <array>

#include "models/march/beliefs.hpp"
#include "models/school/school_state.hpp"

namespace loom {
namespace {

// Normalised entropy (base 3) of -1/0/+1 beliefs across teachers, averaged
// over dimensions and layers: 0 = everyone agrees, 1 = views evenly split.
// The per-count entropy terms are precomputed: calling log here every week
// cost ~0.6 ms of a 2 ms run.
double belief_diversity(const SchoolState& s) {
  const std::size_t teachers = s.staff.size() - 1;
  if (teachers == 0) return 0.0;
  double total = 0.0;
  for (int l = 0; l < s.layers; ++l) {
    DimensionCounter plus(teachers), minus(teachers);
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
  // Adds t when `take` (1), nothing when 0: counted as a number, not a
  // branch (half the ties are seen from the wrong end, unpredictably).
  void add(float t, int take) {
    count[static_cast<std::size_t>(std::min(kBins - 1, static_cast<int>(t * kBins)))] += take;
    total += take;
    sum += static_cast<double>(t) * take;  // t or exactly 0: the same sum as skipping
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

// The staff's and the code's knowledge and the diversity of beliefs.
void record_knowledge(const SchoolState& s, double* row) {
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
  row[kStaffKnowledge] = holders ? staff / (m * holders) : kMissing;
  row[kBeliefDiversity] = belief_diversity(s);
}

void record_outcomes(const SchoolState& s, double* row) {
  // Outcome = starting point + responsiveness x class growth, summed per
  // (teacher, group) class (student_growth.hpp).
  std::array<double, kSubgroups> sum{};
  for (std::size_t i = 0; i < s.class_growth.size(); ++i)
    sum[i % kSubgroups] += s.class_responsiveness[i] * s.class_growth[i];
  double total = 0.0;
  for (std::size_t g = 0; g < kSubgroups; ++g) {
    sum[g] += s.count[g] * s.initial_outcome[g];
    total += sum[g];
    // A group with no students has no outcome (missing), not 0.
    row[kOutcomeMajority + static_cast<int>(g)] = s.count[g] ? sum[g] / s.count[g] : kMissing;
  }
  row[kOutcomeMean] = total / static_cast<double>(s.roster.size());
  row[kOutcomeGap] = row[kOutcomeMajority] - row[kOutcomeUnderserved];
}

void record_trust(const SchoolState& s, double* row) {
  TrustHistogram trust;
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    for (std::uint32_t i = s.ties.offset[slot]; i < s.ties.offset[slot + 1]; ++i) {
      trust.add(s.ties.trust[i], static_cast<int>(s.ties.neighbour[i] > slot));
    }
  }
  row[kTrustMean] = trust.total ? trust.sum / trust.total : kMissing;
  row[kTrustP10] = trust.quantile(0.1);
  row[kTrustP50] = trust.quantile(0.5);
  row[kTrustP90] = trust.quantile(0.9);
}

// Averages over the teachers in post: trust in the leader, belonging, load,
// burnout, fidelity.
void record_conditions(const SchoolState& s, double* row) {
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
  // With every post open there is no teacher to average over.
  const double n = present > 0 ? present : kMissing;
  row[kLeaderTrust] = leader / n;
  row[kPsychologicalSafety] = s.trust.safety;
  row[kBelonging] = belonging / n;
  row[kLoad] = load / n;
  row[kBurnout] = burnout / n;
  row[kFidelity] = fidelity / n;
  row[kVacancies] = vacancies;
}

// The week's counters of PDSA and turnover, written and reset. Mid-year
// exits; the summer's (and a principal's) are added by "turnover".
void take_counters(SchoolState& s, double* row) {
  auto& pdsa = s.pdsa;
  row[kCyclesActive] = static_cast<double>(pdsa.cycles.size());
  row[kCyclesCompleted] = pdsa.completed;
  row[kCyclesCompliance] = pdsa.compliance;
  row[kIdeasAdopted] = pdsa.adopted;
  row[kIdeasAbandoned] = pdsa.abandoned;
  row[kHarmfulAdoptions] = pdsa.harmful;
  pdsa.completed = pdsa.compliance = pdsa.adopted = pdsa.abandoned = pdsa.harmful = 0;
  row[kTeacherExits] = s.turnover.teacher_exits;
  row[kPrincipalExits] = 0.0;
  s.turnover.teacher_exits = 0;
}

void record_initiatives(const SchoolState& s, double* row) {
  int active = 0, champions = 0;
  for (int i = 0; i < static_cast<int>(s.initiatives.launched.size()); ++i) {
    if (!s.initiatives.launched[static_cast<std::size_t>(i)].active) continue;
    ++active;
    champions += champion_count(s, i);
  }
  row[kInitiativesActive] = active;
  row[kChampionsPerInitiative] = active ? static_cast<double>(champions) / active : kMissing;
}

}  // namespace

void record_week(SchoolState& s, const RunContext& c, const WeekContext& w) {
  double* row = s.row(w.week);
  if (s.record_scope == RecordScope::kNetworkView) {
    // A network member: only what the network reads each week
    // (SchoolSimulation::latest_week: fidelity, load, outcome mean and gap).
    // The knowledge, diversity, trust and initiative metrics were ~18% of a
    // member's run and no output kept them.
    record_outcomes(s, row);
    record_conditions(s, row);
    take_counters(s, row);
    return;
  }
  const bool last_week = w.week + 1 == c.p.school.years * c.p.school.weeks_per_year;
  if (s.record_scope == RecordScope::kLastWeek && !last_week) {
    take_counters(s, row);  // the summary reads totals and the last week's row
    return;
  }
  record_knowledge(s, row);
  record_outcomes(s, row);
  record_trust(s, row);
  record_conditions(s, row);
  take_counters(s, row);
  record_initiatives(s, row);
  const auto& net = c.p.staff_network;
  if (s.record_scope == RecordScope::kEveryWeek &&
      c.run < static_cast<std::uint64_t>(net.replicates) &&
      ((w.week + 1) % net.every_weeks == 0 || w.week == 0 ||
       w.week + 1 == c.p.school.years * c.p.school.weeks_per_year)) {
    record_staff_snapshot(s, w);
  }
}

}  // namespace loom
