#pragma once
// What a tab plots before anyone chooses: the measures the facilitator
// guide (docs/workshop.md) asks about for the scenarios on show, six at most
// besides the two plots every school comparison has (students by group and
// the gap), so the first screen is not crowded.
//
// - Always student results, then what the guide's segment for these
//   scenarios asks about: workload, exhaustion and teachers leaving for the
//   overload and subtraction-game presets ("what happens to workload,
//   exhaustion and teachers leaving when nothing old is stopped?"), variety
//   of views and exhaustion for the move in year 2 ("variety of views and
//   exhaustion go beyond both other scenarios after the switch");
// - then the usual workshop measures (the shared way, teachers' practice,
//   variety of views, trust, speaking up) up to six;
// - a scenario of another model (a network of schools beside schools) with
//   none of those measures gets its own first ones, so it is plotted too.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "viewer/data/results_file.hpp"

namespace loom::viewer {

// At most this many measures chosen for a model's scenarios.
inline constexpr std::size_t kDefaultPlots = 6;

// Students by group and the gap: plotted whenever present, never chosen.
bool is_subgroup_metric(const std::string& metric);

std::vector<std::string> default_metrics(std::span<const ScenarioData* const> scenarios);

// Indices of the scenarios with nothing to draw: none of `metrics` and no
// subgroup measure is theirs (the window then says why they are missing).
std::vector<std::size_t> unplotted_scenarios(std::span<const ScenarioData* const> scenarios,
                                             std::span<const std::string> metrics);

}  // namespace loom::viewer
