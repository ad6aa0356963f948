#include "models/school/mechanisms/succession.hpp"

#include <algorithm>
#include <array>

#include "models/school/school_state.hpp"

namespace loom {
namespace {
constexpr std::array<std::string_view, 3> kStyleChoices{"same", "top-down", "shared"};
}  // namespace

const ParameterTable<SuccessionParams>& succession_table() {
  static const ParameterTable<SuccessionParams> table = [] {
    ParameterTable<SuccessionParams> t{"succession", "Principal succession", {}, {}};
    t.add(&SuccessionParams::successor_style,
          {"successor_style", ValueKind::kChoice, 0, 0, 2, "", "Style a new principal brings",
           "same: the scenario's levers carry on; top-down: the successor decides alone, learns "
           "from insiders, pushes compliance, blames more, stops pauses and voice; shared: the "
           "opposite",
           "Loom assumption, illustrative: a successor may bring another style", kStyleChoices});
    t.applies_when("succession.forced_exit_year > 0 or turnover.principal_exit_rate > 0");
    t.add(&SuccessionParams::forced_exit_year,
          {"forced_exit_year", ValueKind::kInteger, 0, 0, 50, "school year",
           "Principal leaves at the end of year ...",
           "The principal leaves at the end of this school year (1 = the first), besides chance "
           "exits; 0 = chance exits only",
           "Loom assumption: a scenario lever (0 = off)"});
    t.add(&SuccessionParams::top_down_pressure,
          {"top_down_pressure", ValueKind::kReal, 0.3, 0, 1, "probability per week",
           "Pressure a top-down successor applies",
           "Socialisation pressure is raised to at least this by a top-down successor",
           "Loom assumption, illustrative, as in scenarios/top-down.toml"});
    t.applies_when("succession.successor_style == \"top-down\"");
    t.add(&SuccessionParams::shared_pressure,
          {"shared_pressure", ValueKind::kReal, 0.05, 0, 1, "probability per week",
           "Pressure a shared-leadership successor applies",
           "Socialisation pressure is lowered to at most this by a shared successor",
           "Loom assumption, illustrative, as in scenarios/shared-leadership.toml"});
    t.applies_when("succession.successor_style == \"shared\"");
    return t;
  }();
  return table;
}

void apply_successor_style(SchoolState& s, const RunContext& c) {
  const auto& p = c.p.succession;
  auto& v = s.levers;
  switch (static_cast<SuccessorStyle>(p.successor_style)) {
    case SuccessorStyle::kSame:
      return;
    case SuccessorStyle::kTopDown:
      v.staff_decide = false;
      v.learn_from_everyone = false;
      v.socialisation_pressure = std::max(v.socialisation_pressure, p.top_down_pressure);
      v.voice_heard = false;
      v.blame = std::max(v.blame, 0.5);
      v.champions = 1;
      v.pause_every_weeks = 0;
      break;
    case SuccessorStyle::kShared:
      v.staff_decide = true;
      v.learn_from_everyone = true;
      v.socialisation_pressure = std::min(v.socialisation_pressure, p.shared_pressure);
      v.voice_heard = true;
      v.blame = std::min(v.blame, 0.1);
      v.champions = std::max(v.champions, 3);
      v.pause_every_weeks = c.p.equity.pause_every_weeks;
      break;
  }
  v.p1_threshold = RandomStream::bernoulli_threshold(v.socialisation_pressure);
}

}  // namespace loom
