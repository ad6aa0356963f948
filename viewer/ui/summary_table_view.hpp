#pragma once
// The comparison's tables (viewer/data/summary_compare.hpp): the summary at
// the end of the runs (each scenario's mean and 95% interval, its
// difference from the first scenario and, when a baseline - a school doing
// nothing new - is shown, from the baseline), and the headline metrics year
// by year. Used by the comparison screen (compare_screen.hpp).
#include <span>
#include <string>
#include <vector>

#include "sim/core/statistics.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

// Text in a table cell, counted for --verbose: "clipped" when wider than its
// column or, in presentation mode, off the part of the table on screen.
void table_cell_text(const std::string& text, ViewState& view, bool muted = false,
                     bool wrap = false);

// The summary at the end, in as many tables as ImGui's column limit needs.
void summary_tables(std::span<const ShownScenario> scenarios, ViewState& view);

// The headline metrics (e.g. mean outcome and gap) at the end of each school
// year: each scenario minus the first, and minus the baseline when shown.
// Nothing when the scenarios have no school years or nothing to compare.
void yearly_tables_view(std::span<const ShownScenario> scenarios, ViewState& view);

}  // namespace loom::viewer
