#pragma once
// The comparison: one colour per scenario, median lines with 50% and 90%
// bands, students by subgroup and the gap, the chosen metrics, and the
// summary table with intervals and differences. Used by the Compare tab
// (results files) and the What-if tab (fresh runs).
#include <span>
#include <string>
#include <vector>

#include "viewer/data/csv_export.hpp"
#include "viewer/data/default_view.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

// Metric names in any of the scenarios, in first-seen order.
std::vector<std::string> available_metrics(std::span<const ShownScenario> scenarios);

// Checkboxes with plain labels (research term in the tooltip); true when
// one was ticked or unticked. What is plotted before anyone chooses:
// default_metrics (viewer/data/default_view.hpp), which also says which
// measures always have their own plots (is_subgroup_metric).
bool draw_metric_chooser(std::span<const ShownScenario> scenarios,
                         std::vector<std::string>& selected);

void draw_comparison(std::span<const ShownScenario> scenarios,
                     const std::vector<std::string>& metrics, ViewState& view,
                     bool show_summary = true);

// What draw_comparison plots, for the CSV export.
std::vector<PlottedSeries> plotted_series(std::span<const ShownScenario> scenarios,
                                          const std::vector<std::string>& metrics);

}  // namespace loom::viewer
