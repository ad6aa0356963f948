#pragma once
// Relational trust on staff ties and in the principal (Bryk & Schneider
// 2002: respect, personal regard, competence and integrity, folded here into
// one value per tie in [0, 1]).
//
// Trust rises with successful joint work (a PDSA cycle that ends in a
// studied decision), with being included in choosing change ideas, with
// honest reports of failure that are met with support, with safe equity
// conversations, and slowly with time worked together. It falls with
// mandates without voice, with blame, with unsafe equity conversations, and
// when a colleague leaves (the tie is re-made with a newcomer, who starts
// low: "it takes time to develop those habits", Valdez et al. 2020).
//
// Trust gates: peer learning (a teacher copies a trusted, better-performing
// colleague's practice on one dimension), honest reporting of failed tests,
// and the safety of equity conversations. Psychological safety at school
// level is the mean over teachers of (mean trust on their ties + trust in
// the principal) / 2. Belonging follows the trust on a person's ties.
#include <cstdint>
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"

namespace loom {

struct TrustParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  double initial_trust{};
  double newcomer_trust{};
  double familiarity_gain{};
  double joint_work_gain{};
  double inclusion_gain{};
  double support_gain{};
  double blame_loss{};
  double mandate_loss{};
  double peer_learning_rate{};
  double peer_trust_needed{};
  double honest_report_safety{};
  double belonging_rate{};
};

const ParameterTable<TrustParams>& trust_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

// Phase "peer learning": teachers learn from trusted colleagues.
void trust_peer_learning(SchoolState& s, const RunContext& c, const WeekContext& w);
// Phase "relationships": familiarity, mandates, belonging, psychological
// safety and the trust-breakdown event. Trust has "broken down" when
// safety falls below half of honest_report_safety, where more than half
// of failed tests go unreported (a parameter of its own would only change
// the story's wording, not what happens).
void trust_weekly(SchoolState& s, const RunContext& c, const WeekContext& w);
// Adds `delta` to the trust on every tie among `members` (clamped to [0, 1]).
void trust_adjust_among(SchoolState& s, const std::uint32_t* members, std::size_t count,
                        double delta);
// Re-makes a departed person's ties at newcomer trust.
void trust_on_departure(SchoolState& s, const RunContext& c, std::size_t slot);
// Mean trust of the ties of one slot.
double mean_tie_trust(const SchoolState& s, std::size_t slot);

struct TrustState {
  double safety = 0.5;  // psychological safety (0-1)
  bool broken = false;  // safety below the breakdown line (for the story)
};

namespace purpose {
inline constexpr Purpose kPeerLearning{15};  // which trusted colleague a teacher learns from
inline constexpr Purpose kPeerConsult{27};   // who consults a colleague this week
}  // namespace purpose

struct Trust {
  using Params = TrustParams;
  static const ParameterTable<Params>& table() { return trust_table(); }
  using State = TrustState;
  static constexpr Phase phases[] = {{"peer learning", Stage::kPeerLearning, &trust_peer_learning},
                                     {"relationships", Stage::kRelationships, &trust_weekly}};
  static constexpr Purpose purposes[] = {purpose::kPeerLearning, purpose::kPeerConsult};
  static void at_setup(SchoolState& s, const RunContext& c);
};

}  // namespace loom
