#include "sim/experiments/gaussian_process.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/parallel_for.hpp"

namespace loom {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Bounds of the hyperparameters (standardised outputs, so the total variance
// is about 1). A nugget below 1e-8 buys no accuracy (a relative output error
// of 1e-4) and costs conditioning: with the signal variance at its 1e2 cap
// the covariance's condition number stays below n * 1e10, well inside what
// a Cholesky factor in double precision tolerates.
constexpr double kMinSignal = 1e-8, kMaxSignal = 1e2;
constexpr double kMinNugget = 1e-8, kMaxNugget = 10.0;
// Jitter added only when the factor fails anyway (ill-conditioning at a
// trial point of the optimiser): from 1e-9 of the total variance, up by 10
// each time, at most 1e-3 of it.
constexpr double kFirstJitter = 1e-9, kMaxJitter = 1e-3;

// Everything a likelihood evaluation reads, computed once per fit.
struct Problem {
  Index n = 0, d = 0, p = 0;
  VectorXd y;  // standardised outputs
  MatrixXd h;  // mean basis at the design points (n x p)
  // Squared differences of each pair i > j (pair index i (i - 1) / 2 + j),
  // one contiguous array per input so the kernel loop vectorises.
  std::vector<std::vector<double>> sq;
  std::size_t pairs = 0;
};

// What one evaluation of the restricted likelihood computes, kept so the
// gradient at an accepted point reuses the Cholesky factor.
struct Evaluation {
  double lml = -kInf;
  VectorXd grad;  // d(lml) / d(log l_1 .. log l_d, log s2, log nugget)
  MatrixXd chol;  // L, the lower factor of K = s2 C + (nugget + jitter) I
  MatrixXd q;     // L^-1 H
  MatrixXd chol_a;
  VectorXd beta, alpha;    // alpha = K^-1 (y - H beta) = P y
  VectorXd p_diag;         // diagonal of P (with the gradient only)
  VectorXd inv_l2;         // 1 / l^2
  std::vector<double> kp;  // kernel of each pair, without the nugget
  double s2 = 0.0, tau2 = 0.0, jitter = 0.0;
};

std::size_t pair_index(Index i, Index j) {
  return static_cast<std::size_t>(i) * static_cast<std::size_t>(i - 1) / 2 +
         static_cast<std::size_t>(j);
}

// Log restricted likelihood at theta = (log l, log s2, log nugget). False
// when the covariance cannot be factored even with the largest jitter.
// O(n^3 / 3) for the factor plus O(n^2 d) for the kernel.
bool evaluate(const Problem& pr, const VectorXd& theta, Evaluation& e) {
  const Index n = pr.n, d = pr.d, p = pr.p;
  e.inv_l2.resize(d);
  for (Index k = 0; k < d; ++k) e.inv_l2[k] = std::exp(-2.0 * theta[k]);
  e.s2 = std::exp(theta[d]);
  e.tau2 = std::exp(theta[d + 1]);
  const double total = e.s2 + e.tau2;

  e.kp.assign(pr.pairs, 0.0);
  for (Index k = 0; k < d; ++k) {
    const double w = e.inv_l2[k];
    const std::vector<double>& s = pr.sq[static_cast<std::size_t>(k)];
    for (std::size_t q = 0; q < pr.pairs; ++q) e.kp[q] += s[q] * w;
  }
  for (double& v : e.kp) v = e.s2 * std::exp(-0.5 * v);

  MatrixXd k(n, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < i; ++j) k(i, j) = k(j, i) = e.kp[pair_index(i, j)];
    k(i, i) = total;
  }
  Eigen::LLT<MatrixXd> llt;
  e.jitter = 0.0;
  for (;;) {
    llt.compute(k);
    if (llt.info() == Eigen::Success) break;
    const double next = e.jitter == 0.0 ? kFirstJitter * total : 10.0 * e.jitter;
    if (next > kMaxJitter * total) return false;
    k.diagonal().array() += next - e.jitter;
    e.jitter = next;
  }
  e.chol = llt.matrixL();
  const auto lower = e.chol.triangularView<Eigen::Lower>();
  const double log_det_k = 2.0 * e.chol.diagonal().array().log().sum();

  e.q = pr.h;
  lower.solveInPlace(e.q);
  MatrixXd a(p, p);
  for (Index r = 0; r < p; ++r)
    for (Index c = 0; c <= r; ++c) a(r, c) = a(c, r) = e.q.col(r).dot(e.q.col(c));
  const Eigen::LLT<MatrixXd> llt_a(a);
  if (llt_a.info() != Eigen::Success) return false;
  e.chol_a = llt_a.matrixL();
  const double log_det_a = 2.0 * e.chol_a.diagonal().array().log().sum();

  VectorXd z = pr.y;
  lower.solveInPlace(z);
  VectorXd c(p);
  for (Index r = 0; r < p; ++r) c[r] = e.q.col(r).dot(z);
  e.beta = llt_a.solve(c);
  const VectorXd resid = z - e.q * e.beta;  // L^-1 (y - H beta)
  e.lml = -0.5 * resid.squaredNorm() - 0.5 * log_det_k - 0.5 * log_det_a -
          0.5 * static_cast<double>(n - p) * std::log(2.0 * std::numbers::pi);
  e.alpha = llt.matrixU().solve(resid);
  return std::isfinite(e.lml);
}

// The gradient at an evaluated point (Rasmussen and Williams eq. 5.9 with
// K^-1 replaced by P = K^-1 - K^-1 H A^-1 H' K^-1, A = H' K^-1 H):
// dL/dtheta = 1/2 tr((alpha alpha' - P) dK/dtheta). O(n^3) for K^-1, about
// six times the factor, so it is computed only at accepted points.
void add_gradient(const Problem& pr, Evaluation& e) {
  const Index n = pr.n, d = pr.d;
  const MatrixXd& l = e.chol;
  const auto lower = l.triangularView<Eigen::Lower>();
  const auto upper = l.transpose().triangularView<Eigen::Upper>();
  MatrixXd pm = MatrixXd::Identity(n, n);
  lower.solveInPlace(pm);
  upper.solveInPlace(pm);
  // P = K^-1 - E E' with E = L^-T Q LA^-T; lower triangle only.
  MatrixXd et = e.q.transpose();  // p x n, becomes LA^-1 Q'
  e.chol_a.triangularView<Eigen::Lower>().solveInPlace(et);
  MatrixXd em = et.transpose();
  upper.solveInPlace(em);
  pm.selfadjointView<Eigen::Lower>().rankUpdate(em, -1.0);

  // Both triangles of the symmetric sum counted through the pairs i > j.
  std::vector<double> wp(pr.pairs);
  double pair_sum = 0.0;
  for (Index i = 1; i < n; ++i) {
    for (Index j = 0; j < i; ++j) {
      const std::size_t q = pair_index(i, j);
      wp[q] = (e.alpha[i] * e.alpha[j] - pm(i, j)) * e.kp[q];
      pair_sum += wp[q];
    }
  }
  double diag_sum = 0.0;
  for (Index i = 0; i < n; ++i) diag_sum += e.alpha[i] * e.alpha[i] - pm(i, i);
  e.grad.resize(d + 2);
  for (Index k = 0; k < d; ++k) {
    const std::vector<double>& s = pr.sq[static_cast<std::size_t>(k)];
    double g = 0.0;
    for (std::size_t q = 0; q < pr.pairs; ++q) g += wp[q] * s[q];
    e.grad[k] = g * e.inv_l2[k];
  }
  e.grad[d] = pair_sum + 0.5 * e.s2 * diag_sum;
  e.grad[d + 1] = 0.5 * e.tau2 * diag_sum;
  e.p_diag = pm.diagonal();
}

bool evaluate_with_gradient(const Problem& pr, const VectorXd& theta, Evaluation& e) {
  if (!evaluate(pr, theta, e)) return false;
  add_gradient(pr, e);
  return true;
}

VectorXd clamp(const VectorXd& theta, const VectorXd& lo, const VectorXd& hi) {
  return theta.cwiseMax(lo).cwiseMin(hi);
}

struct Optimum {
  VectorXd theta;
  double lml = -kInf;
};

// Projected BFGS on -lml within the box [lo, hi] (Nocedal and Wright 2006,
// ch. 6; coordinates pressed against a bound by the gradient are held
// there). Chosen over Nelder-Mead because the analytic gradient costs one
// O(n^3) inverse and convergence then takes ~20-30 iterations per start in
// 10 dimensions (measured at 500 x 8) where Nelder-Mead needs hundreds of
// evaluations. Backtracking (Armijo) line search; steps
// capped at 2 in log units (a factor of 7) so a poor Hessian guess cannot
// jump to an overflow.
Optimum maximise(const Problem& pr, const VectorXd& start, const VectorXd& lo, const VectorXd& hi) {
  constexpr int kMaxIterations = 100;
  constexpr double kGradientTolerance = 1e-4, kMaxStep = 2.0;
  const Index m = start.size();
  Optimum best{clamp(start, lo, hi), -kInf};
  Evaluation e;
  if (!evaluate_with_gradient(pr, best.theta, e)) return best;
  double value = -e.lml;
  VectorXd g = -e.grad;
  MatrixXd inv_h = MatrixXd::Identity(m, m);
  bool fresh = true;
  for (int it = 0; it < kMaxIterations; ++it) {
    const VectorXd& t = best.theta;
    std::vector<bool> held(static_cast<std::size_t>(m));
    double pg = 0.0;
    for (Index i = 0; i < m; ++i) {
      held[static_cast<std::size_t>(i)] =
          (t[i] <= lo[i] && g[i] > 0.0) || (t[i] >= hi[i] && g[i] < 0.0);
      if (!held[static_cast<std::size_t>(i)]) pg = std::max(pg, std::abs(g[i]));
    }
    if (pg < kGradientTolerance) break;
    // Quasi-Newton step in the free coordinates: -H_ff g_f, a descent
    // direction because H_ff is positive definite.
    VectorXd g_free = g;
    for (Index i = 0; i < m; ++i)
      if (held[static_cast<std::size_t>(i)]) g_free[i] = 0.0;
    VectorXd dir = -(inv_h * g_free);
    for (Index i = 0; i < m; ++i)
      if (held[static_cast<std::size_t>(i)]) dir[i] = 0.0;
    if (!(dir.dot(g_free) < 0.0)) {  // rounding broke the update: steepest descent
      inv_h.setIdentity();
      dir = -g_free;
    }
    const double longest = dir.cwiseAbs().maxCoeff();
    if (longest > kMaxStep) dir *= kMaxStep / longest;

    bool accepted = false;
    VectorXd trial;
    Evaluation te;
    double step = 1.0;
    for (int ls = 0; ls < 30 && !accepted; ++ls, step *= 0.5) {
      trial = clamp(t + step * dir, lo, hi);
      const VectorXd s = trial - t;
      if (s.cwiseAbs().maxCoeff() == 0.0) break;
      accepted = evaluate(pr, trial, te) && -te.lml <= value + 1e-4 * g.dot(s);
    }
    if (!accepted) {
      if (fresh) break;  // no progress even along the steepest descent
      inv_h.setIdentity();
      fresh = true;
      continue;
    }
    e = std::move(te);
    add_gradient(pr, e);
    const VectorXd s = trial - t;
    const VectorXd gn = -e.grad;
    const VectorXd yv = gn - g;
    const double sy = s.dot(yv);
    if (sy > 1e-10 * s.norm() * yv.norm()) {
      // Inverse BFGS update in rank-one form (no matrix-matrix product).
      if (fresh) inv_h *= sy / yv.squaredNorm();
      const double rho = 1.0 / sy;
      const VectorXd hy = inv_h * yv;
      inv_h -= rho * (s * hy.transpose() + hy * s.transpose());
      inv_h += (rho + rho * rho * yv.dot(hy)) * (s * s.transpose());
      fresh = false;
    }
    const double gain = value - (-e.lml);
    best.theta = trial;
    value = -e.lml;
    g = gn;
    // Converged when an iteration gains under 1e-6 relative with a small
    // gradient: a likelihood ratio of e^0.0003 at lml = 300, far below
    // anything that matters for the emulator.
    if (gain < 1e-6 * (1.0 + std::abs(value)) && pg < 0.1) break;
  }
  best.lml = -value;
  return best;
}

void require(bool ok, const char* message) {
  if (!ok) throw std::invalid_argument(std::string("GaussianProcess::fit: ") + message);
}

}  // namespace

