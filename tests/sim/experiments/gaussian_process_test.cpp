#include "sim/experiments/gaussian_process.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "sim/core/random_stream.hpp"
#include "sim/experiments/experiment_design.hpp"

using namespace loom;

namespace {

// A smooth test function on [0, 1]^2 with one full sine period in x1 and a
// curved trend in x2; its values span about [-1, 2].
double smooth(double x1, double x2) {
  return std::sin(2.0 * std::numbers::pi * x1) * std::cos(std::numbers::pi * x2) + x2 * x2;
}

Eigen::MatrixXd lhs_points(std::size_t n, std::size_t k, std::uint64_t seed) {
  const DesignMatrix d = lhs_design(n, k, seed);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < k; ++c)
      x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = d.at(r, c);
  return x;
}

Eigen::VectorXd smooth_at(const Eigen::MatrixXd& x) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y[i] = smooth(x(i, 0), x(i, 1));
  return y;
}

bool same_bits(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEST_CASE("A Gaussian process interpolates a smooth function at held-out points", "[gp]") {
  // 40 design points, 500 held-out points (another hypercube). Measured:
  // rms error 0.003, max 0.03. Tolerances: rms < 0.02 (under 1% of the
  // function's range of ~3) and max < 0.15. An emulator that failed to learn
  // the sine (say, length scales at a bound, leaving only the linear trend)
  // errs by ~0.5 rms, 25 times the tolerance; the tolerance sits ~6 times
  // above the measurement, so other rounding (compiler, libm) cannot reach it.
  const Eigen::MatrixXd x = lhs_points(40, 2, 11);
  const GaussianProcess gp = GaussianProcess::fit(x, smooth_at(x));
  const Eigen::MatrixXd held = lhs_points(500, 2, 12);
  const GpBatchPrediction p = gp.predict_batch(held, 2);
  const Eigen::VectorXd err = p.mean - smooth_at(held);
  CHECK(std::sqrt(err.squaredNorm() / 500.0) < 0.02);
  CHECK(err.cwiseAbs().maxCoeff() < 0.15);
  // The uncertainty is honest: the errors lie within 3 predictive sd
  // (measured: all 500; 95% allows for a few unlucky corners).
  const auto within =
      (err.array().abs() <= 3.0 * (p.variance.array() + gp.nugget()).sqrt()).count();
  CHECK(within >= 475);
  CHECK(gp.linear_mean());
  CHECK(gp.points() == 40);
  CHECK(gp.dims() == 2);
  CHECK(gp.length_scales().size() == 2);
  CHECK(std::isfinite(gp.log_marginal_likelihood()));
}

TEST_CASE("The predictive variance is small at the data and large far away", "[gp]") {
  const Eigen::MatrixXd x = lhs_points(40, 2, 11);
  const GaussianProcess gp = GaussianProcess::fit(x, smooth_at(x));
  // Deterministic data: the nugget sits near its floor (1e-8 of the output
  // variance, about 0.5 here).
  CHECK(gp.nugget() < 1e-6);
  // At a design point only the nugget's smoothing is left: at most 1e-6 of
  // the signal variance (measured ~1e-9).
  const GpBatchPrediction at_data = gp.predict_batch(x);
  CHECK(at_data.variance.maxCoeff() < 1e-6 * gp.signal_variance());
  CHECK((at_data.mean - smooth_at(x)).cwiseAbs().maxCoeff() < 1e-3);
  // Far outside the data (length scales ~0.4-0.7, distance ~3) every
  // correlation is gone: the variance is the signal variance plus the
  // trend's uncertainty, so at least the signal variance.
  const GpPrediction far = gp.predict(Eigen::Vector2d(3.0, 3.0));
  CHECK(far.variance >= gp.signal_variance());
  // In between, between the two.
  const GpPrediction mid = gp.predict(Eigen::Vector2d(0.5, 0.5));
  CHECK(mid.variance < far.variance);
}

TEST_CASE("The nugget recovers the variance of the noise in noisy data", "[gp]") {
  // 150 points, noise sd 0.1 (variance 0.01) on the smooth function.
  // Measured nugget 0.0091. The nugget is a variance estimate from ~140
  // residual degrees of freedom: relative sd sqrt(2 / 140) = 0.12, so a
  // factor 0.6-1.5 is over 3 sd either way, with room for how the
  // likelihood splits signal from noise.
  const Eigen::MatrixXd x = lhs_points(150, 2, 21);
  Eigen::VectorXd y = smooth_at(x);
  StreamKey key;
  key.seed = 5;
  key.purpose = static_cast<Purpose>(9001);  // this test's own noise
  RandomStream noise(key);
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] += 0.1 * noise.normal();
  const GaussianProcess gp = GaussianProcess::fit(x, y);
  CHECK(gp.nugget() > 0.6 * 0.01);
  CHECK(gp.nugget() < 1.5 * 0.01);
  // Leave-one-out errors look standard normal (measured: 149 of 150 within 3 sd).
  const Eigen::ArrayXd z = (y - gp.loo_mean()).array() / gp.loo_variance().array().sqrt();
  CHECK((z.abs() <= 3.0).count() >= 143);  // 95%
  // The latent variance at a design point is well below the noise: the
  // emulator averages neighbouring outputs.
  CHECK(gp.predict(x.row(0).transpose()).variance < 0.5 * gp.nugget());
}

