#include "viewer/data/series_bands.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace loom::viewer {

double quantile_sorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  q = std::clamp(q, 0.0, 1.0);
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(h));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = h - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

SeriesBands compute_bands(std::span<const double> values, int runs, int steps, int metrics,
                          int metric) {
  if (runs < 0 || steps < 0 || metrics <= 0 || metric < 0 || metric >= metrics ||
      values.size() != static_cast<std::size_t>(runs) * static_cast<std::size_t>(steps) *
                           static_cast<std::size_t>(metrics)) {
    throw std::invalid_argument("compute_bands: shape does not match the values");
  }
  SeriesBands b;
  b.runs = runs;
  const auto n = static_cast<std::size_t>(steps);
  for (auto* v : {&b.p05, &b.p25, &b.median, &b.p75, &b.p95, &b.mean}) v->resize(n);
  std::vector<double> column;
  column.reserve(static_cast<std::size_t>(runs));
  for (std::size_t t = 0; t < n; ++t) {
    column.clear();
    for (std::size_t r = 0; r < static_cast<std::size_t>(runs); ++r) {
      const double x = values[(r * n + t) * static_cast<std::size_t>(metrics) +
                              static_cast<std::size_t>(metric)];
      if (!std::isnan(x)) column.push_back(x);
    }
    std::sort(column.begin(), column.end());
    b.p05[t] = quantile_sorted(column, 0.05);
    b.p25[t] = quantile_sorted(column, 0.25);
    b.median[t] = quantile_sorted(column, 0.5);
    b.p75[t] = quantile_sorted(column, 0.75);
    b.p95[t] = quantile_sorted(column, 0.95);
    double sum = 0.0;
    for (double x : column) sum += x;
    b.mean[t] = column.empty() ? std::numeric_limits<double>::quiet_NaN()
                               : sum / static_cast<double>(column.size());
  }
  return b;
}

}  // namespace loom::viewer
