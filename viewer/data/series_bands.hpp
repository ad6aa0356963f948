#pragma once
// Quantile bands over replicates: what each plotted line and band is.
//
// For every step, the replicate values of one metric give a median (the
// line), a 50% band (25th to 75th percentile: the middle half of the runs)
// and a 90% band (5th to 95th). These describe the spread of outcomes a
// school could see, not the uncertainty of the mean (that is the summary
// table's 95% interval).
#include <span>
#include <vector>

namespace loom::viewer {

// Quantile q (0..1) of sorted values by linear interpolation between order
// statistics (Hyndman & Fan type 7, the default of R and NumPy). NaN if empty.
double quantile_sorted(std::span<const double> sorted, double q);

struct SeriesBands {
  std::vector<double> p05, p25, median, p75, p95, mean;  // one value per step
  int runs = 0;                                          // replicates behind each value

  std::size_t steps() const { return median.size(); }
};

// Bands of metric `metric` from a run-major series: values[(r * steps + t) *
// metrics + metric], as in the results file's `timeseries`. NaN values (a run
// with no value at a step) are left out of that step's quantiles.
SeriesBands compute_bands(std::span<const double> values, int runs, int steps, int metrics,
                          int metric);

}  // namespace loom::viewer
