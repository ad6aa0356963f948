#include "models/school/mechanisms/trust.hpp"

#include <algorithm>
#include <cmath>

#include "models/march/beliefs.hpp"
#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<TrustParams>& trust_table() {
  static const ParameterTable<TrustParams> table = [] {
    ParameterTable<TrustParams> t{"trust", "Trust and relationships", {}, {}};
    const auto real = [&](double TrustParams::*field, std::string_view key, double value,
                          std::string_view unit, std::string_view label,
                          std::string_view description, std::string_view source) {
      t.add(field, {key, ValueKind::kReal, value, 0, 1, unit, label, description, source});
    };
    t.add(&TrustParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "Trust changes with what happens",
           "Off: trust stays at its starting value, there is no peer learning and failures are "
           "always reported honestly",
           "Relational trust (Bryk & Schneider 2002)"});
    t.fixed_at_start("switches a mechanism for the whole run");
    real(&TrustParams::initial_trust, "initial_trust", 0.5, "trust (0-1)",
         "Trust among staff at the start", "Trust on every tie, and in the principal, at week 0",
         "Loom assumption, illustrative (mid-scale)");
    t.fixed_at_start("trust at week 0, set at setup");
    real(&TrustParams::newcomer_trust, "newcomer_trust", 0.2, "trust (0-1)",
         "Trust a newcomer starts with", "Trust on a new hire's ties and in a new principal",
         "Valdez et al. 2020 (after turnover \"it takes time to develop those habits\"); size is a "
         "Loom assumption, illustrative");
    real(&TrustParams::familiarity_gain, "familiarity_gain", 0.003, "trust per week",
         "Trust built by working side by side",
         "Weekly rise of trust on every tie and in the principal",
         "Loom assumption, illustrative: a newcomer's tie reaches mid-trust in about 3 years; "
         "with the defaults the default school reproduces the 16% turnover of "
         "Goldring, Taie & Riddles 2014");
    real(&TrustParams::joint_work_gain, "joint_work_gain", 0.05, "trust per cycle",
         "Trust from successful joint work",
         "Rise of trust among a PDSA team whose test ends in a studied decision",
         "Bryk & Schneider 2002 (relational trust grows through joint work); size is a Loom "
         "assumption, illustrative");
    real(&TrustParams::inclusion_gain, "inclusion_gain", 0.03, "trust per cycle",
         "Trust from being included in decisions",
         "Rise of trust in the principal for each team member who helped choose the idea",
         "Leaders who include teachers build trust (Bryk & Schneider 2002); size is a Loom "
         "assumption, illustrative");
    real(&TrustParams::support_gain, "support_gain", 0.05, "trust per report",
         "Trust when a reported failure meets support",
         "Rise of trust in the principal for a team whose honest failure report is supported",
         "Loom assumption, illustrative: support for reported failure builds safety "
         "(Edmondson 1999)");
    real(&TrustParams::blame_loss, "blame_loss", 0.15, "trust per report",
         "Trust lost when a failure meets blame",
         "Fall of trust in the principal, and among the team, when a reported failure is blamed",
         "Loom assumption, illustrative: blame erodes safety (Edmondson 1999)");
    real(&TrustParams::mandate_loss, "mandate_loss", 0.01, "trust per week at full pressure",
         "Trust lost to mandates without voice",
         "Under decision_inclusion = leaders, weekly fall of trust in the principal, times the "
         "socialisation pressure",
         "Loom assumption, illustrative");
    real(&TrustParams::peer_learning_rate, "peer_learning_rate", 0.1, "probability per week",
         "How often teachers learn from a colleague",
         "Chance a teacher consults one colleague (a random tie) in a week",
         "Loom assumption, illustrative");
    real(&TrustParams::peer_trust_needed, "peer_trust_needed", 0.5, "trust (0-1)",
         "Trust needed to learn from a colleague",
         "A teacher copies a colleague's practice on one dimension only if trust on the tie is at "
         "least this and the colleague's results are better",
         "Trust enables collaboration (Bryk & Schneider 2002); threshold is a Loom assumption, "
         "illustrative");
    real(&TrustParams::honest_report_safety, "honest_report_safety", 0.6, "safety (0-1)",
         "Safety at which failures are always reported",
         "Below this psychological safety, a failed test is reported honestly only with chance "
         "safety / this; otherwise it is reported as a success and adopted",
         "Psychological safety (Edmondson 1999); threshold is a Loom assumption, illustrative");
    real(&TrustParams::belonging_rate, "belonging_rate", 0.05, "share per week",
         "How fast belonging follows trust",
         "Weekly step of each person's belonging toward the mean trust on their ties",
         "Loom assumption, illustrative; belonging among adults (Turnaround for Children n.d.)");
    t.applies_when_all("trust.enabled == true", {"enabled", "initial_trust"});
    t.switch_off = {"enabled=false"};
    return t;
  }();
  return table;
}

