#include "viewer/data/series_bands.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace loom::viewer;

TEST_CASE("Quantiles interpolate between order statistics like R and NumPy", "[viewer]") {
  const std::vector<double> v{1, 2, 3, 4};
  // numpy.quantile([1, 2, 3, 4], q) with the default (linear) method.
  CHECK(quantile_sorted(v, 0.0) == 1.0);
  CHECK(quantile_sorted(v, 0.25) == Approx(1.75));
  CHECK(quantile_sorted(v, 0.5) == Approx(2.5));
  CHECK(quantile_sorted(v, 0.9) == Approx(3.7));
  CHECK(quantile_sorted(v, 1.0) == 4.0);
  CHECK(quantile_sorted(std::vector<double>{7}, 0.05) == 7.0);
  CHECK(std::isnan(quantile_sorted(std::vector<double>{}, 0.5)));
}

TEST_CASE("Bands summarise each step over replicates, per metric", "[viewer]") {
  // 5 runs x 2 steps x 2 metrics; metric 1 at step t of run r is r + 10 t.
  const int runs = 5, steps = 2, metrics = 2;
  std::vector<double> values;
  for (int r = 0; r < runs; ++r) {
    for (int t = 0; t < steps; ++t) {
      values.push_back(-1.0);  // metric 0: constant
      values.push_back(r + 10.0 * t);
    }
  }
  const SeriesBands b = compute_bands(values, runs, steps, metrics, 1);
  REQUIRE(b.steps() == 2);
  CHECK(b.runs == 5);
  CHECK(b.median[0] == 2.0);
  CHECK(b.median[1] == 12.0);
  CHECK(b.p25[0] == 1.0);
  CHECK(b.p75[0] == 3.0);
  CHECK(b.p05[0] == Approx(0.2));
  CHECK(b.p95[1] == Approx(13.8));
  CHECK(b.mean[1] == 12.0);
  const SeriesBands flat = compute_bands(values, runs, steps, metrics, 0);
  CHECK(flat.p05[1] == -1.0);
  CHECK(flat.p95[1] == -1.0);
  // Ordered bands always nest.
  for (std::size_t t = 0; t < b.steps(); ++t) {
    CHECK(b.p05[t] <= b.p25[t]);
    CHECK(b.p25[t] <= b.median[t]);
    CHECK(b.median[t] <= b.p75[t]);
    CHECK(b.p75[t] <= b.p95[t]);
  }
}

TEST_CASE("Missing values are left out of a step's quantiles", "[viewer]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // 3 runs x 2 steps x 1 metric; step 1 has only run 2's value.
  const std::vector<double> values{1, nan, 2, nan, 3, 9};
  const SeriesBands b = compute_bands(values, 3, 2, 1, 0);
  CHECK(b.median[0] == 2.0);
  CHECK(b.median[1] == 9.0);
  CHECK(b.p05[1] == 9.0);
}

TEST_CASE("A shape that does not match the values is refused", "[viewer]") {
  const std::vector<double> values(6, 0.0);
  CHECK_THROWS_AS(compute_bands(values, 2, 2, 2, 0), std::invalid_argument);
  CHECK_THROWS_AS(compute_bands(values, 3, 2, 1, 1), std::invalid_argument);
}
