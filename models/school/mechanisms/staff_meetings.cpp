#include "models/school/mechanisms/staff_meetings.hpp"

#include "models/march/beliefs.hpp"
#include "models/march/march_purposes.hpp"
#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<MeetingParams>& meeting_table() {
  static const ParameterTable<MeetingParams> table = [] {
    ParameterTable<MeetingParams> t{
        "meetings", "Staff meetings (when the shared way changes)", {}, {}};
    t.add(&MeetingParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "The shared way changes only at meetings",
           "Off: the shared way learns every week from exact results on every practice, as in "
           "March (1991) (the docking mode; too fast for a school)",
           "March 1991; Fixsen et al. 2005 (implementation takes 2-4 years)"});
    t.fixed_at_start("switches a mechanism for the whole run");
    t.add(&MeetingParams::every_weeks,
          {"every_weeks", ValueKind::kInteger, 9, 1, 36, "weeks",
           "Weeks between meetings that set the shared way",
           "Instructional weeks between staff meetings that can change the shared way (the "
           "first week of each year is always one); 9 = the start of the year and a data review "
           "each quarter",
           "Loom assumption within a range from OECD 2020 (TALIS 2018: 61% of teachers discuss "
           "specific students' learning at least monthly, but only 9% give colleagues feedback "
           "from observation that often, so collective review of practice is monthly at most "
           "and commonly a term apart: 4-18 weeks); what depends on it is shown over that range "
           "(docs/validation/school.md, section i)"});
    t.add(&MeetingParams::agenda_items,
          {"agenda_items", ValueKind::kInteger, 1, 1, 64, "practices",
           "Practices one meeting can change",
           "Most practices a meeting takes up: those where colleagues seen doing better agree "
           "most strongly against the shared way",
           "Loom assumption, illustrative (1-3 shown in docs/validation/school.md, section i)"});
    t.add(&MeetingParams::observation_noise,
          {"observation_noise", ValueKind::kReal, 5.0, 0, 30, "score points (SD)",
           "How noisy colleagues' results look",
           "Standard deviation of the error in a colleague's results as staff see them, in the "
           "units of a classroom's score (practices matched minus missed, -dimensions to "
           "+dimensions); 5 is about the spread of classroom scores before any shared practice",
           "Loom assumption, illustrative (2.5-10 shown in docs/validation/school.md, section i)"});
    t.applies_when_all("meetings.enabled == true", {"enabled"});
    t.switch_off = {"enabled=false"};
    return t;
  }();
  return table;
}

bool staff_meeting_due(const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.meetings;
  return !p.enabled || w.week_in_year % p.every_weeks == 0;
}

void StaffMeetings::at_setup(SchoolState& s, const RunContext&) {
  s.meetings.observation_error.assign(s.staff.size(), 0.0);
}

namespace {

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

// Student and family voice bring an item of their own to a meeting when
// their proposal for the layer beats the shared way on its results: the
// practice where most of the heard voices hold a view against it (or where
// it prescribes nothing), taken up with chance 1 - (1 - p2)^k, k = their
// margin. In the staff agenda the many colleagues who follow the shared way
// would outvote them on it; hearing voice means giving their item its own
// place (Valdez et al. 2020). At most one item a meeting per layer.
void take_up_voice_item(SchoolState& s, int layer, std::span<const std::size_t> heard,
                        std::uint64_t divergent, RandomStream& r) {
  if (heard.empty()) return;
  const auto l = static_cast<std::size_t>(layer);
  int best_k = 0, best_d = -1;
  bool best_positive = false;
  std::uint32_t best_order = 0;
  for (int d = 0; d < s.m; ++d) {
    const std::uint64_t bit = std::uint64_t{1} << d;
    int margin = 0;
    for (const std::size_t v : heard) {
      if (!(s.voice_known[v] & divergent & bit)) continue;
      margin += (s.voice_positive[v] & bit) ? 1 : -1;
    }
    if (margin == 0) continue;
    const bool positive = margin > 0;
    if ((s.code_known[l] & bit) && ((s.code_positive[l] & bit) != 0) == positive) continue;
    const int k = positive ? margin : -margin;
    const std::uint32_t order = r.next_u32();  // tie-break, as in the staff agenda
    if (k > best_k || (k == best_k && order < best_order)) {
      best_k = k;
      best_d = d;
      best_positive = positive;
      best_order = order;
    }
  }
  if (best_d < 0 || r.bernoulli_u32(s.keep[static_cast<std::size_t>(best_k)])) return;
  const std::uint64_t bit = std::uint64_t{1} << best_d;
  s.code_known[l] |= bit;
  s.code_positive[l] = best_positive ? (s.code_positive[l] | bit) : (s.code_positive[l] & ~bit);
}

}  // namespace

