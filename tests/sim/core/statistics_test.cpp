#include "sim/core/statistics.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

using namespace loom;

TEST_CASE("The 95% interval of a mean uses Student's t", "[statistics]") {
  // 1..10: mean 5.5, SD 3.02765, SE 0.957427; t(0.975, 9) = 2.262157.
  std::vector<double> v;
  for (int i = 1; i <= 10; ++i) v.push_back(i);
  const Estimate e = estimate_mean(v);
  CHECK(e.mean == Approx(5.5));
  CHECK(e.standard_error == Approx(0.957427).epsilon(1e-5));
  CHECK(e.ci_high - e.mean == Approx(2.262157 * 0.957427).epsilon(1e-5));
}

TEST_CASE("A difference of means is B minus A with a Welch interval", "[statistics]") {
  const std::vector<double> a{1, 2, 3, 4}, b{3, 4, 5, 6};
  const Estimate d = estimate_difference(a, b);
  CHECK(d.mean == Approx(2.0));
  // Equal variances (5/3) and sizes: SE = sqrt(2 * 5/3 / 4), df = 6, t = 2.446912.
  CHECK(d.standard_error == Approx(0.912871).epsilon(1e-5));
  CHECK(d.ci_low == Approx(2.0 - 2.446912 * 0.912871).epsilon(1e-5));
}

TEST_CASE("A paired difference uses the per-replicate differences", "[statistics]") {
  // b - a = {1, 1, 2, 2}: mean 1.5, SD 0.57735, SE 0.288675, t(0.975, 3) = 3.182446.
  const std::vector<double> a{1, 5, 2, 8}, b{2, 6, 4, 10};
  const Estimate d = estimate_paired_difference(a, b);
  CHECK(d.mean == Approx(1.5));
  CHECK(d.standard_error == Approx(0.288675).epsilon(1e-5));
  CHECK(d.ci_high == Approx(1.5 + 3.182446 * 0.288675).epsilon(1e-5));
}

TEST_CASE("Missing values are left out and counted, never averaged", "[statistics]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // 1..10 with three missing runs between them: the same estimate as 1..10.
  std::vector<double> v{nan};
  for (int i = 1; i <= 10; ++i) {
    v.push_back(i);
    if (i % 4 == 0) v.push_back(nan);
  }
  const Estimate e = estimate_mean(v);
  CHECK(e.count == 10);
  CHECK(e.missing == 3);
  CHECK(e.mean == Approx(5.5));
  CHECK(e.standard_error == Approx(0.957427).epsilon(1e-5));

  // No value at all: the mean itself is missing, not 0.
  const Estimate none = estimate_mean(std::vector<double>{nan, nan});
  CHECK(std::isnan(none.mean));
  CHECK(none.count == 0);
  CHECK(none.missing == 2);
  // One value: a mean but no interval (not a zero-width one).
  const Estimate one = estimate_mean(std::vector<double>{nan, 2.0});
  CHECK(one.mean == 2.0);
  CHECK(std::isnan(one.ci_low));
  CHECK(std::isnan(one.ci_high));

  // A pair with either side missing is left out of a paired difference.
  const std::vector<double> a{1, nan, 5, 2, 8}, b{2, 7, 6, 4, 10};
  const Estimate d = estimate_paired_difference(a, b);
  CHECK(d.count == 4);
  CHECK(d.missing == 1);
  CHECK(d.mean == Approx(1.5));
  // Welch leaves each sample's missing values out.
  const Estimate w = estimate_difference(std::vector<double>{1, 2, nan, 3, 4},
                                         std::vector<double>{3, 4, 5, 6, nan});
  CHECK(w.mean == Approx(2.0));
  CHECK(w.standard_error == Approx(0.912871).epsilon(1e-5));
  CHECK(w.missing == 2);
}