namespace {

float clamp01(double v) {
  return static_cast<float>(std::clamp(v, 0.0, 1.0));
}

std::size_t tie_index(const SchoolState& s, std::size_t a, std::size_t b) {
  for (std::uint32_t i = s.ties.offset[a]; i < s.ties.offset[a + 1]; ++i) {
    if (s.ties.neighbour[i] == b) return i;
  }
  return s.ties.tie_count();
}

}  // namespace

double mean_tie_trust(const SchoolState& s, std::size_t slot) {
  const std::uint32_t begin = s.ties.offset[slot], end = s.ties.offset[slot + 1];
  if (begin == end) return s.staff.conditions.leader_trust[slot];
  double total = 0.0;
  for (std::uint32_t i = begin; i < end; ++i) total += s.ties.trust[i];
  return total / (end - begin);
}

void trust_adjust_among(SchoolState& s, const std::uint32_t* members, std::size_t count,
                        double delta) {
  for (std::size_t a = 0; a < count; ++a) {
    for (std::size_t b = a + 1; b < count; ++b) {
      const std::size_t i = tie_index(s, members[a], members[b]);
      if (i == s.ties.tie_count()) continue;
      const float v = clamp01(s.ties.trust[i] + delta);
      s.ties.trust[i] = v;
      s.ties.trust[s.tie_mirror[i]] = v;
    }
  }
}

void trust_on_departure(SchoolState& s, const RunContext& c, std::size_t slot) {
  const auto& p = c.p.trust;
  if (!p.enabled) return;
  const auto newcomer = static_cast<float>(p.newcomer_trust);
  for (std::uint32_t i = s.ties.offset[slot]; i < s.ties.offset[slot + 1]; ++i) {
    s.ties.trust[i] = newcomer;
    s.ties.trust[s.tie_mirror[i]] = newcomer;
  }
  auto& leader_trust = s.staff.conditions.leader_trust;
  if (slot == 0) {
    // A new principal: every relationship with the principal starts over.
    for (auto& t : leader_trust) t = newcomer;
  } else {
    leader_trust[slot] = newcomer;
  }
}

