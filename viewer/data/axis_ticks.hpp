#pragma once
// Tick positions and labels for plot axes ("nice" steps of 1, 2 or 5 x 10^k).
// GL-free so it can be tested; plot.cpp draws them.
#include <string>
#include <vector>

namespace loom::viewer {

struct AxisRange {
  double lo = 0.0, hi = 1.0;
};

// A range covering [lo, hi] with a little margin, widened when lo == hi or
// not finite, so a flat or empty series still gets a readable axis.
AxisRange padded_range(double lo, double hi, double margin_fraction = 0.05);

// Tick values inside [lo, hi], at a nice step, at most about `max_ticks`.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

// The tick spacing nice_ticks uses.
double nice_step(double lo, double hi, int max_ticks);

// A label with as many decimals as the step needs ("0.25", "-1", "1200").
std::string format_tick(double value, double step);

}  // namespace loom::viewer
