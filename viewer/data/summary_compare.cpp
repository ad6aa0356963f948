#include "viewer/data/summary_compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace loom::viewer {

EstimateText estimate_text(const Estimate& e, int decimals, bool signed_mean) {
  const auto number = [decimals](double v) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return std::string(buffer);
  };
  EstimateText t;
  if (!std::isfinite(e.mean)) {
    t.top = "n/a";
  } else {
    t.top = (signed_mean && e.mean >= 0 ? "+" : "") + number(e.mean);
    t.bottom =
        std::isfinite(e.ci_low) ? "[" + number(e.ci_low) + ", " + number(e.ci_high) + "]" : "[n/a]";
  }
  if (e.missing > 0) {
    if (!t.bottom.empty()) t.bottom += " ";
    t.bottom += std::to_string(e.count) + " of " + std::to_string(e.count + e.missing) + " runs";
  }
  return t;
}

bool pairable(const ScenarioData& a, const ScenarioData& b) {
  return a.seed == b.seed && a.runs == b.runs && a.model == b.model;
}

std::vector<SummaryRow> summary_rows(std::span<const ScenarioData* const> scenarios) {
  std::vector<std::string> fields;
  for (const ScenarioData* s : scenarios) {
    for (const auto& f : s->summary_fields) {
      if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
    }
  }
  std::vector<SummaryRow> rows;
  for (const auto& field : fields) {
    SummaryRow row;
    row.field = field;
    const std::size_t n = scenarios.size();
    row.present.assign(n, false);
    row.estimates.assign(n, Estimate{});
    row.differences.assign(n, Estimate{});
    row.paired.assign(n, false);
    std::vector<const std::vector<double>*> columns(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      const int index = scenarios[i]->summary_index(field);
      if (index < 0) continue;
      columns[i] = &scenarios[i]->summary[static_cast<std::size_t>(index)];
      row.present[i] = true;
      row.estimates[i] = estimate_mean(*columns[i]);
    }
    for (std::size_t i = 1; i < n; ++i) {
      if (!columns[0] || !columns[i]) continue;
      row.paired[i] =
          pairable(*scenarios[0], *scenarios[i]) && columns[0]->size() == columns[i]->size();
      row.differences[i] = row.paired[i] ? estimate_paired_difference(*columns[0], *columns[i])
                                         : estimate_difference(*columns[0], *columns[i]);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace loom::viewer
