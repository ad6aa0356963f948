#include "models/school/school_phases.hpp"

#include <array>

#include "models/march/beliefs.hpp"
#include "models/march/march_purposes.hpp"
#include "models/school/scheduled_changes.hpp"
#include "models/school/school_record.hpp"
#include "models/school/school_state.hpp"

namespace loom {
namespace {

void scheduled_changes(SchoolState& s, const RunContext& c, const WeekContext& w) {
  if (c.changes) c.changes->apply_due(s, c, w.week);
}

void phase_act(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  // One stream per person and week: first the coin flips of each layer
  // (March's acting), then, for a teacher below full fidelity, the words
  // that choose which practices are left to chance: at most 12 words, so
  // all staff's streams are opened together with three blocks each.
  RandomStream::open_many(c.key(0, week, purpose::kAct), s.staff.records.person_id, 3, s.streams);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    RandomStream& r = s.streams[slot];
    std::array<std::uint64_t, kSubgroups> coins{};
    for (int l = 0; l < s.layers; ++l) coins[static_cast<std::size_t>(l)] = r.next_u64();
    // An overloaded (or still learning) teacher enacts a practice they
    // changed this year as newly believed only with their fidelity
    // (capacity.hpp, implementation_dip.hpp), and otherwise falls back on
    // habit (what they believed at the start of the year); a practice they
    // have not changed is enacted as always. A substitute in an open post
    // has neither: chance on every practice.
    const bool present = s.present(slot);
    std::uint64_t enacted = ~std::uint64_t{0};
    if (present && s.fidelity[slot] < 1.0f) {
      std::uint64_t bits[4] = {r.next_u64(), r.next_u64(), r.next_u64(), r.next_u64()};
      enacted = fidelity_mask(s, slot, bits);
    }
    const auto& b = s.staff.beliefs;
    for (int l = 0; l < s.layers; ++l) {
      const std::size_t i = s.staff.belief_index(slot, l);
      const std::uint64_t known =
          present ? (b.known[i] & enacted) | (b.habit_known[i] & ~enacted) : 0;
      const std::uint64_t positive = (b.positive[i] & enacted) | (b.habit_positive[i] & ~enacted);
      s.actions[i] = act(known, positive, coins[static_cast<std::size_t>(l)]);
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

void phase_socialise(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  RandomStream::open_many(c.key(0, week, purpose::kSocialise), s.staff.records.person_id, 1,
                          s.streams);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    if (!s.present(slot)) continue;
    RandomStream& r = s.streams[slot];
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

void tenure(SchoolState& s, const RunContext&, const WeekContext&) {
  for (auto& t : s.staff.records.tenure_years) ++t;
}

// The end of the summer: what each person believes now is next year's habit.
void settle_habits(SchoolState& s, const RunContext&, const WeekContext&) {
  auto& b = s.staff.beliefs;
  b.habit_known = b.known;
  b.habit_positive = b.positive;
}

constexpr std::array kCorePhases{
    Phase{"scheduled changes", Stage::kScheduledChanges, &scheduled_changes},
    Phase{"act", Stage::kTeaching, &phase_act},
    Phase{"socialise", Stage::kSocialising, &phase_socialise},
    Phase{"record", Stage::kRecord, &record_week},
    Phase{"tenure", Stage::kSummerTenure, &tenure},
    Phase{"habits settle", Stage::kSummerHabits, &settle_habits},
};

constexpr std::array kCorePurposes{purpose::kReality, purpose::kInitialBeliefs, purpose::kAct,
                                   purpose::kSocialise, purpose::kCodeLearning};

}  // namespace

std::span<const Phase> school_core_phases() {
  return kCorePhases;
}

std::span<const Purpose> school_core_purposes() {
  return kCorePurposes;
}

Scheduler<SchoolState> make_school_scheduler(const RunContext& c, SchoolPeriod period) {
  Scheduler<SchoolState> scheduler;
  for (const Phase& phase : school_phases()) {
    if (period == SchoolPeriod::kHistory &&
        (phase.stage == Stage::kScheduledChanges || phase.stage == Stage::kRecord))
      continue;
    const PhaseTiming timing =
        phase.stage < kFirstSummerStage ? PhaseTiming::kEveryWeek : PhaseTiming::kSummer;
    scheduler.add_phase(
        std::string(phase.name), timing,
        [&c, run = phase.run](SchoolState& s, const WeekContext& w) { run(s, c, w); });
  }
  return scheduler;
}

std::vector<std::string> school_phase_names() {
  std::vector<std::string> names;
  for (const Phase& phase : school_phases())
    names.push_back((phase.stage < kFirstSummerStage ? "" : "summer: ") + std::string(phase.name));
  return names;
}

}  // namespace loom
