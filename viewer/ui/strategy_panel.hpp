#pragma once
// Comparing spread strategies (network scenarios side by side), for a hub
// planning how to spread a practice:
//   - adoption curves: the share of schools with the practice week by week,
//     each scenario's median over runs with its 50% and 90% bands;
//   - end adoption by poverty: the share of low-, middle- and high-poverty
//     schools with the practice at the end, mean over runs with its 95%
//     interval, so a strategy that leaves high-poverty schools behind shows.
// Drawn under the map on the Network of schools tab.
#include <span>

#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

// Draws both charts side by side in `height` pixels (scenarios without the
// network metrics are left out).
void draw_strategy_panel(std::span<const ShownScenario> scenarios, ViewState& view, float height);

}  // namespace loom::viewer
