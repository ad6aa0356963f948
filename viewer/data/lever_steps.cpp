#include "viewer/data/lever_steps.hpp"

#include <algorithm>
#include <cmath>

namespace loom::viewer {

double lever_step(double min, double max) {
  const double span = max - min;
  if (!(span > 0.0) || !std::isfinite(span)) return 1.0;
  const double raw = span / 100.0;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * power >= raw * 0.999) return m * power;
  }
  return 10.0 * power;
}

double snap_to_step(double value, double step, double min, double max) {
  if (!(step > 0.0)) return std::clamp(value, min, max);
  double snapped = std::round(value / step) * step;
  // Remove binary noise (0.30000000000000004) at the step's precision.
  const double digits = std::max(0.0, -std::floor(std::log10(step))) + 1.0;
  const double scale = std::pow(10.0, digits);
  snapped = std::round(snapped * scale) / scale;
  return std::clamp(snapped, min, max);
}

std::string step_format(double step) {
  const int decimals =
      step > 0.0 ? std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 6) : 3;
  return "%." + std::to_string(decimals) + "f";
}

}  // namespace loom::viewer