void staff_meeting_learn_code(SchoolState& s, const RunContext& c, const WeekContext& w) {
  if (!staff_meeting_due(c, w)) return;
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  const auto& meetings = c.p.meetings;
  // At a meeting, results are seen with noise: one draw per person (and
  // voice) per meeting, the same for every practice layer. The March
  // docking mode (meetings off) sees exact results and draws nothing.
  const double noise = meetings.enabled ? meetings.observation_noise : 0.0;
  auto& seen = s.meetings.observation_error;
  if (noise > 0.0) {
    for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
      RandomStream r(c.key(s.staff.records.person_id[slot], week, purpose::kObservation));
      seen[slot] = noise * r.normal();
    }
  }
  // Student and family voice members speak to the shared way from their
  // lived experience: each proposes the shared way with their own view on
  // the practices that serve underserved students differently (the
  // divergent ones, which they know with chance voice_accuracy), and the
  // proposal is judged on the layer's results like anyone's practice
  // (docs/model/submodels-weekly.md 3.3.14). One stream per voice and week:
  // a coin word per layer for the practices nobody prescribes.
  const std::size_t voices = s.levers.voice_heard ? s.voice_known.size() : 0;
  const std::uint64_t divergent = s.reality[0] ^ s.reality[1];
  std::array<std::uint64_t, kSubgroups> voice_coins{};
  RandomStream r(c.key(0, week, purpose::kCodeLearning));
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
      for (const std::uint32_t slot : s.leadership.insiders) consider(slot);
    }
    s.meetings.heard_voices.clear();
    for (std::size_t v = 0; v < voices; ++v) {
      if (l == 0) {
        RandomStream vr(
            c.key(kVoiceEntityBase + static_cast<std::uint32_t>(v), week, purpose::kAct));
        for (int k = 0; k < s.layers; ++k) voice_coins[static_cast<std::size_t>(k)] = vr.next_u64();
      }
      const std::uint64_t view = s.voice_known[v] & divergent;
      const auto li = static_cast<std::size_t>(l);
      const std::uint64_t action =
          act(s.code_known[li] | view, (s.code_positive[li] & ~view) | (s.voice_positive[v] & view),
              voice_coins[li]);
      std::int32_t scores[kSubgroups];
      for (int g = 0; g < kSubgroups; ++g)
        scores[g] = action_score(action, s.reality[static_cast<std::size_t>(g)], s.all_dims, s.m);
      if (observed_performance(s, l, scores) > code_score) {
        s.superior.push_back(action);
        s.meetings.heard_voices.push_back(v);
      }
    }
    if (meetings.enabled) {
      learn_code_agenda(s.code_known[static_cast<std::size_t>(l)],
                        s.code_positive[static_cast<std::size_t>(l)], s.superior, s.m, s.keep,
                        meetings.agenda_items, r);
      take_up_voice_item(s, l, s.meetings.heard_voices, divergent, r);
    } else {
      learn_code(s.code_known[static_cast<std::size_t>(l)],
                 s.code_positive[static_cast<std::size_t>(l)], s.superior, s.m, s.keep, r);
    }
    s.code_known[static_cast<std::size_t>(l)] &= ~s.equity.contested;  // equity.hpp
  }
}

}  // namespace loom
