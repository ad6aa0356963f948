#pragma once
// The hub of a networked improvement community (section [hub]; Bryk et al.
// 2015): it convenes member schools on a cadence, with action periods
// between convenings in which the work happens, and coaches up to
// `coaching_capacity` schools at a time.
//
// - A convening offers each school not yet running the practice a contact:
//   with a clear shared aim, the change package is presented; with bright
//   spots, a member school that runs the practice shows its working
//   adaptation, which counts as one adopting contact for complex contagion
//   (spread.hpp). Without bright spots a convening passes information only
//   (half the pull, never a reinforcement); with each school pursuing its
//   own aim the pull is a third (little to share).
// - Action-period support (coaching calls, site visits) for a school that
//   runs the practice: it protects the work from being overtaken by daily
//   demands (the weekly fade chance, spread.hpp, is multiplied by 1 - support)
//   and grows its champions (a teacher takes ownership with chance
//   support x champion_growth per week). The hub coaches the earliest
//   adopters first; spare capacity coaches non-adopters in rotation, which
//   counts as a contact.
// - A shared aim comes with a change package: on taking up the practice a
//   school's shared way gains `package_dimensions` practices, each right for
//   the school with chance `package_accuracy` (research-based practices
//   work in most but not all places).
// - Network leadership shared with members (`shared_leadership`, 0..1):
//   members co-facilitate. Inside each school that takes up the practice,
//   `member_leaders` x shared_leadership teachers take network roles and
//   become champions of the practice (so its initiative survives more
//   departures: a mechanism inside the school). Schools the hub does not
//   coach get that share of the hub's support from their peers, and, with
//   `members_continue`, after the funding ends members keep convening at
//   that share of the hub's pull and keep supporting each other; with 0 (or
//   members_continue off) every support stops at the hub's exit.
#include "sim/input/parameter.hpp"

namespace loom {

struct HubParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  int coaching_capacity{};
  int convening_every_weeks{};
  double convening_pull{};
  double action_period_support{};
  double champion_growth{};
  bool shared_aim{};
  int package_dimensions{};
  double package_accuracy{};
  bool bright_spots{};
  double shared_leadership{};
  int member_leaders{};
  bool members_continue{};
  int funding_ends_year{};
};

const ParameterTable<HubParams>& hub_table();

// True while the hub is funded in `week` (0-based).
bool hub_funded(const HubParams& p, int week, int weeks_per_year);
// Whether a convening is held at the end of `week`, and its pull scale
// (1 with the hub; after it left, shared_leadership if members continue,
// else 0; 0 = no convening).
double convening_scale(const HubParams& p, int week, int weeks_per_year);

}  // namespace loom