void trust_peer_learning(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.trust;
  if (!p.enabled || p.peer_learning_rate <= 0.0) return;
  const auto week = static_cast<std::uint32_t>(w.week + 1);
  const std::uint64_t consult = RandomStream::bernoulli_threshold(p.peer_learning_rate);
  const auto needed = static_cast<float>(p.peer_trust_needed);
  // Who consults a colleague this week: one school-wide stream, one draw per
  // post (most do not consult, so a stream per teacher just for this draw
  // cost more than the learning itself). Those who do draw the rest from
  // their own stream.
  RandomStream who(c.key(0, week, purpose::kPeerConsult));
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    if (!who.bernoulli_u32(consult)) continue;
    if (!s.present(slot)) continue;
    const std::uint32_t begin = s.ties.offset[slot], end = s.ties.offset[slot + 1];
    if (begin == end) continue;
    RandomStream r(c.key(s.staff.records.person_id[slot], week, purpose::kPeerLearning));
    const std::uint32_t i = begin + r.below(end - begin);
    const std::uint32_t other = s.ties.neighbour[i];
    if (other == 0 || !s.present(other) || s.ties.trust[i] < needed) continue;
    // Better results this week (weighted by subgroup share, as elsewhere).
    const std::int32_t* mine = &s.scores[slot * kSubgroups];
    const std::int32_t* theirs = &s.scores[std::size_t{other} * kSubgroups];
    if (s.share[0] * theirs[0] + s.share[1] * theirs[1] <=
        s.share[0] * mine[0] + s.share[1] * mine[1])
      continue;
    const int l = s.layers == 1 ? 0 : static_cast<int>(r.below(2));
    const std::size_t a = s.staff.belief_index(slot, l), b = s.staff.belief_index(other, l);
    auto& known = s.staff.beliefs.known;
    auto& positive = s.staff.beliefs.positive;
    const std::uint64_t differ = known[b] & (~known[a] | (positive[a] ^ positive[b]));
    if (!differ) continue;
    // One dimension where they differ, one step toward the colleague.
    const std::uint64_t bit = std::uint64_t{1} << random_dimension(differ, r);
    if (known[a] & bit) {
      known[a] &= ~bit;  // opposite view: step to no view
    } else {
      known[a] |= bit;
      positive[a] = (positive[a] & ~bit) | (positive[b] & bit);
    }
    implementation_note_change(s, c, slot, 1);
  }
}

void trust_weekly(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.trust;
  auto& cond = s.staff.conditions;
  if (p.enabled) {
    // Familiarity: everyday work side by side (with the principal too).
    const auto gain = static_cast<float>(p.familiarity_gain);
    for (auto& t : s.ties.trust) t = std::min(1.0f, t + gain);
    for (auto& t : cond.leader_trust) t = std::min(1.0f, t + gain);
    // Mandates without voice wear down trust in the principal.
    if (!s.levers.staff_decide) {
      const auto loss = static_cast<float>(p.mandate_loss * s.levers.socialisation_pressure);
      for (std::size_t slot = 1; slot < s.staff.size(); ++slot)
        cond.leader_trust[slot] = std::max(0.0f, cond.leader_trust[slot] - loss);
    }
  }
  // Belonging follows trust on one's ties; safety is the school's mean of
  // tie trust and trust in the principal (fixed when trust is off).
  double safety = 0.0;
  int counted = 0;
  for (std::size_t slot = 1; slot < s.staff.size(); ++slot) {
    if (!s.present(slot)) continue;
    const double tie_trust = mean_tie_trust(s, slot);
    if (p.enabled) {
      cond.belonging[slot] =
          clamp01(cond.belonging[slot] + p.belonging_rate * (tie_trust - cond.belonging[slot]));
    }
    safety += 0.5 * (tie_trust + cond.leader_trust[slot]);
    ++counted;
  }
  s.trust.safety = counted ? safety / counted : 0.0;
  if (!p.enabled) return;
  const double breakdown = 0.5 * p.honest_report_safety;  // most failures go unreported
  if (!s.trust.broken && s.trust.safety < breakdown) {
    s.trust.broken = true;
    s.log(w.week, EventKind::kTrustBrokeDown, -1,
          "Trust broke down: staff no longer feel safe to speak up (psychological safety " +
              fixed(s.trust.safety, 2) + ", below " + fixed(breakdown, 2) +
              "). Most failed tests now go unreported and equity conversations strain trust.");
  } else if (s.trust.broken && s.trust.safety > breakdown + 0.1) {
    s.trust.broken = false;
    s.log(w.week, EventKind::kTrustRecovered, -1,
          "Trust recovered: staff feel safe to speak up again (psychological safety " +
              fixed(s.trust.safety, 2) + ").");
  }
}

void Trust::at_setup(SchoolState& s, const RunContext& c) {
  s.trust.safety = c.p.trust.initial_trust;
}

}  // namespace loom
