#pragma once
// The readable summary printed after `loom run` and `loom compare`: each
// summary field's mean and 95% interval over replicates per scenario, and
// for comparisons the difference from the first scenario with its interval.
#include <iosfwd>
#include <string>
#include <vector>

#include "sim/result_sinks.hpp"

namespace loom {

struct NamedResult {
  std::string name;
  const SummaryColumns* result;
};

void print_summary_table(std::ostream& out, const std::vector<NamedResult>& results);

}  // namespace loom
