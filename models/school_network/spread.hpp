#pragma once
// How a practice spreads between schools and fades inside one (section
// [spread]).
//
// Each week a school not running the practice counts its contacts: member
// schools it is tied to that run it (tie trust `tie_trust`), a convening
// and hub coaching (hub.hpp). Each contact k passes the practice on with a
// weekly chance p_k (a tie: transmission x trust; coaching: transmission x
// support; a convening: its pull), and the school takes it up with chance
// 1 - prod(1 - p_k):
// - simple contagion: any one contact can pass it on (Rogers 2003);
// - complex contagion: only once at least `threshold` distinct contacts
//   reinforce it (Centola & Macy 2007; a threshold model, Granovetter 1978).
// A school that takes it up launches it as an initiative of its own: the
// school model then runs it (champions, PDSA cycles, load and fidelity).
// It is dropped when its last champion leaves (the initiative collapses),
// when staff fidelity (smoothed over ~8 weeks) falls below
// `drop_fidelity`, or when, in a week, the
// work is overtaken by daily demands (chance fade_per_week x (1 - support)).
// An initiative that completes its lifetime (initiatives.lifetime_years)
// is embedded: its ideas stay in the shared way and it no longer fades.
#include <span>

#include "sim/input/parameter.hpp"

namespace loom {

enum class SpreadRule : int { kSimple = 0, kComplex = 1 };

struct SpreadParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int rule{};
  int threshold{};
  double transmission{};
  double tie_trust{};
  double fade_per_week{};
  double drop_fidelity{};
};

const ParameterTable<SpreadParams>& spread_table();

// One source of the practice a school is exposed to this week.
struct Contact {
  double chance = 0.0;      // weekly chance it alone passes the practice on
  bool reinforcing = true;  // counts towards the complex-contagion threshold
};

// The chance the school takes up the practice this week.
double uptake_chance(const SpreadParams& p, std::span<const Contact> contacts);

}  // namespace loom
