#include "models/school_network/spread.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace loom {
namespace {
constexpr std::array<std::string_view, 2> kRuleChoices{"simple", "complex"};
}  // namespace

const ParameterTable<SpreadParams>& spread_table() {
  static const ParameterTable<SpreadParams> table = [] {
    ParameterTable<SpreadParams> t{"spread", "Spread of the practice between schools", {}, {}};
    t.add(&SpreadParams::rule,
          {"rule", ValueKind::kChoice, 1, 0, 1, "", "One contact or several",
           "simple: each school running the practice passes it on alone; complex: a second and "
           "third adopting contact add more than the first (a costly practice needs "
           "reinforcement)",
           "Simple vs complex contagion (Centola & Macy 2007; Centola 2010; Rogers 2003)",
           kRuleChoices});
    t.add(&SpreadParams::reinforcement,
          {"reinforcement", ValueKind::kReal, 4.0, 1, 5, "exponent",
           "How much each further contact reinforces",
           "Complex contagion's dose-response: k adopting tied schools act as k^reinforcement "
           "single contacts (1 = simple contagion; 2: a second contact adds three times what "
           "the first did; 4: fifteen times)",
           "Fitted with spread.transmission to Centola 2010's single-seed design (128 nodes, 6 "
           "neighbours, one seed: clustered 54% vs random 38% adopted, faster on the clustered "
           "network); Loom gives 0.58 vs 0.31 ever adopted after 5 years (300 replicates; "
           "docs/validation/network.md, section a): the direction and the lattice's share, with "
           "the random network's share below the published one (a grid of transmission and "
           "reinforcement found no pair closer than about 0.07 to both). A fit to one experiment "
           "with people, not schools"});
    t.applies_when("spread.rule == \"complex\"");
    t.add(&SpreadParams::transmission,
          {"transmission", ValueKind::kReal, 0.008, 0, 1, "probability per week",
           "Weekly chance one trusted contact passes it on",
           "Chance per week that one fully trusted adopting school (or full coaching) brings a "
           "school to take up the practice; scaled by tie trust or coaching support",
           "Fitted with spread.reinforcement to Centola 2010 (adoption over school years; "
           "docs/validation/network.md, section a)"});
    t.add(&SpreadParams::tie_trust,
          {"tie_trust", ValueKind::kReal, 0.6, 0, 1, "trust (0-1)", "Trust between member schools",
           "Trust on ties between schools; scales what passes along a tie",
           "Loom assumption, illustrative (trust conditions what is shared: Bryk & Schneider "
           "2002)"});
    t.add(&SpreadParams::fade_per_week,
          {"fade_per_week", ValueKind::kReal, 0.01, 0, 1, "probability per week",
           "Weekly chance unsupported work fades",
           "Chance per week that a school running the practice without any support drops it, "
           "overtaken by daily demands; x (1 - support)",
           "Loom assumption, illustrative (about a third of unsupported schools drop it within "
           "a year; partial sustainment is more common than full continuation: Stirman et al. "
           "2012)"});
    t.add(&SpreadParams::infidelity_drop,
          {"infidelity_drop", ValueKind::kReal, 0.02, 0, 1, "probability per week",
           "Weekly chance of dropping it when nothing is taught as intended",
           "Chance per week that a school drops the practice, times the share of practice its "
           "staff do not enact as believed (overload), smoothed over about eight weeks: graded, "
           "no cliff",
           "Loom assumption, illustrative: with fidelity 0.8, about one school in eight a year "
           "(fidelity is among the influences on sustainment reviewed by Stirman et al. 2012)"});
    t.retired_keys = {
        {"threshold",
         "a strict threshold made complex contagion all-or-nothing (one seed never spread, and "
         "a hub's convening turned it into simple contagion); take-up now rises with the number "
         "of adopting contacts: set spread.reinforcement (1 = simple, 4 = the default fit to "
         "Centola 2010)"},
        {"drop_fidelity",
         "a cliff at one fidelity decided the network's outcomes; dropping is now graded: set "
         "spread.infidelity_drop (weekly chance at zero fidelity, times the share not taught as "
         "intended)"}};
    return t;
  }();
  return table;
}

double peer_uptake_chance(const SpreadParams& p, int adopting_contacts, double per_contact) {
  if (adopting_contacts <= 0 || per_contact <= 0.0) return 0.0;
  double doses = adopting_contacts;
  if (static_cast<SpreadRule>(p.rule) == SpreadRule::kComplex)
    doses = std::pow(doses, p.reinforcement);
  return 1.0 - std::pow(1.0 - std::min(per_contact, 1.0), doses);
}

double uptake_chance(double peer_chance, std::span<const double> other_chances) {
  double none = 1.0 - peer_chance;
  for (const double c : other_chances) none *= 1.0 - c;
  return 1.0 - none;
}

DropChance drop_chance(const SpreadParams& p, double support, double fidelity) {
  return {p.fade_per_week * (1.0 - support),
          p.infidelity_drop * std::clamp(1.0 - fidelity, 0.0, 1.0)};
}

}  // namespace loom
