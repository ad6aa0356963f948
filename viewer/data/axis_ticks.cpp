#include "viewer/data/axis_ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace loom::viewer {

AxisRange padded_range(double lo, double hi, double margin_fraction) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    const double half = std::max(0.5 * std::fabs(hi), 0.5);
    return {lo - half, hi + half};
  }
  const double margin = (hi - lo) * margin_fraction;
  return {lo - margin, hi + margin};
}

double nice_step(double lo, double hi, int max_ticks) {
  const double span = std::fabs(hi - lo);
  if (!(span > 0.0) || !std::isfinite(span)) return 1.0;
  const double raw = span / std::max(1, max_ticks);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10.0 * magnitude;
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  if (lo > hi) std::swap(lo, hi);
  std::vector<double> ticks;
  const double step = nice_step(lo, hi, max_ticks);
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  const double first = std::ceil(lo / step - 1e-9);
  const double last = std::floor(hi / step + 1e-9);
  for (double k = first; k <= last && ticks.size() < 1000; k += 1.0) {
    double v = k * step;
    if (std::fabs(v) < step * 1e-9) v = 0.0;  // no "-0"
    ticks.push_back(v);
  }
  return ticks;
}

std::string format_tick(double value, double step) {
  int decimals = 0;
  if (step > 0.0 && std::isfinite(step)) {
    decimals = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 8);
  }
  if (std::fabs(value) < step * 1e-9) value = 0.0;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace loom::viewer