GaussianProcess GaussianProcess::fit(const MatrixXd& x, const VectorXd& y) {
  const Index n = x.rows(), d = x.cols();
  require(n >= 2, "needs at least 2 points");
  require(d >= 1, "needs at least 1 input");
  require(y.size() == n, "X has one row per output");
  require(x.allFinite() && y.allFinite(), "inputs and outputs must be finite");

  GaussianProcess gp;
  gp.y_mean_ = y.mean();
  const double var = (y.array() - gp.y_mean_).square().sum() / static_cast<double>(n - 1);
  gp.y_sd_ = var > 0.0 ? std::sqrt(var) : 1.0;  // constant outputs: nothing to scale
  gp.center_ = x.colwise().mean().transpose();
  VectorXd range = (x.colwise().maxCoeff() - x.colwise().minCoeff()).transpose();

  Problem pr;
  pr.n = n;
  pr.d = d;
  pr.y = (y.array() - gp.y_mean_) / gp.y_sd_;
  // A linear mean needs its d + 1 coefficients identified and leaves as many
  // residual degrees of freedom as the kernel has hyperparameters.
  MatrixXd h_linear(n, d + 1);
  h_linear.col(0).setOnes();
  h_linear.rightCols(d) = x.rowwise() - gp.center_.transpose();
  gp.linear_mean_ =
      n >= 2 * (d + 2) && Eigen::ColPivHouseholderQR<MatrixXd>(h_linear).rank() == d + 1;
  pr.h = gp.linear_mean_ ? h_linear : MatrixXd::Ones(n, 1);
  pr.p = pr.h.cols();

  pr.pairs = static_cast<std::size_t>(n) * static_cast<std::size_t>(n - 1) / 2;
  pr.sq.assign(static_cast<std::size_t>(d), std::vector<double>(pr.pairs));
  for (Index k = 0; k < d; ++k)
    for (Index i = 1; i < n; ++i)
      for (Index j = 0; j < i; ++j) {
        const double diff = x(i, k) - x(j, k);
        pr.sq[static_cast<std::size_t>(k)][pair_index(i, j)] = diff * diff;
      }

  // Length scales from half the typical spacing of n points over the data's
  // range to ten times the range (flat across the data). Shorter ones cannot
  // be resolved by the design, and with few noisy runs the likelihood often
  // prefers them anyway, interpolating the noise (seen at 20-30 runs in 2-D
  // at a quarter of the spacing; half of it halved those cases).
  VectorXd lo(d + 2), hi(d + 2);
  const double spacing = std::pow(static_cast<double>(n), -1.0 / static_cast<double>(d));
  for (Index k = 0; k < d; ++k) {
    range[k] = std::max(range[k], 1e-6);
    lo[k] = std::log(0.5 * spacing * range[k]);
    hi[k] = std::log(10.0 * range[k]);
  }
  lo[d] = std::log(kMinSignal);
  hi[d] = std::log(kMaxSignal);
  lo[d + 1] = std::log(kMinNugget);
  hi[d + 1] = std::log(kMaxNugget);

  // Starts scaled by the variance the mean basis leaves (least squares).
  const VectorXd ols = pr.h.colPivHouseholderQr().solve(pr.y);
  const double dof = static_cast<double>(std::max<Index>(n - pr.p, 1));
  const double resid_var = std::max((pr.y - pr.h * ols).squaredNorm() / dof, 1e-4);
  struct Start {
    double length_factor, nugget_share;
  };
  // The likelihood often has several modes: a smooth signal with little
  // noise, a wiggly interpolant, and a flat one that calls most of the
  // variation noise. One start near each (length scales as a share of the
  // range, the nugget as a share of the residual variance) finds the best.
  // (A start at long length scales with a tiny nugget, near-singular,
  // reached the same optima in the tests and the benchmark at over twice
  // the cost of this third one.)
  constexpr Start kStarts[] = {{0.5, 1e-2}, {0.2, 0.1}, {1.0, 0.5}};
  Optimum best;
  for (const Start& s : kStarts) {
    VectorXd start(d + 2);
    for (Index k = 0; k < d; ++k) start[k] = std::log(s.length_factor * range[k]);
    start[d] = std::log(resid_var * (1.0 - s.nugget_share));
    start[d + 1] = std::log(resid_var * s.nugget_share);
    const Optimum o = maximise(pr, start, lo, hi);
    if (o.lml > best.lml) best = o;  // ties keep the earlier start
  }
  Evaluation e;
  if (best.theta.size() == 0 || !evaluate_with_gradient(pr, best.theta, e))
    throw std::invalid_argument(
        "GaussianProcess::fit: the covariance could not be factored (duplicate points?)");

  gp.length_scales_ = best.theta.head(d).array().exp();
  gp.signal_variance_ = std::exp(best.theta[d]);
  gp.nugget_ = std::exp(best.theta[d + 1]) + e.jitter;
  gp.log_likelihood_ = e.lml;
  gp.xs_ = x.array().rowwise() / gp.length_scales_.transpose().array();
  gp.chol_ = std::move(e.chol);
  gp.alpha_ = std::move(e.alpha);
  gp.basis_solved_ = std::move(e.q);
  gp.chol_a_ = std::move(e.chol_a);
  gp.beta_ = std::move(e.beta);
  const VectorXd loo_resid = gp.alpha_.array() / e.p_diag.array();
  gp.loo_mean_ = (pr.y - loo_resid).array() * gp.y_sd_ + gp.y_mean_;
  gp.loo_variance_ = e.p_diag.cwiseInverse() * (gp.y_sd_ * gp.y_sd_);
  return gp;
}

