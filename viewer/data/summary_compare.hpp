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
  // Per scenario vs the baseline (a school doing nothing new), when one is
  // shown (baseline_index); the baseline's own entry is unused.
  std::vector<Estimate> baseline_differences;
};

// Fields in first-seen order over the scenarios' summary tables.
std::vector<SummaryRow> summary_rows(std::span<const ScenarioData* const> scenarios);

// The shown baseline (ScenarioData::baseline), or -1 when none is shown.
int baseline_index(std::span<const ScenarioData* const> scenarios);

// A headline metric year by year (ScenarioData::headline_metrics): at the
// end of each school year, each scenario's difference from the reference
// (scenario 0) and from the baseline, paired by run when the two can be
// paired (`pairable`), else Welch's. Only for scenarios with a school-year
// calendar; years = the fewest any of them has.
struct YearlyDifference {
  std::size_t minuend = 0, subtrahend = 0;  // scenario indices: minuend minus subtrahend
  std::vector<Estimate> by_year;            // year 1, 2, ...
};
struct YearlyTable {
  std::string metric;
  std::vector<YearlyDifference> columns;  // vs the reference, then vs the baseline
  std::size_t years = 0;
};
std::vector<YearlyTable> yearly_tables(std::span<const ScenarioData* const> scenarios);

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

// Decimals for a row of estimates: 1 when they reach the tens, else 3.
int decimals_for(const std::vector<Estimate>& estimates);

// Whether a difference's interval excludes 0, in words: the workshop
// guide's question ("which intervals exclude 0?") answered, in full
// ("higher (better): the interval excludes 0") and in a word or two.
// `better` is MetricText::better (+1 higher is better, -1 lower, 0 neither).
struct DifferenceWords {
  std::string full, brief;
};
DifferenceWords difference_words(const Estimate& difference, int better);

// True when replicate i of a and b share random streams.
bool pairable(const ScenarioData& a, const ScenarioData& b);

}  // namespace loom::viewer
