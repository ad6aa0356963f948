#pragma once
// The summary printed after `loom run` and `loom compare`: each summary
// field's mean and 95% interval over replicates per scenario, and for
// comparisons the difference from the first scenario with its interval.
//
// Three forms (`--format`): a table for people (columns separated by " | ",
// each as wide as its widest cell, so long names never run together); CSV,
// one row per scenario and field; JSON, one object per scenario. CSV and
// JSON carry the same numbers at full precision, for scripts.
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
};

void print_summary_table(std::ostream& out, const std::vector<NamedResult>& results);

// Header: scenario,field,mean,ci_low,ci_high,n,difference_from,difference,
// difference_low,difference_high,paired. The difference columns (from the
// first scenario) are empty for the first scenario and for `loom run`.
void print_summary_csv(std::ostream& out, const std::vector<NamedResult>& results);

// {"interval": ..., "reference": "<first id>", "scenarios": [{"id", "name",
// "description", "runs", "fields": {"<field>": {"mean", "ci_low", "ci_high",
// "n", "difference": {...} (not for the first)}}}]}. Non-finite numbers are
// null.
void print_summary_json(std::ostream& out, const std::vector<NamedResult>& results);

// A number as JSON writes it: shortest round-trip form, null when not finite.
std::string json_number(double value);

}  // namespace loom