// Kriging predictor with the trend integrated out (O'Hagan 2006; Rasmussen
// and Williams eq. 2.42): for a point x with kernel vector k and basis h,
//   mean = h' beta + k' alpha,
//   var  = s2 - |L^-1 k|^2 + |LA^-1 (h - Q' L^-1 k)|^2.
// One triangular solve with the block's kernel vectors as right-hand sides
// (n^2 m flops) is the whole cost at n = 500.
void GaussianProcess::predict_block(const MatrixXd& points, Index first, Index count,
                                    GpBatchPrediction& out) const {
  const Index n = xs_.rows(), d = xs_.cols(), p = basis_solved_.cols();
  MatrixXd kc(n, count);
  for (Index j = 0; j < count; ++j) {
    auto col = kc.col(j);
    col.setZero();
    for (Index k = 0; k < d; ++k) {
      const double z = points(first + j, k) / length_scales_[k];
      col.array() += (xs_.col(k).array() - z).square();
    }
    col = signal_variance_ * (-0.5 * col.array()).exp();
  }
  const VectorXd mean = kc.transpose() * alpha_;
  chol_.triangularView<Eigen::Lower>().solveInPlace(kc);
  MatrixXd r(p, count);
  for (Index a = 0; a < p; ++a) {
    r.row(a) = -(kc.transpose() * basis_solved_.col(a)).transpose();
    if (a == 0)
      r.row(a).array() += 1.0;
    else
      r.row(a).array() +=
          points.col(a - 1).segment(first, count).transpose().array() - center_[a - 1];
  }
  chol_a_.triangularView<Eigen::Lower>().solveInPlace(r);
  const double scale2 = y_sd_ * y_sd_;
  for (Index j = 0; j < count; ++j) {
    double trend = beta_[0];
    for (Index a = 1; a < p; ++a) trend += beta_[a] * (points(first + j, a - 1) - center_[a - 1]);
    const double v = signal_variance_ - kc.col(j).squaredNorm() + r.col(j).squaredNorm();
    out.mean[first + j] = y_mean_ + y_sd_ * (trend + mean[j]);
    out.variance[first + j] = scale2 * std::max(v, 0.0);
  }
}

GpBatchPrediction GaussianProcess::predict_batch(const MatrixXd& points, int threads) const {
  if (points.cols() != xs_.cols())
    throw std::invalid_argument("GaussianProcess::predict: points have " +
                                std::to_string(points.cols()) + " columns, the emulator " +
                                std::to_string(xs_.cols()) + " inputs");
  // 256 points a block: a 500 x 256 kernel block (1 MB) stays in cache-sized
  // pieces for the solve, and 10^5 points give ~400 blocks to share.
  constexpr Index kBlock = 256;
  GpBatchPrediction out;
  out.mean.resize(points.rows());
  out.variance.resize(points.rows());
  const Index blocks = (points.rows() + kBlock - 1) / kBlock;
  parallel_for(static_cast<std::size_t>(blocks), threads, [&](std::size_t b, int) {
    const Index first = static_cast<Index>(b) * kBlock;
    predict_block(points, first, std::min(kBlock, points.rows() - first), out);
  });
  return out;
}

GpPrediction GaussianProcess::predict(const VectorXd& x) const {
  const GpBatchPrediction b = predict_batch(x.transpose(), 1);
  return {b.mean[0], b.variance[0]};
}

}  // namespace loom
