#include "sim/experiments/abc_smc.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "sim/core/random_stream.hpp"

namespace loom {
namespace {

// A proposal redrawn this often without landing inside the prior's support
// means the population sits on a boundary the kernel cannot leave.
constexpr int kMaxRedraws = 100'000;

double prior_density(const std::vector<CalibrationPrior>& priors, const std::vector<double>& x) {
  double d = 1.0;
  for (std::size_t k = 0; k < priors.size(); ++k) d *= priors[k].density(x[k]);
  return d;
}

RandomStream proposal_stream(const AbcSettings& s, std::size_t generation, std::uint64_t proposal) {
  StreamKey key;
  key.seed = s.seed;
  key.run = generation;
  key.school = static_cast<std::uint32_t>(proposal >> 32);
  key.entity = static_cast<std::uint32_t>(proposal);
  key.purpose = static_cast<Purpose>(kAbcProposalPurpose);
  return RandomStream(key);
}

// The perturbation kernel of a generation: N(0, 2 Sigma), Sigma the
// weighted covariance of the previous population (Beaumont et al. 2009).
struct Kernel {
  Eigen::MatrixXd lower;  // Cholesky factor of 2 Sigma
  explicit Kernel(const AbcGeneration& g, std::size_t dims) {
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(dims));
    for (const auto& p : g.particles)
      mean += p.weight * Eigen::Map<const Eigen::VectorXd>(p.theta.data(), mean.size());
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(mean.size(), mean.size());
    for (const auto& p : g.particles) {
      const Eigen::VectorXd d =
          Eigen::Map<const Eigen::VectorXd>(p.theta.data(), mean.size()) - mean;
      cov += p.weight * d * d.transpose();
    }
    cov *= 2.0;
    // A population collapsed onto a line (or a point) has a singular
    // covariance: a small ridge keeps the kernel a density.
    for (int attempt = 0;; ++attempt) {
      Eigen::LLT<Eigen::MatrixXd> llt(cov);
      if (llt.info() == Eigen::Success) {
        lower = llt.matrixL();
        break;
      }
      const double ridge =
          std::max(cov.diagonal().maxCoeff(), 1e-300) * std::pow(10.0, attempt - 12);
      cov.diagonal().array() += ridge;
      if (attempt > 12)
        throw std::runtime_error("ABC-SMC: the population's covariance is not finite");
    }
  }
  // log K(x | centre) up to a constant common to all pairs.
  double log_density(const std::vector<double>& x, const std::vector<double>& centre) const {
    Eigen::VectorXd d(lower.rows());
    for (Eigen::Index k = 0; k < d.size(); ++k)
      d[k] = x[static_cast<std::size_t>(k)] - centre[static_cast<std::size_t>(k)];
    const Eigen::VectorXd z = lower.triangularView<Eigen::Lower>().solve(d);
    return -0.5 * z.squaredNorm();
  }
};

std::vector<double> propose(const std::vector<CalibrationPrior>& priors, const AbcSettings& s,
                            std::size_t generation, std::uint64_t proposal,
                            const AbcGeneration* previous, const Kernel* kernel,
                            const std::vector<double>& cumulative) {
  RandomStream stream = proposal_stream(s, generation, proposal);
  std::vector<double> theta(priors.size());
  if (!previous) {
    for (std::size_t k = 0; k < priors.size(); ++k) theta[k] = priors[k].quantile(stream.uniform());
    return theta;
  }
  for (int attempt = 0; attempt < kMaxRedraws; ++attempt) {
    const auto& centre = previous->particles[pick_by_weight(cumulative, stream.uniform())].theta;
    Eigen::VectorXd z(static_cast<Eigen::Index>(priors.size()));
    for (Eigen::Index k = 0; k < z.size(); ++k) z[k] = stream.normal();
    const Eigen::VectorXd step = kernel->lower * z;
    for (std::size_t k = 0; k < priors.size(); ++k)
      theta[k] = centre[k] + step[static_cast<Eigen::Index>(k)];
    if (prior_density(priors, theta) > 0.0) return theta;
  }
  throw std::runtime_error("ABC-SMC: no proposal inside the prior's range after " +
                           std::to_string(kMaxRedraws) + " draws");
}

double quantile_of(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double at = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const auto hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (at - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace

std::uint64_t abc_particle_seed(std::uint64_t seed, std::size_t generation,
                                std::uint64_t proposal) {
  return fold_run(fold_run(seed, 0xABC0000000000000ULL + generation), proposal);
}

double abc_distance(const std::vector<double>& simulated,
                    const std::vector<CalibrationTarget>& targets) {
  double sum = 0.0;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double z = (simulated[k] - targets[k].value) / targets[k].sd;
    if (!std::isfinite(z)) return std::numeric_limits<double>::infinity();
    sum += z * z;
  }
  return std::sqrt(sum / static_cast<double>(targets.size()));
}

AbcGeneration abc_generation(const std::vector<CalibrationPrior>& priors,
                             const std::vector<CalibrationTarget>& targets, const AbcSettings& s,
                             std::size_t index, const AbcGeneration* previous,
                             const AbcSimulator& simulate) {
  AbcGeneration g;
  g.index = index;
  g.tolerance = std::numeric_limits<double>::infinity();
  std::optional<Kernel> kernel;
  std::vector<double> cumulative;
  if (previous) {
    std::vector<double> distances;
    for (const auto& p : previous->particles) distances.push_back(p.distance);
    cumulative = cumulative_weights(*previous);
    g.tolerance = quantile_of(distances, s.tolerance_quantile);
    kernel.emplace(*previous, priors.size());
  }
  const std::size_t n = s.particles;
  const auto cap = static_cast<std::uint64_t>(std::ceil(static_cast<double>(n) / s.min_acceptance));
  std::uint64_t batch = n;
  while (g.particles.size() < n && g.proposals < cap) {
    batch = std::min<std::uint64_t>(batch, cap - g.proposals);
    std::vector<std::vector<double>> thetas;
    for (std::uint64_t i = 0; i < batch; ++i)
      thetas.push_back(propose(priors, s, index, g.proposals + i, previous,
                               kernel ? &*kernel : nullptr, cumulative));
    const auto simulated = simulate(index, g.proposals, thetas);
    for (std::uint64_t i = 0; i < batch && g.particles.size() < n; ++i) {
      const double d = abc_distance(simulated[i], targets);
      if (std::isfinite(d) && d <= g.tolerance) {
        g.particles.push_back({g.proposals + i, thetas[i], simulated[i], d, 0.0, {}, {}});
        if (g.particles.size() == n) g.proposals_needed = g.proposals + i + 1;
      }
    }
    g.proposals += batch;
    // The next batch: what the acceptance so far says is still needed, no
    // more (runs past the N-th acceptance are wasted: with a 10% margin they
    // were a fifth of the shipped calibration's), and at least a tenth of N
    // (each batch is a barrier for the threads or ranks; fewer, larger
    // batches keep them busy). Batch sizes never change which proposals are
    // accepted: that is fixed by proposal order.
    const double rate =
        std::max(static_cast<double>(g.particles.size()) / static_cast<double>(g.proposals),
                 s.min_acceptance);
    batch = std::max<std::uint64_t>(
        n / 10 + 1,
        static_cast<std::uint64_t>(std::ceil(static_cast<double>(n - g.particles.size()) / rate)));
  }
  g.complete = g.particles.size() == n;
  if (!g.complete) g.proposals_needed = g.proposals;
  g.acceptance_rate = g.proposals_needed == 0 ? 0.0
                                              : static_cast<double>(g.particles.size()) /
                                                    static_cast<double>(g.proposals_needed);
  // Importance weights.
  double total = 0.0;
  for (auto& p : g.particles) {
    if (!previous) {
      p.weight = 1.0;
    } else {
      double top = -std::numeric_limits<double>::infinity();
      std::vector<double> logs;
      for (const auto& q : previous->particles) {
        logs.push_back(std::log(q.weight) + kernel->log_density(p.theta, q.theta));
        top = std::max(top, logs.back());
      }
      double sum = 0.0;
      for (const double l : logs) sum += std::exp(l - top);
      p.weight = prior_density(priors, p.theta) / (std::exp(top) * sum);
    }
    total += p.weight;
  }
  double sum_sq = 0.0;
  for (auto& p : g.particles) {
    p.weight /= total;
    sum_sq += p.weight * p.weight;
  }
  g.ess = g.particles.empty() ? 0.0 : 1.0 / sum_sq;
  return g;
}

std::vector<double> cumulative_weights(const AbcGeneration& generation) {
  std::vector<double> cumulative;
  for (const auto& p : generation.particles)
    cumulative.push_back((cumulative.empty() ? 0.0 : cumulative.back()) + p.weight);
  return cumulative;
}

std::size_t pick_by_weight(const std::vector<double>& cumulative, double u) {
  const auto at = static_cast<std::size_t>(
      std::upper_bound(cumulative.begin(), cumulative.end(), u * cumulative.back()) -
      cumulative.begin());
  return std::min(at, cumulative.size() - 1);  // u * total rounding up to the last sum
}

PosteriorSummary summarize(const std::vector<double>& values, const std::vector<double>& weights) {
  PosteriorSummary s;
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double mean = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) mean += weights[i] * values[i] / total;
  double var = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i)
    var += weights[i] * (values[i] - mean) * (values[i] - mean) / total;
  s.mean = mean;
  s.sd = std::sqrt(var);
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  // The weighted empirical quantile: the first value whose cumulative
  // weight reaches q.
  auto quantile = [&](double q) {
    double cum = 0.0;
    for (const std::size_t i : order) {
      cum += weights[i] / total;
      if (cum >= q) return values[i];
    }
    return values[order.back()];
  };
  s.q05 = quantile(0.05);
  s.q50 = quantile(0.5);
  s.q95 = quantile(0.95);
  return s;
}

}  // namespace loom
