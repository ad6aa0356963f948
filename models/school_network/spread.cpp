#include "models/school_network/spread.hpp"

#include <array>

namespace loom {
namespace {
constexpr std::array<std::string_view, 2> kRuleChoices{"simple", "complex"};
}  // namespace

const ParameterTable<SpreadParams>& spread_table() {
  static const ParameterTable<SpreadParams> table = [] {
    ParameterTable<SpreadParams> t{"spread", "Spread of the practice between schools", {}, {}};
    t.add(&SpreadParams::rule,
          {"rule", ValueKind::kChoice, 1, 0, 1, "", "One contact or several",
           "simple: one adopting contact can pass the practice on; complex: a school needs "
           "`threshold` distinct contacts (a costly practice needs reinforcement)",
           "Simple vs complex contagion (Centola & Macy 2007; Centola 2010; Rogers 2003)",
           kRuleChoices});
    t.add(&SpreadParams::threshold,
          {"threshold", ValueKind::kInteger, 2, 1, 20, "contacts",
           "Contacts needed to take up the practice",
           "Distinct contacts running the practice (tied schools, a convening with bright "
           "spots, coaching) a school needs before it can take it up",
           "Thresholds (Granovetter 1978); 2 as in Centola 2010"});
    t.applies_when("spread.rule == \"complex\"");
    t.add(&SpreadParams::transmission,
          {"transmission", ValueKind::kReal, 0.03, 0, 1, "probability per week",
           "Weekly chance one trusted contact passes it on",
           "Chance per week that one fully trusted adopting school (or full coaching) brings a "
           "school to take up the practice; scaled by tie trust or coaching support",
           "Loom assumption, illustrative (adoption over school years, Rogers 2003)"});
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
           "a year)"});
    t.add(&SpreadParams::drop_fidelity,
          {"drop_fidelity", ValueKind::kReal, 0.6, 0, 1, "share",
           "Fidelity below which a school drops it",
           "A school whose staff enact less than this share of their practice as believed "
           "(overload), averaged over about eight weeks, drops the practice",
           "Loom assumption, illustrative"});
    return t;
  }();
  return table;
}

double uptake_chance(const SpreadParams& p, std::span<const Contact> contacts) {
  if (static_cast<SpreadRule>(p.rule) == SpreadRule::kComplex) {
    int reinforcing = 0;
    for (const auto& c : contacts) reinforcing += c.reinforcing ? 1 : 0;
    if (reinforcing < p.threshold) return 0.0;
  }
  double none = 1.0;
  for (const auto& c : contacts) none *= 1.0 - c.chance;
  return 1.0 - none;
}

}  // namespace loom
