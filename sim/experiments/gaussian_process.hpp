#pragma once
// Gaussian-process regression emulator: a cheap statistical stand-in for a
// slow simulator, fitted to its outputs at a few design points (Rasmussen and
// Williams 2006, "Gaussian Processes for Machine Learning", ch. 2 and 5;
// O'Hagan 2006, "Bayesian analysis of computer code outputs"). History
// matching (sim/experiments/history_matching.hpp) builds one per target and
// wave and evaluates it at ~10^5 candidate points.
//
// The model, on outputs standardised to mean 0 and variance 1:
//   y(x) = h(x)' beta + f(x) + e,   f ~ GP(0, s2 exp(-1/2 sum_k (x_k - x'_k)^2 / l_k^2)),
//   e ~ N(0, nugget) independently at every design point.
// - Mean h(x): linear in x, h(x) = (1, x_1 .. x_d), the usual choice in
//   history matching (Vernon et al. 2010; Andrianakis et al. 2015): a global
//   trend leaves the GP only the local wiggles, so prediction away from the
//   data reverts to the trend, not to a constant. It needs d + 1 coefficients,
//   so with fewer than 2 (d + 2) points (fewer residual degrees of freedom than
//   the kernel has hyperparameters), or points that do not identify them, the
//   mean is a constant instead (linear_mean() says which).
//   beta has a flat prior and is integrated out (generalised least squares):
//   its uncertainty is part of the predictive variance.
// - Kernel: squared exponential with one length scale per input (smooth
//   simulators; a rougher Matern kernel is a possible refinement), a signal
//   variance s2 and a nugget (the simulator is stochastic: outputs are means
//   of a few noisy replicates; for a deterministic one it also buys numerical
//   stability at a small loss of interpolation accuracy).
// - Hyperparameters (l, s2, nugget) maximise the restricted log marginal
//   likelihood (the likelihood with beta integrated out, Rasmussen and
//   Williams eq. 2.45; unlike the plain likelihood it does not shrink the
//   variances for the d + 1 fitted coefficients), on log scale within bounds,
//   by projected BFGS with the analytic gradient from three fixed starts.
//
// Cost: a fit takes three starts of ~20-30 iterations, each a Cholesky
// factor (n^3 / 3 flops) and, for the gradient, the inverse (2 n^3); memory
// O(n^2 d) for the pairwise squared distances (n = 500, d = 8: 8 MB). A
// prediction is O(n d) for the mean and O(n^2) for the variance
// (benchmarks/emulator_fit_bench.cpp: 500 x 8 fits in ~1.6 s and predicts
// 10^5 points in ~2 s on one core).
//
// Deterministic: no random draws; every matrix operation is one Eigen runs
// serially (Cholesky, triangular solves, rank updates, matrix-vector
// products), never Eigen's general matrix product, whose OpenMP split and
// blocking depend on the thread count. So the same inputs give the same bits
// on any number of threads, predict_batch's included. Across machines the
// bits can differ once n exceeds Eigen's depth block for triangular solves
// (~250-400 points at 32 KB of L1 cache): Eigen sizes that block from the
// CPU's cache sizes. (Eigen::setCpuCacheSizes at start-up would pin it.)
#include <Eigen/Dense>
#include <cstddef>

namespace loom {

struct GpPrediction {
  double mean = 0.0;
  // Variance of the latent mean function f at x (with the trend's
  // uncertainty), without the nugget. A new simulator output at x varies by
  // variance + nugget(); history matching compares an observation with f and
  // adds the nugget itself.
  double variance = 0.0;
};

struct GpBatchPrediction {
  Eigen::VectorXd mean, variance;  // one entry per point; variance as in GpPrediction
};

class GaussianProcess {
 public:
  // Fits to n points X (n rows, d columns; meant to lie in the unit cube
  // [0, 1]^d) and outputs y (n). Throws std::invalid_argument for n < 2,
  // d < 1, mismatched sizes or a non-finite value.
  static GaussianProcess fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

  GpPrediction predict(const Eigen::VectorXd& x) const;
  // One row per point (m x d). Points are taken in blocks of a fixed size,
  // spread over `threads` threads (0 = all cores, loom::parallel_for); the
  // result does not depend on `threads`. A point's values can differ from
  // predict()'s, or from another batch's, by rounding: the kernels sum in
  // another order for another block width, and the covariance's conditioning
  // (up to ~1e10 with the nugget at its floor) amplifies that to ~1e-10
  // relative.
  GpBatchPrediction predict_batch(const Eigen::MatrixXd& points, int threads = 1) const;

  std::size_t points() const { return static_cast<std::size_t>(xs_.rows()); }
  std::size_t dims() const { return static_cast<std::size_t>(xs_.cols()); }
  // Fitted hyperparameters in the units of the inputs and outputs.
  const Eigen::VectorXd& length_scales() const { return length_scales_; }
  double signal_variance() const { return signal_variance_ * y_sd_ * y_sd_; }
  // The variance added to the diagonal: the fitted nugget plus any jitter
  // the Cholesky factor needed (at most 1e-3 of the total variance).
  double nugget() const { return nugget_ * y_sd_ * y_sd_; }
  // Restricted log marginal likelihood of the standardised outputs at the
  // optimum, with its constant -(n - p)/2 log(2 pi) (p = mean coefficients).
  double log_marginal_likelihood() const { return log_likelihood_; }
  bool linear_mean() const { return linear_mean_; }

  // Leave-one-out predictions of each design point's output from the others
  // at the fitted hyperparameters (closed form, Dubrule 1983; the trend is
  // re-estimated without the point). The variance is that of an output, so
  // it includes the nugget: (y_i - loo_mean_i) / sqrt(loo_variance_i) should
  // look standard normal when the emulator is fit for purpose.
  const Eigen::VectorXd& loo_mean() const { return loo_mean_; }
  const Eigen::VectorXd& loo_variance() const { return loo_variance_; }

 private:
  GaussianProcess() = default;
  void predict_block(const Eigen::MatrixXd& points, Eigen::Index first, Eigen::Index count,
                     GpBatchPrediction& out) const;

  Eigen::MatrixXd xs_;            // design points divided by the length scales (n x d)
  Eigen::MatrixXd chol_;          // lower Cholesky factor L of the training covariance
  Eigen::VectorXd alpha_;         // K^-1 (y - H beta), standardised
  Eigen::MatrixXd basis_solved_;  // Q = L^-1 H (n x p)
  Eigen::MatrixXd chol_a_;        // lower Cholesky factor of A = H' K^-1 H (p x p)
  Eigen::VectorXd beta_;          // trend coefficients on (1, x - center)
  Eigen::VectorXd center_;        // mean of the design points (conditioning of H)
  Eigen::VectorXd length_scales_;
  Eigen::VectorXd loo_mean_, loo_variance_;
  double signal_variance_ = 1.0;  // standardised units
  double nugget_ = 0.0;           // standardised units
  double log_likelihood_ = 0.0;
  double y_mean_ = 0.0, y_sd_ = 1.0;
  bool linear_mean_ = false;
};

}  // namespace loom
