#include "viewer/data/summary_compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
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

namespace {

// B minus A: paired by run when the scenarios can be paired, else Welch's.
Estimate difference_of(const ScenarioData& a, const ScenarioData& b, const std::vector<double>& va,
                       const std::vector<double>& vb) {
  return pairable(a, b) && va.size() == vb.size() ? estimate_paired_difference(va, vb)
                                                  : estimate_difference(va, vb);
}

}  // namespace

std::vector<SummaryRow> summary_rows(std::span<const ScenarioData* const> scenarios) {
  std::vector<std::string> fields;
  for (const ScenarioData* s : scenarios) {
    for (const auto& f : s->summary_fields) {
      if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
    }
  }
  const int base = baseline_index(scenarios);
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
    row.baseline_differences.assign(n, Estimate{});
    if (base >= 0 && columns[static_cast<std::size_t>(base)]) {
      const auto& b = *scenarios[static_cast<std::size_t>(base)];
      for (std::size_t i = 0; i < n; ++i) {
        if (static_cast<int>(i) == base || !columns[i]) continue;
        row.baseline_differences[i] =
            difference_of(b, *scenarios[i], *columns[static_cast<std::size_t>(base)], *columns[i]);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

int baseline_index(std::span<const ScenarioData* const> scenarios) {
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    if (scenarios[i]->baseline) return static_cast<int>(i);
  return -1;
}

std::vector<YearlyTable> yearly_tables(std::span<const ScenarioData* const> scenarios) {
  std::vector<YearlyTable> tables;
  if (scenarios.empty()) return tables;
  const int base = baseline_index(scenarios);
  // Which differences: each scenario minus the first (not the baseline), and
  // each scenario minus the baseline.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 1; i < scenarios.size(); ++i)
    if (static_cast<int>(i) != base) pairs.emplace_back(i, 0);
  if (base >= 0) {
    for (std::size_t i = 0; i < scenarios.size(); ++i)
      if (static_cast<int>(i) != base) pairs.emplace_back(i, static_cast<std::size_t>(base));
  }
  if (pairs.empty()) return tables;
  std::size_t years = SIZE_MAX;
  for (const ScenarioData* s : scenarios) {
    if (s->weeks_per_year <= 0) return tables;
    years = std::min(years, static_cast<std::size_t>(s->steps / s->weeks_per_year));
  }
  if (years == 0) return tables;
  // The year-end values of metric m in scenario s: one per run (missing as NaN).
  const auto year_end = [](const ScenarioData& s, int m, std::size_t year) {
    std::vector<double> v(static_cast<std::size_t>(s.runs));
    const int step = static_cast<int>(year) * s.weeks_per_year - 1;
    for (int r = 0; r < s.runs; ++r) v[static_cast<std::size_t>(r)] = s.value(r, step, m);
    return v;
  };
  for (const auto& metric : scenarios[0]->headline_metrics) {
    YearlyTable t;
    t.metric = metric;
    t.years = years;
    for (const auto& [a, b] : pairs) {
      const int ma = scenarios[a]->metric_index(metric), mb = scenarios[b]->metric_index(metric);
      if (ma < 0 || mb < 0) continue;
      YearlyDifference d{a, b, {}};
      for (std::size_t y = 1; y <= years; ++y) {
        d.by_year.push_back(difference_of(*scenarios[b], *scenarios[a],
                                          year_end(*scenarios[b], mb, y),
                                          year_end(*scenarios[a], ma, y)));
      }
      t.columns.push_back(std::move(d));
    }
    if (!t.columns.empty()) tables.push_back(std::move(t));
  }
  return tables;
}

int decimals_for(const std::vector<Estimate>& estimates) {
  double largest = 0.0;
  for (const auto& e : estimates)
    if (std::isfinite(e.mean)) largest = std::max(largest, std::fabs(e.mean));
  return largest >= 10.0 ? 1 : 3;
}

DifferenceWords difference_words(const Estimate& d, int better) {
  if (d.count < 2 || !std::isfinite(d.ci_low) || !std::isfinite(d.ci_high)) {
    return {"no interval (too few runs)", "n/a"};
  }
  if (d.ci_low <= 0.0 && d.ci_high >= 0.0) {
    return {"not clearly different: the interval includes 0", "no clear difference"};
  }
  const bool higher = d.ci_low > 0.0;
  const char* good = better == 0 ? "" : (better > 0) == higher ? " (better)" : " (worse)";
  return {std::string(higher ? "higher" : "lower") + good + ": the interval excludes 0",
          std::string(higher ? "higher" : "lower") + good};
}

}  // namespace loom::viewer
