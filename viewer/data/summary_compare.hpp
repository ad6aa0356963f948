#pragma once
// The summary table: each scenario's mean over replicates with a 95%
// interval, and each scenario's difference from the first (the reference).
//
// Replicate i of every scenario with the same seed uses the same random
// streams (common random numbers, docs/model.md), so when seeds and replicate
// counts match the difference is paired by replicate, as `loom compare` does;
// otherwise (e.g. scenarios from different files) Welch's interval for
// independent samples is used, and the row says so.
#include <span>
#include <string>
#include <vector>

#include "sim/core/statistics.hpp"
#include "viewer/data/results_file.hpp"

namespace loom::viewer {

struct SummaryRow {
  std::string field;
  std::vector<bool> present;          // per scenario: has this field
  std::vector<Estimate> estimates;    // per scenario (count 0 if absent)
  std::vector<Estimate> differences;  // per scenario vs scenario 0 (entry 0 unused)
  std::vector<bool> paired;           // per scenario: difference is paired
};

// Fields in first-seen order over the scenarios' summary tables.
std::vector<SummaryRow> summary_rows(std::span<const ScenarioData* const> scenarios);

// A table cell for an estimate: the mean (top) and its 95% interval
// (bottom) with `decimals` decimals, "+" on positive differences. An
// undefined mean or interval reads "n/a", and when some runs had no value
// (a group with no students, an event that never happened) the bottom line
// says in how many runs it was defined, so a placeholder is never shown as
// a number.
struct EstimateText {
  std::string top, bottom;
};
EstimateText estimate_text(const Estimate& e, int decimals, bool signed_mean);

// True when replicate i of a and b share random streams.
bool pairable(const ScenarioData& a, const ScenarioData& b);

}  // namespace loom::viewer
