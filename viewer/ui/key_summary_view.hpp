#pragma once
// The summary's key columns, for a projector (presentation mode): for one
// measure at a time, a row per scenario with its mean at the end and 95%
// interval, and its difference from the reference (the baseline, a school
// doing nothing new, when one is shown; else the first scenario) with its
// interval and, in words, whether that interval excludes 0.
//
// The full summary (summary_table_view.hpp) has a column per scenario and
// per difference; with three scenarios at 1280 x 800 most of them lie past
// the right edge, and a room cannot scroll sideways. Three columns always
// fit; the price is one measure at a time, chosen above the table.
#include <span>

#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

// Pixels the block (chooser and table) takes in the space available, so the
// plots above it can take the rest of the window.
float key_summary_height(std::span<const ShownScenario> scenarios, const ViewState& view);

void key_summary(std::span<const ShownScenario> scenarios, ViewState& view);

}  // namespace loom::viewer
