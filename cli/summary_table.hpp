#pragma once
// The summary printed after `loom run` and `loom compare`: each summary
// field's mean and 95% interval over replicates per scenario; for
// comparisons the difference from the first scenario (the reference); with
// a baseline (`--baseline`, a school doing nothing new) each scenario's
// difference from it; and the model's headline metrics at the end of each
// year (OutputLayout::headline_metrics), so a result is seen as it builds.
//
// Three forms (`--format`): a table for people (columns separated by " | ",
// each as wide as its widest cell, so long names never run together); CSV,
// one row per scenario, field and year; JSON, one object per scenario. CSV
// and JSON carry the same numbers at full precision, for scripts. Missing
// values (NaN) are left out of every estimate and counted (statistics.hpp).
#include <iosfwd>
#include <string>
#include <vector>

#include "sim/output/result_sinks.hpp"

namespace loom {

struct NamedResult {
  std::string name;  // the scenario id ("top-down")
  const SummaryColumns* result;
  std::string title = {};        // the scenario's name, for JSON
  std::string description = {};  // for JSON
  bool baseline = false;         // the counterfactual (at most one, listed last)
};

void print_summary_table(std::ostream& out, const std::vector<NamedResult>& results);

// Header: scenario,field,year,mean,ci_low,ci_high,n,missing,difference_from,
// difference,difference_low,difference_high,difference_n,paired,baseline,
// baseline_difference,baseline_difference_low,baseline_difference_high,
// baseline_difference_n. `year` is empty for the end-of-run summary fields
// and 1, 2, ... for the headline metrics at the end of each year. The
// difference columns (from the first scenario) are empty for the first
// scenario, for the baseline and for `loom run`; the baseline columns are
// empty without a baseline and on the baseline's own rows.
void print_summary_csv(std::ostream& out, const std::vector<NamedResult>& results);

// {"interval": ..., "reference": "<first id>", "baseline": "<id>" or null,
// "scenarios": [{"id", "name", "description", "runs", "role", "fields":
// {"<field>": {"mean", "ci_low", "ci_high", "n", "missing", "difference":
// {...} (not for the first), "baseline_difference": {...}}}, "yearly":
// {"<metric>": [{"year", "mean", ..., "difference", "baseline_difference"}]}}]}.
// Non-finite numbers are null.
void print_summary_json(std::ostream& out, const std::vector<NamedResult>& results);

// A number as JSON writes it: shortest round-trip form, null when not finite.
std::string json_number(double value);
// A number in a CSV cell: empty when not finite (missing).
std::string csv_number(double value);
// A text in a CSV cell, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& s);

}  // namespace loom
