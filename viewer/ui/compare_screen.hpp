#pragma once
// The comparison: one colour per scenario, median lines with 50% and 90%
// bands, students by subgroup and the gap, the chosen metrics, and the
// summary table with intervals and differences. Used by the Compare tab
// (results files) and the What-if tab (fresh runs).
#include <span>
#include <string>
#include <vector>

#include "viewer/data/csv_export.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

// Metrics that always have their own plots (students by group, the gap),
// so the chooser leaves them out.
bool is_subgroup_metric(const std::string& metric);

// Metric names in any of the scenarios, in first-seen order.
std::vector<std::string> available_metrics(std::span<const ShownScenario> scenarios);

// A sensible first choice for a workshop: results, the shared way, staff,
// and (in newer files) trust and wellbeing, when present.
std::vector<std::string> default_metrics(const std::vector<std::string>& available);

// Checkboxes with plain labels (research term in the tooltip).
void draw_metric_chooser(std::span<const ShownScenario> scenarios,
                         std::vector<std::string>& selected);

void draw_comparison(std::span<const ShownScenario> scenarios,
                     const std::vector<std::string>& metrics, ViewState& view,
                     bool show_summary = true);

// What draw_comparison plots, for the CSV export.
std::vector<PlottedSeries> plotted_series(std::span<const ShownScenario> scenarios,
                                          const std::vector<std::string>& metrics);

}  // namespace loom::viewer
