#pragma once
// Global sensitivity estimators for sweep results (loom analyze): which
// factors move an output, and how much. Each takes one output value per
// design point (replicates already averaged) in design row order
// (sim/experiments/experiment_design.hpp) and returns one entry per factor, in design
// column order. Invalid input (sizes that do not fit the design, an output
// with no variance where the method divides by it) throws
// std::invalid_argument.
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/experiments/experiment_design.hpp"

namespace loom {

// Sobol indices from a Saltelli design (saltelli_design row order).
//   S1 (first order; Saltelli et al. 2010, Table 2):
//       V_i = mean_j f(B)_j (f(AB^(i))_j - f(A)_j)
//   ST (total; Jansen 1999): E_i = mean_j (f(A)_j - f(AB^(i))_j)^2 / 2
// each divided by the variance of the 2N outputs f(A) and f(B) (divisor 2N).
// Outputs are centred on the mean of f(A) and f(B) first: the estimators are
// unbiased either way, but centring removes the mean's contribution to their
// sampling error (a large offset would otherwise dominate it).
//
// `runs` holds each point's replicates, points x replicates in row-major
// order ([p * replicates + r]); the indices are those of the point means,
// that is of the expected response (with one replicate, of the response
// itself). Replicate noise left in the means inflates the variance and the
// Jansen terms alike, so it biases ST (and, less, S1) upwards: see
// replicate_noise_share.
//
// Intervals: `bootstrap` resamples of the N base samples (with replacement;
// each resample b draws from the stream (seed, run = b, purpose
// kBootstrapPurpose), so results do not depend on threads) and, with more
// than one replicate, of the replicates (one draw of R replicate indices
// shared by every point, which keeps the common random numbers a replicate
// shares across points), so the intervals include replicate noise. Each
// *_conf is the half-width 1.96 x the bootstrap standard deviation (n - 1),
// a normal 95% interval as SALib reports it; bootstrap = 0 gives conf = 0.
// The bootstrap treats base samples as independent, which a low-discrepancy
// design is not, so the intervals are, if anything, too wide.
struct SobolIndices {
  std::vector<double> s1, s1_conf, st, st_conf;
  double variance = 0.0;  // of the point means, from A and B
};
SobolIndices sobol_indices(std::span<const double> runs, std::size_t n_base, std::size_t k,
                           std::size_t bootstrap = 1000, std::uint64_t seed = 0,
                           std::size_t replicates = 1);

// The share of the point means' variance across the design that is
// replicate noise, from the two-way layout points x replicates (replicate
// r of every point shares its random streams, so a replicate's common
// shift, which moves every point alike and cancels in every index, is taken
// out): mean square residual / mean square between points, which estimates
// (noise variance / R) / (variance of the point means). Capped at 1 (pure
// noise); NaN with one replicate or one point (it cannot be estimated).
double replicate_noise_share(std::span<const double> runs, std::size_t points,
                             std::size_t replicates);

// Morris elementary effects on the unit-cube scale, EE = (y' - y) / (u' - u)
// for the one factor that a step of a trajectory changes, so factors of
// different units compare (a step is +-delta of the factor's range). Per
// factor over the r trajectories: mu (mean EE), mu_star (mean |EE|,
// Campolongo et al. 2007) and sigma (standard deviation of EE, divisor
// r - 1; NaN when r = 1). Rows must be r trajectories of k + 1 points in
// which consecutive points differ in exactly one coordinate (as
// morris_design builds them); anything else throws.
struct MorrisIndices {
  std::vector<double> mu, mu_star, sigma;
};
MorrisIndices morris_indices(const DesignMatrix& u, std::span<const double> y, std::size_t r,
                             std::size_t k);

// Standardized regression coefficients: the least-squares fit of y on the
// factors (with an intercept), each coefficient times sd(x_i) / sd(y). For a
// linear model SRC_i^2 is factor i's share of the variance, and R^2 says how
// much of the variance a linear model explains at all (a low R^2 means the
// SRCs miss what matters: use Sobol or Morris). x is points x factors in
// natural units (a categorical factor as its level index); any design.
// Solved by column-pivoting Householder QR on standardized columns (stable,
// and a constant column simply gets SRC 0). Needs at least k + 2 points.
struct RegressionIndices {
  std::vector<double> src;
  double r2 = 0.0;
};
RegressionIndices standardized_regression(const Eigen::MatrixXd& x, std::span<const double> y);

}  // namespace loom
