#include "models/school_network/hub.hpp"

namespace loom {

const ParameterTable<HubParams>& hub_table() {
  static const ParameterTable<HubParams> table = [] {
    ParameterTable<HubParams> t{"hub", "The network's hub: convenings, coaching, aims", {}, {}};
    t.add(&HubParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "A hub runs the network",
           "Off: no convenings, no coaching, no change package; schools learn from their ties only",
           "Hub of a networked improvement community (Bryk et al. 2015)"});
    t.add(&HubParams::coaching_capacity,
          {"coaching_capacity", ValueKind::kInteger, 10, 0, 20000, "schools",
           "Schools the hub can coach at once",
           "Schools receiving coaching calls and site visits in a week: the earliest adopters "
           "first, spare places to other schools in rotation",
           "Loom assumption, illustrative"});
    t.applies_when("hub.enabled == true");
    t.add(&HubParams::convening_every_weeks,
          {"convening_every_weeks", ValueKind::kInteger, 7, 0, 36, "weeks",
           "Weeks between convenings",
           "A convening of all members every this-many instructional weeks (0 = none); the "
           "weeks between are action periods",
           "Convenings with action periods between (Bryk et al. 2015); about five a year is a "
           "Loom assumption, illustrative"});
    t.applies_when("hub.enabled == true");
    t.add(&HubParams::convening_pull,
          {"convening_pull", ValueKind::kReal, 0.1, 0, 1, "probability per convening",
           "Chance a convening brings a school to take up the practice",
           "Chance per convening that a school not running the practice takes it up from the "
           "convening alone (with a shared aim and bright spots; see hub.bright_spots, "
           "hub.shared_aim)",
           "Loom assumption, illustrative"});
    t.applies_when("hub.enabled == true");
    t.add(&HubParams::action_period_support,
          {"action_period_support", ValueKind::kReal, 0.6, 0, 1, "share",
           "Strength of coaching between convenings",
           "Coaching calls and site visits: protects the work from fading (fade chance x (1 - "
           "support)) and grows champions",
           "Action periods need support or daily demands overtake the work (Bryk et al. 2015); "
           "size is a Loom assumption, illustrative"});
    t.applies_when("hub.enabled == true");
    t.add(&HubParams::champion_growth,
          {"champion_growth", ValueKind::kReal, 0.04, 0, 1, "probability per week",
           "Chance support brings a new champion",
           "Chance per week, at full support, that a teacher of a school running the practice "
           "takes ownership of it",
           "Cultivating multiple champions (HTH GSE CREI n.d.); rate is a Loom assumption, "
           "illustrative"});
    t.add(&HubParams::shared_aim,
          {"shared_aim", ValueKind::kBoolean, 1, 0, 1, "", "One shared aim and change package",
           "On: a clear shared aim with a change package every school tests and adapts; off: "
           "each school pursues its own aim (convenings pull a third as much, no package)",
           "Common aims and a change package let a network learn from variation (Bryk et al. "
           "2015); the one-third is a Loom assumption, illustrative"});
    t.applies_when("hub.enabled == true");
    t.add(&HubParams::package_dimensions,
          {"package_dimensions", ValueKind::kInteger, 6, 0, 64, "practice dimensions",
           "Practices in the change package",
           "On taking up the practice, a school's shared way gains a value for this many "
           "practice dimensions (the first ones)",
           "Loom assumption, illustrative"});
    t.applies_when("hub.shared_aim == true");
    t.add(&HubParams::package_accuracy,
          {"package_accuracy", ValueKind::kReal, 0.8, 0, 1, "probability per practice",
           "How often the package is right for a school",
           "Chance each packaged practice is right for the school's students (research-based "
           "practices work in most but not all settings)",
           "Loom assumption, illustrative"});
    t.applies_when("hub.shared_aim == true");
    t.add(&HubParams::bright_spots,
          {"bright_spots", ValueKind::kBoolean, 1, 0, 1, "", "Convenings spotlight bright spots",
           "On: a member running the practice shows its adaptation at each convening (the "
           "full pull); off: information only, half the pull. Either way a convening is its "
           "own exposure, never counted as a tied school",
           "Bright spots spread across a network (Bryk et al. 2015); the half is a Loom "
           "assumption, illustrative"});
    t.applies_when("hub.enabled == true");
    t.add(&HubParams::shared_leadership,
          {"shared_leadership", ValueKind::kReal, 0.0, 0, 1, "share",
           "How much network leadership members share",
           "0: the hub leads alone; 1: members co-facilitate fully. Teachers of member schools "
           "take network roles (hub.member_leaders), uncoached members get this share of "
           "coaching support from peers, and after the hub's exit members keep convening and "
           "supporting each other at this share (hub.members_continue)",
           "Distributed leadership (Spillane 2006) applied to the network; Loom assumption, "
           "illustrative"});
    t.applies_when("hub.enabled == true");
    t.add(&HubParams::member_leaders,
          {"member_leaders", ValueKind::kInteger, 2, 0, 20, "teachers",
           "Teachers per school who co-lead the network",
           "Teachers of a school taking up the practice who take network roles (facilitating, "
           "coaching peers) when leadership is fully shared; x shared_leadership. Each becomes "
           "a champion of the practice in their school",
           "Distributed leadership builds ownership in member schools (Spillane 2006; "
           "cultivating multiple champions, HTH GSE CREI n.d.); number is a Loom assumption, "
           "illustrative"});
    t.applies_when("hub.enabled == true and hub.shared_leadership > 0");
    t.add(&HubParams::members_continue,
          {"members_continue", ValueKind::kBoolean, 1, 0, 1, "",
           "Members keep convening after the hub leaves",
           "On: after the funding ends members keep convening (at shared_leadership x the "
           "hub's pull) and keep supporting each other (shared_leadership x the hub's support); "
           "off: only what is inside the schools continues (to see what the schools themselves "
           "sustain)",
           "Loom assumption, illustrative: a scenario lever"});
    t.applies_when("hub.enabled == true and hub.shared_leadership > 0");
    t.add(&HubParams::funding_ends_year,
          {"funding_ends_year", ValueKind::kInteger, 0, 0, 50, "school years",
           "Year the hub's funding ends",
           "The hub stops (no convenings or coaching by it) after this many school years; 0 = "
           "funded throughout",
           "Loom assumption: a scenario lever (grant-funded hubs often end after a few years)"});
    t.applies_when("hub.enabled == true");
    return t;
  }();
  return table;
}

bool hub_funded(const HubParams& p, int week, int weeks_per_year) {
  return p.enabled && (p.funding_ends_year == 0 || week < p.funding_ends_year * weeks_per_year);
}

double convening_scale(const HubParams& p, int week, int weeks_per_year) {
  if (!p.enabled || p.convening_every_weeks == 0 || (week + 1) % p.convening_every_weeks != 0)
    return 0.0;
  if (hub_funded(p, week, weeks_per_year)) return 1.0;
  return p.members_continue ? p.shared_leadership : 0.0;
}

}  // namespace loom
