#pragma once
// Summaries over replicates: mean, standard error and a 95% interval from
// Student's t (replicate counts are often small in workshops, where the normal
// approximation would understate the uncertainty).
//
// Missing values (NaN: a group with no students in that run, an event that
// never happened) are left out, and counted: `count` is the number of runs
// with a value, `missing` the number without. With no value at all the mean
// is NaN; with one value the interval is NaN (undefined), never zero width.
#include <cstddef>
#include <span>

namespace loom {

struct Estimate {
  double mean = 0.0;
  double standard_error = 0.0;
  double ci_low = 0.0;  // 95% interval
  double ci_high = 0.0;
  std::size_t count = 0;    // runs (or pairs) with a value
  std::size_t missing = 0;  // runs (or pairs) left out because a value was missing
};

Estimate estimate_mean(std::span<const double> values);

// Difference of means, B minus A, of two independent samples (Welch's interval).
Estimate estimate_difference(std::span<const double> a, std::span<const double> b);

// Difference B minus A of paired samples (b[i] and a[i] share replicate i's
// random streams): the interval of the mean of b[i] - a[i]. Common random
// numbers make this interval much narrower than Welch's for the same runs.
// A pair with either value missing is left out.
Estimate estimate_paired_difference(std::span<const double> a, std::span<const double> b);

}  // namespace loom