TEST_CASE("A linear trend extrapolates, and few points get a constant mean", "[gp]") {
  const Eigen::MatrixXd x = lhs_points(12, 2, 3);
  Eigen::VectorXd y(12);
  for (Eigen::Index i = 0; i < 12; ++i) y[i] = 1.0 + 2.0 * x(i, 0) - x(i, 1);
  const GaussianProcess gp = GaussianProcess::fit(x, y);
  CHECK(gp.linear_mean());  // 12 >= 2 (d + 2) = 8
  CHECK(gp.predict(Eigen::Vector2d(2.0, -1.0)).mean == Approx(6.0).margin(1e-4));
  // 5 points in 2-D: fewer than 2 (d + 2), so a constant mean.
  const GaussianProcess few = GaussianProcess::fit(x.topRows(5), y.head(5));
  CHECK_FALSE(few.linear_mean());
  CHECK(std::isfinite(few.predict(Eigen::Vector2d(0.5, 0.5)).mean));
  // Two points are enough to fit.
  CHECK(GaussianProcess::fit(x.topRows(2), y.head(2)).points() == 2);
}

TEST_CASE("A fit and its predictions are the same bits every time and on any threads", "[gp]") {
  const Eigen::MatrixXd x = lhs_points(60, 3, 8);
  Eigen::VectorXd y(60);
  for (Eigen::Index i = 0; i < 60; ++i)
    y[i] = std::exp(x(i, 0)) * x(i, 1) + std::sin(4.0 * x(i, 2));
  const GaussianProcess a = GaussianProcess::fit(x, y);
  const GaussianProcess b = GaussianProcess::fit(x, y);
  CHECK(same_bits(a.length_scales(), b.length_scales()));
  const double la = a.log_marginal_likelihood(), lb = b.log_marginal_likelihood();
  CHECK(std::memcmp(&la, &lb, sizeof la) == 0);
  // 1,000 points: four blocks, shared differently by 1 and 2 threads.
  const Eigen::MatrixXd points = lhs_points(1000, 3, 9);
  const GpBatchPrediction one = a.predict_batch(points, 1);
  const GpBatchPrediction two = b.predict_batch(points, 2);
  CHECK(same_bits(one.mean, two.mean));
  CHECK(same_bits(one.variance, two.variance));
  // One point alone agrees with its batch to rounding, amplified by the
  // covariance's condition number (nugget near its floor here): measured
  // ~1e-10 relative.
  const GpPrediction single = a.predict(points.row(7).transpose());
  CHECK(single.mean == Approx(one.mean[7]).epsilon(1e-7));
  CHECK(single.variance == Approx(one.variance[7]).epsilon(1e-5));
}

TEST_CASE("A fit rejects too few points, mismatched sizes and non-finite values", "[gp]") {
  const Eigen::MatrixXd x = lhs_points(10, 2, 1);
  const Eigen::VectorXd y = smooth_at(x);
  CHECK_THROWS_AS(GaussianProcess::fit(x.topRows(1), y.head(1)), std::invalid_argument);
  CHECK_THROWS_AS(GaussianProcess::fit(x, y.head(9)), std::invalid_argument);
  Eigen::VectorXd bad = y;
  bad[3] = std::nan("");
  CHECK_THROWS_AS(GaussianProcess::fit(x, bad), std::invalid_argument);
  Eigen::MatrixXd bad_x = x;
  bad_x(2, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(GaussianProcess::fit(bad_x, y), std::invalid_argument);
  const GaussianProcess gp = GaussianProcess::fit(x, y);
  CHECK_THROWS_AS(gp.predict(Eigen::Vector3d(0.1, 0.2, 0.3)), std::invalid_argument);
}
