#pragma once
// How a practice spreads between schools and fades inside one (section
// [spread]).
//
// Each week a school not running the practice is exposed to it by the
// member schools it is tied to that run it (k distinct adopting contacts,
// each passing it on with weekly chance p = transmission x tie trust), and,
// separately, by a convening and by hub coaching (hub.hpp). The tied
// schools' exposure is a dose-response:
// - simple contagion: each contact acts alone, so the chance is
//   1 - (1 - p)^k (Rogers 2003);
// - complex contagion: reinforcement makes the dose grow faster than the
//   contacts, 1 - (1 - p)^(k^reinforcement): with reinforcement 2 a second
//   adopting contact adds three times what the first did (Centola & Macy
//   2007; Centola 2010 found adoption far likelier with a second signal).
// A convening and coaching add their own chances, as independent exposures
// that never count as a tied contact: a hub speeds spread without turning
// complex contagion into simple contagion.
// A school that takes it up launches it as an initiative of its own: the
// school model then runs it (champions, PDSA cycles, load and fidelity).
// It is dropped when its last champion leaves (the initiative collapses);
// and each week, with a graded chance, when the work is overtaken by daily
// demands (fade_per_week x (1 - support)) or when staff cannot teach it as
// intended (infidelity_drop x the share of practice not enacted as believed,
// smoothed over about eight weeks) - no cliff at one fidelity. An
// initiative that completes its lifetime (initiatives.lifetime_years) is
// embedded: its ideas stay in the shared way and it no longer fades.
#include <span>

#include "sim/input/parameter.hpp"

namespace loom {

enum class SpreadRule : int { kSimple = 0, kComplex = 1 };

struct SpreadParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int rule{};
  double reinforcement{};
  double transmission{};
  double tie_trust{};
  double fade_per_week{};
  double infidelity_drop{};
};

const ParameterTable<SpreadParams>& spread_table();

// The weekly chance that `adopting_contacts` tied schools, each passing the
// practice on with `per_contact`, bring a school to take it up (the rule's
// dose-response above).
double peer_uptake_chance(const SpreadParams& p, int adopting_contacts, double per_contact);

// The chance of taking it up this week from the tied schools' chance and
// other, independent exposures (a convening, coaching).
double uptake_chance(double peer_chance, std::span<const double> other_chances);

// This week's chance of dropping a running practice, and its two parts
// (each week one draw decides; the story names the part it fell in).
struct DropChance {
  double overtaken = 0.0;   // daily demands: fade_per_week x (1 - support)
  double infidelity = 0.0;  // not taught as intended: infidelity_drop x (1 - fidelity)
};
DropChance drop_chance(const SpreadParams& p, double support, double fidelity);

}  // namespace loom
