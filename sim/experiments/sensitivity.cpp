#include "sim/experiments/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/core/random_stream.hpp"

namespace loom {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

// Sums of the Saltelli and Jansen terms over a set of base samples: the
// point estimate uses every base sample once, a bootstrap resample uses
// the counts of a draw with replacement.
struct SobolSums {
  std::vector<double> first, total;  // per factor
  double sum = 0.0, sum_squares = 0.0;
  double weight = 0.0;  // base samples counted
  explicit SobolSums(std::size_t k) : first(k, 0.0), total(k, 0.0) {}

  void add(const double* row, std::size_t k, double count) {
    const double a = row[0], b = row[k + 1];
    for (std::size_t i = 0; i < k; ++i) {
      const double ab = row[1 + i];
      first[i] += count * b * (ab - a);
      total[i] += count * (a - ab) * (a - ab);
    }
    sum += count * (a + b);
    sum_squares += count * (a * a + b * b);
    weight += count;
  }

  // S1 and ST of every factor; variance from the 2N outputs of A and B.
  double variance() const {
    const double n = 2.0 * weight, mean = sum / n;
    return sum_squares / n - mean * mean;
  }
};

double standard_deviation(const std::vector<double>& v) {
  if (v.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  double mean = 0.0;
  for (const double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0.0;
  for (const double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

SobolIndices sobol_indices(std::span<const double> runs, std::size_t n_base, std::size_t k,
                           std::size_t bootstrap, std::uint64_t seed, std::size_t replicates) {
  require(n_base >= 2 && k >= 1, "sobol indices: need at least 2 base samples and 1 factor");
  require(replicates >= 1, "sobol indices: need at least 1 replicate");
  const std::size_t width = k + 2, points = n_base * width;
  require(runs.size() == points * replicates,
          "sobol indices: " + std::to_string(runs.size()) + " outputs, but a Saltelli design of " +
              std::to_string(n_base) + " base samples and " + std::to_string(k) + " factors has " +
              std::to_string(points) + " points" +
              (replicates > 1 ? " x " + std::to_string(replicates) + " replicates" : ""));
  // c: point means under replicate weights (counts summing to
  // `replicates`; none: every replicate once), centred on the mean of f(A)
  // and f(B) of the full data (see the header).
  // A resample's mean is moved away from the full mean by sqrt(R / (R - 1)):
  // resampling R replicates with replacement gives their mean only
  // (R - 1) / R of its variance (Rao & Wu 1988's rescaling), which at R = 4
  // left the intervals 23% narrow (tests/sim/experiments/sensitivity_test.cpp).
  std::vector<double> c(points), full(points);
  double centre = 0.0;
  const double stretch =
      replicates > 1
          ? std::sqrt(static_cast<double>(replicates) / static_cast<double>(replicates - 1))
          : 1.0;
  auto average = [&](const std::vector<double>& weights) {
    for (std::size_t p = 0; p < points; ++p) {
      double sum = 0.0;
      for (std::size_t r = 0; r < replicates; ++r)
        sum += (weights.empty() ? 1.0 : weights[r]) * runs[p * replicates + r];
      const double mean = sum / static_cast<double>(replicates);
      c[p] = (weights.empty() ? mean : full[p] + stretch * (mean - full[p])) - centre;
    }
  };
  average({});
  full = c;
  for (std::size_t j = 0; j < n_base; ++j) centre += c[j * width] + c[j * width + k + 1];
  centre /= 2.0 * static_cast<double>(n_base);
  for (double& v : c) v -= centre;

  auto estimate = [&](const std::vector<double>& counts, SobolIndices& out) {
    SobolSums sums(k);
    for (std::size_t j = 0; j < n_base; ++j) {
      if (counts.empty() || counts[j] > 0.0)
        sums.add(&c[j * width], k, counts.empty() ? 1.0 : counts[j]);
    }
    const double variance = sums.variance();
    out.variance = variance;
    out.s1.resize(k);
    out.st.resize(k);
    for (std::size_t i = 0; i < k; ++i) {
      out.s1[i] = sums.first[i] / sums.weight / variance;
      out.st[i] = 0.5 * sums.total[i] / sums.weight / variance;
    }
  };

  SobolIndices result;
  estimate({}, result);
  require(result.variance > 0.0 && std::isfinite(result.variance),
          "sobol indices: the output does not vary across the design (variance " +
              std::to_string(result.variance) + "), so it has no variance to apportion");

  result.s1_conf.assign(k, 0.0);
  result.st_conf.assign(k, 0.0);
  if (bootstrap < 2) return result;
  std::vector<std::vector<double>> s1(k), st(k);
  std::vector<double> counts(n_base), weights(replicates);
  SobolIndices resample;
  for (std::size_t b = 0; b < bootstrap; ++b) {
    StreamKey key;
    key.seed = seed;
    key.run = b;
    key.purpose = static_cast<Purpose>(kBootstrapPurpose);
    RandomStream stream(key);
    std::fill(counts.begin(), counts.end(), 0.0);
    for (std::size_t j = 0; j < n_base; ++j)
      counts[stream.below(static_cast<std::uint32_t>(n_base))] += 1.0;
    if (replicates > 1) {
      // Replicate noise: one draw of replicate indices for every point, so
      // the common random numbers a replicate shares across points (and
      // which cancel in the estimators' differences) stay shared.
      std::fill(weights.begin(), weights.end(), 0.0);
      for (std::size_t r = 0; r < replicates; ++r)
        weights[stream.below(static_cast<std::uint32_t>(replicates))] += 1.0;
      average(weights);
    }
    estimate(counts, resample);
    // A resample can, rarely, pick base samples whose outputs are all equal;
    // it says nothing about the spread and is left out.
    if (!(resample.variance > 0.0)) continue;
    for (std::size_t i = 0; i < k; ++i) {
      s1[i].push_back(resample.s1[i]);
      st[i].push_back(resample.st[i]);
    }
  }
  constexpr double kZ95 = 1.959963984540054;  // two-sided 95% normal quantile
  for (std::size_t i = 0; i < k; ++i) {
    result.s1_conf[i] = kZ95 * standard_deviation(s1[i]);
    result.st_conf[i] = kZ95 * standard_deviation(st[i]);
  }
  return result;
}

double replicate_noise_share(std::span<const double> runs, std::size_t points,
                             std::size_t replicates) {
  require(runs.size() == points * replicates,
          "noise share: " + std::to_string(runs.size()) + " outputs for " + std::to_string(points) +
              " points x " + std::to_string(replicates) + " replicates");
  if (points < 2 || replicates < 2) return std::numeric_limits<double>::quiet_NaN();
  const double p_count = static_cast<double>(points), r_count = static_cast<double>(replicates);
  std::vector<double> point_mean(points, 0.0), replicate_mean(replicates, 0.0);
  double grand = 0.0;
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < replicates; ++r) {
      const double v = runs[p * replicates + r];
      point_mean[p] += v / r_count;
      replicate_mean[r] += v / p_count;
      grand += v;
    }
  }
  grand /= p_count * r_count;
  double between = 0.0, residual = 0.0;
  for (std::size_t p = 0; p < points; ++p) {
    between += (point_mean[p] - grand) * (point_mean[p] - grand);
    for (std::size_t r = 0; r < replicates; ++r) {
      const double e = runs[p * replicates + r] - point_mean[p] - replicate_mean[r] + grand;
      residual += e * e;
    }
  }
  const double ms_points = r_count * between / (p_count - 1.0);
  const double ms_residual = residual / ((p_count - 1.0) * (r_count - 1.0));
  if (!(ms_points > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return std::min(1.0, ms_residual / ms_points);
}

MorrisIndices morris_indices(const DesignMatrix& u, std::span<const double> y, std::size_t r,
                             std::size_t k) {
  require(r >= 1 && k >= 1, "morris indices: need at least 1 trajectory and 1 factor");
  require(u.cols == k && u.rows == r * (k + 1) && y.size() == u.rows,
          "morris indices: expected " + std::to_string(r) + " trajectories of " +
              std::to_string(k + 1) + " points over " + std::to_string(k) + " factors, got " +
              std::to_string(u.rows) + " points x " + std::to_string(u.cols) + " factors and " +
              std::to_string(y.size()) + " outputs");
  // effects[i][t]: factor i's elementary effect in trajectory t.
  std::vector<std::vector<double>> effects(k, std::vector<double>(r, 0.0));
  std::vector<bool> seen(k);
  for (std::size_t t = 0; t < r; ++t) {
    std::fill(seen.begin(), seen.end(), false);
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t from = t * (k + 1) + s, to = from + 1;
      std::size_t changed = k, count = 0;
      for (std::size_t c = 0; c < k; ++c) {
        if (u.at(to, c) != u.at(from, c)) {
          changed = c;
          ++count;
        }
      }
      require(count == 1 && !seen[changed],
              "morris indices: points " + std::to_string(from) + " and " + std::to_string(to) +
                  " of trajectory " + std::to_string(t) +
                  " do not differ in exactly one factor not yet moved (not a Morris design)");
      seen[changed] = true;
      effects[changed][t] = (y[to] - y[from]) / (u.at(to, changed) - u.at(from, changed));
    }
  }
  MorrisIndices m;
  m.mu.resize(k);
  m.mu_star.resize(k);
  m.sigma.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    double sum = 0.0, sum_abs = 0.0;
    for (const double e : effects[i]) {
      sum += e;
      sum_abs += std::abs(e);
    }
    m.mu[i] = sum / static_cast<double>(r);
    m.mu_star[i] = sum_abs / static_cast<double>(r);
    m.sigma[i] = standard_deviation(effects[i]);
  }
  return m;
}

RegressionIndices standardized_regression(const Eigen::MatrixXd& x, std::span<const double> y) {
  const auto n = x.rows(), k = x.cols();
  require(k >= 1, "regression: needs at least 1 factor");
  require(
      static_cast<std::size_t>(n) == y.size(),
      "regression: " + std::to_string(n) + " points but " + std::to_string(y.size()) + " outputs");
  require(n >= k + 2, "regression: " + std::to_string(k) + " factors need at least " +
                          std::to_string(k + 2) + " points (got " + std::to_string(n) + ")");
  const Eigen::Map<const Eigen::VectorXd> yv(y.data(), n);
  const double y_mean = yv.mean();
  const Eigen::VectorXd yc = yv.array() - y_mean;
  const double y_sd = std::sqrt(yc.squaredNorm() / static_cast<double>(n - 1));
  require(y_sd > 0.0 && std::isfinite(y_sd),
          "regression: the output does not vary across the design, so it has nothing to explain");
  // Standardized columns: the intercept is then zero and the coefficients
  // are the SRCs directly; a constant column stays zero.
  Eigen::MatrixXd z = x.rowwise() - x.colwise().mean();
  for (Eigen::Index c = 0; c < k; ++c) {
    const double sd = std::sqrt(z.col(c).squaredNorm() / static_cast<double>(n - 1));
    if (sd > 0.0) {
      z.col(c) /= sd;
    } else {
      z.col(c).setZero();
    }
  }
  const Eigen::VectorXd zy = yc / y_sd;
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(z);
  const Eigen::VectorXd beta = qr.solve(zy);
  RegressionIndices out;
  out.src.assign(beta.data(), beta.data() + k);
  out.r2 = 1.0 - (z * beta - zy).squaredNorm() / zy.squaredNorm();
  return out;
}

}  // namespace loom
