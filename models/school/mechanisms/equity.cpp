#include "models/school/mechanisms/equity.hpp"

#include <algorithm>
#include <cmath>

#include "models/school/school_setup.hpp"
#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<EquityParams>& equity_table() {
  static const ParameterTable<EquityParams> table = [] {
    ParameterTable<EquityParams> t{"equity", "Equity pauses", {}, {}};
    t.add(&EquityParams::pause_every_weeks,
          {"pause_every_weeks", ValueKind::kInteger, 0, 0, 36, "weeks",
           "Pause to look at who benefits, every ... weeks",
           "Cadence of equity pauses (0 = never). At a pause, ideas adopted since the last one "
           "are reviewed by student group and reversed for a group they harm",
           "Equity pauses (Valdez et al. 2020; Turnaround for Children n.d.)"});
    t.add(&EquityParams::pause_load,
          {"pause_load", ValueKind::kReal, 1.5, 0, 10, "hours", "Meeting time a pause takes",
           "Extra hours for everyone in a pause week", "Loom assumption, illustrative"});
    t.applies_when("equity.pause_every_weeks > 0");
    t.add(&EquityParams::safe_threshold,
          {"safe_threshold", ValueKind::kReal, 0.5, 0, 1, "safety (0-1)",
           "Safety needed for an honest equity conversation",
           "At or above this psychological safety a pause builds trust and always surfaces harm; "
           "below it, it strains trust and surfaces harm only with chance safety / this",
           "Equity talk needs trust and safety (Valdez et al. 2020; Edmondson 1999); threshold is "
           "a Loom assumption, illustrative"});
    t.applies_when("equity.pause_every_weeks > 0");
    t.add(&EquityParams::strain,
          {"strain", ValueKind::kReal, 0.05, 0, 1, "trust per pause",
           "Trust strained by an unsafe conversation",
           "Fall of trust on every tie at a pause held with safety at 0 (less when closer to the "
           "threshold)",
           "Loom assumption, illustrative: equity work is emotional and needs safety "
           "(Valdez et al. 2020)"});
    t.applies_when("equity.pause_every_weeks > 0 and trust.enabled == true");
    t.add(&EquityParams::safe_gain,
          {"safe_gain", ValueKind::kReal, 0.02, 0, 1, "trust per pause",
           "Trust built by a safe conversation",
           "Rise of trust on every tie at a pause held with enough safety",
           "Loom assumption, illustrative"});
    t.applies_when("equity.pause_every_weeks > 0 and trust.enabled == true");
    t.switch_off = {"pause_every_weeks=0"};
    t.leadership_choices({"pause_every_weeks"});
    return t;
  }();
  return table;
}

bool equity_pause_due(const SchoolState& s, const WeekContext& w) {
  const int every = s.levers.pause_every_weeks;
  return every > 0 && (w.week_in_year + 1) % every == 0;
}

void equity_pause(SchoolState& s, const RunContext& c, const WeekContext& w) {
  if (!equity_pause_due(s, w)) return;
  const auto& p = c.p.equity;
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  RandomStream r(c.key(0, week, purpose::kEquityPause));
  ++s.equity.pauses_total;
  const bool safe = s.trust.safety >= p.safe_threshold;
  if (c.p.trust.enabled) {
    const double delta =
        safe ? p.safe_gain
             : -p.strain * (p.safe_threshold - s.trust.safety) / std::max(p.safe_threshold, 1e-9);
    for (auto& t : s.ties.trust) t = static_cast<float>(std::clamp(t + delta, 0.0, 1.0));
  }
  const double speak_up = safe ? 1.0 : s.trust.safety / std::max(p.safe_threshold, 1e-9);
  const bool surfaced = r.uniform() < speak_up;
  int reversed = 0;
  std::vector<std::string> reversed_names;  // for the story
  const int underserved_layer = s.layer_of(1);
  auto& known = s.code_known[static_cast<std::size_t>(underserved_layer)];
  auto& positive = s.code_positive[static_cast<std::size_t>(underserved_layer)];
  for (const auto& idea : s.equity.since_pause) {
    // The review measures the idea's effect on underserved students (value
    // tried against no shared view: +/-0.5), with the noise of the
    // classroom-weeks that tested it.
    const std::uint64_t bit = std::uint64_t{1} << idea.dimension;
    const bool fits = ((s.reality[1] & bit) != 0) == idea.positive;
    const double noise =
        c.p.pdsa.measurement_noise / std::sqrt(std::max(1.0, idea.classroom_weeks * s.share[1]));
    const double estimate = (fits ? 0.5 : -0.5) + noise * r.normal();
    if (!surfaced || estimate >= -c.p.pdsa.adopt_threshold) continue;
    if (!(idea.layers & (1u << underserved_layer))) continue;
    const bool still = (known & bit) && (((positive & bit) != 0) == idea.positive);
    if (!still) continue;
    if (s.layers == 1) {
      // One shared practice cannot serve both groups on this dimension:
      // stop prescribing it, keep the code from re-learning it from
      // averages, and staff drop their settled view (they question the
      // assumption and judge case by case).
      known &= ~bit;
      s.equity.contested |= bit;
      for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
        const std::size_t i = s.staff.belief_index(slot, 0);
        s.staff.beliefs.known[i] &= ~bit;
        s.staff.beliefs.positive[i] &= ~bit;  // beliefs.hpp: positive only where known
      }
    } else {
      positive = idea.positive ? (positive & ~bit) : (positive | bit);  // the other way, for them
    }
    ++reversed;
    reversed_names.push_back("'" + practice_name(c.p.school, idea.dimension) + "'");
  }
  s.equity.reversed_total += reversed;
  const auto reviewed = static_cast<int>(s.equity.since_pause.size());
  std::string detail =
      reviewed == 0 ? "Equity pause: no new idea had been taken up since the last pause, so there "
                      "was nothing new to review."
                    : "Equity pause: staff looked at whom the " +
                          (reviewed == 1 ? std::string("idea") : plural(reviewed, "idea")) +
                          (reviewed == 1 ? " taken up since the last pause serves"
                                         : " taken up since the last pause serve") +
                          ", student group by student "
                          "group. ";
  if (reviewed == 0) {
    // nothing more to say about harm
  } else if (!surfaced) {
    detail += "Staff did not feel safe enough to speak up, so no one raised who might be harmed.";
  } else if (reversed > 0) {
    const std::string names = and_list(reversed_names);
    detail +=
        (reversed == 1 ? "The change to " + names + " harmed underserved students and was "
                       : "The changes to " + names + " harmed underserved students and were ") +
        (s.layers == 1 ? "dropped from the shared practice." : "reversed for those students.");
  } else {
    detail += "None was found to harm underserved students.";
  }
  // The meeting costs trust when safety is low, whatever it reviews
  // (equity.strain); said as what happened, not as a conversation that
  // did not take place.
  if (c.p.trust.enabled && !safe)
    detail += (detail.back() == ' ' ? "" : " ") +
              std::string(reviewed == 0
                              ? "Held while staff did not feel safe, the meeting itself cost some "
                                "trust."
                              : "The conversation strained trust.");
  s.log(w.week, EventKind::kEquityPause, -1, std::move(detail));
  s.equity.since_pause.clear();
}

void Equity::lever_changed(SchoolState& s, const RunContext& c, std::string_view key) {
  const SchoolParams& p = c.p;
  if (key == "pause_every_weeks") s.levers.pause_every_weeks = p.equity.pause_every_weeks;
}

}  // namespace loom
