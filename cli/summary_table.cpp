#include "summary_table.hpp"

#include <cstdio>
#include <ostream>

#include "sim/statistics.hpp"

namespace loom {
namespace {

std::string cell(const Estimate& e, bool signed_mean) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, signed_mean ? "%+.3f [%+.3f, %+.3f]" : "%.3f [%.3f, %.3f]",
                e.mean, e.ci_low, e.ci_high);
  return buffer;
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

void print_summary_table(std::ostream& out, const std::vector<NamedResult>& results) {
  if (results.empty()) return;
  const auto& fields = results.front().result->fields;
  constexpr std::size_t kFirst = 28, kColumn = 30;
  out << "Means over replicates with 95% intervals (Student's t";
  // Replicate i of every scenario uses the same random streams (same seed,
  // same replicate index), so differences are paired by replicate when the
  // counts match; otherwise Welch's interval for independent samples.
  if (results.size() > 1) out << "; differences paired by replicate";
  out << "):\n" << pad("", kFirst);
  for (const auto& r : results) {
    out << pad(r.name + " (n=" + std::to_string(r.result->runs()) + ")", kColumn);
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    out << pad(results[i].name + " - " + results[0].name, kColumn);
  }
  out << "\n";
  for (const auto& field : fields) {
    out << pad(field, kFirst);
    std::vector<std::vector<double>> columns;
    for (const auto& r : results) {
      columns.push_back(r.result->column(field));
      out << pad(cell(estimate_mean(columns.back()), false), kColumn);
    }
    for (std::size_t i = 1; i < results.size(); ++i) {
      const bool paired = columns[0].size() == columns[i].size();
      const Estimate d = paired ? estimate_paired_difference(columns[0], columns[i])
                                : estimate_difference(columns[0], columns[i]);
      out << pad(cell(d, true) + (paired ? "" : " W"), kColumn);
    }
    out << "\n";
  }
}

}  // namespace loom
