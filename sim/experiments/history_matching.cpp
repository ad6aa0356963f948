#include "sim/experiments/history_matching.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/core/parallel_for.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/experiments/experiment_design.hpp"

namespace loom {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using Points = std::vector<std::vector<double>>;

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("history_match: " + message);
}

MatrixXd to_matrix(const Points& points, std::size_t dims) {
  MatrixXd m(static_cast<Index>(points.size()), static_cast<Index>(dims));
  for (std::size_t r = 0; r < points.size(); ++r) {
    require(points[r].size() == dims, "point " + std::to_string(r) + " has " +
                                          std::to_string(points[r].size()) + " coordinates, not " +
                                          std::to_string(dims));
    for (std::size_t c = 0; c < dims; ++c)
      m(static_cast<Index>(r), static_cast<Index>(c)) = points[r][c];
  }
  return m;
}

Points to_points(const MatrixXd& m) {
  Points p(static_cast<std::size_t>(m.rows()),
           std::vector<double>(static_cast<std::size_t>(m.cols())));
  for (Index r = 0; r < m.rows(); ++r)
    for (Index c = 0; c < m.cols(); ++c)
      p[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = m(r, c);
  return p;
}

MatrixXd rows_of(const MatrixXd& m, const std::vector<Index>& rows) {
  MatrixXd out(static_cast<Index>(rows.size()), m.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Index>(i)) = m.row(rows[i]);
  return out;
}

// Wave w's Latin hypercube: lhs_design under a seed drawn from the stream
// (seed, entity = w, kHistoryMatchingPurpose), so waves differ and each is a
// pure function of (seed, wave).
MatrixXd wave_hypercube(std::size_t n, std::size_t dims, std::uint64_t seed, std::size_t wave) {
  StreamKey key;
  key.seed = seed;
  key.entity = static_cast<std::uint32_t>(wave);
  key.purpose = static_cast<Purpose>(kHistoryMatchingPurpose);
  const DesignMatrix d = lhs_design(n, dims, RandomStream(key).next_u64());
  MatrixXd m(static_cast<Index>(n), static_cast<Index>(dims));
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < dims; ++c)
      m(static_cast<Index>(r), static_cast<Index>(c)) = d.at(r, c);
  return m;
}

// The measuring sample: independent uniform points (so the NROY share is an
// unbiased estimate with binomial error sqrt(p (1 - p) / n)).
MatrixXd uniform_sample(std::size_t n, std::size_t dims, std::uint64_t seed) {
  StreamKey key;
  key.seed = seed;
  key.purpose = static_cast<Purpose>(kNroySamplePurpose);
  RandomStream stream(key);
  MatrixXd m(static_cast<Index>(n), static_cast<Index>(dims));
  for (Index r = 0; r < m.rows(); ++r)
    for (Index c = 0; c < m.cols(); ++c) m(r, c) = stream.uniform();
  return m;
}

// The simulator's noise variance in the implausibility (header): the larger
// of the emulator's nugget and the mean variance the simulator reported.
double simulator_noise(const TargetEmulator& em) {
  return std::max(em.gp->nugget(), em.mean_noise_variance);
}

// Max over the wave's emulated targets of |z - mean| / sqrt(var + sd^2 + noise).
VectorXd implausibility(const HistoryWave& wave, const std::vector<HistoryTarget>& targets,
                        const MatrixXd& points, int threads) {
  VectorXd worst = VectorXd::Zero(points.rows());
  if (points.rows() == 0) return worst;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const TargetEmulator& em = wave.emulators[k];
    if (!em.gp) continue;
    const GpBatchPrediction pred = em.gp->predict_batch(points, threads);
    const double fixed = targets[k].sd * targets[k].sd + simulator_noise(em);
    for (Index i = 0; i < points.rows(); ++i) {
      const double imp =
          std::abs(targets[k].value - pred.mean[i]) / std::sqrt(pred.variance[i] + fixed);
      worst[i] = std::max(worst[i], imp);
    }
  }
  return worst;
}

// The rows of `rows` (into `points`) still below the cut-off under `wave`.
std::vector<Index> survivors(const HistoryWave& wave, const std::vector<HistoryTarget>& targets,
                             double cutoff, const MatrixXd& points, const std::vector<Index>& rows,
                             int threads) {
  const VectorXd imp = implausibility(wave, targets, rows_of(points, rows), threads);
  std::vector<Index> kept;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (imp[static_cast<Index>(i)] < cutoff) kept.push_back(rows[i]);
  return kept;
}

// Greedy maximin (Johnson et al. 1990): repeatedly take the pool point
// farthest from everything chosen or run before. O(pool x (count + existing)
// x dims). With nothing run before, it starts at the point nearest the pool's
// centroid. Ties go to the lower index, so the choice is deterministic.
std::vector<Index> greedy_maximin(const MatrixXd& pool, std::size_t count,
                                  const MatrixXd& existing) {
  const Index q = pool.rows();
  VectorXd nearest = VectorXd::Constant(q, std::numeric_limits<double>::infinity());
  auto take = [&](const Eigen::RowVectorXd& x) {
    for (Index i = 0; i < q; ++i)
      nearest[i] = std::min(nearest[i], (pool.row(i) - x).squaredNorm());
  };
  for (Index e = 0; e < existing.rows(); ++e) take(existing.row(e));
  std::vector<Index> chosen;
  while (chosen.size() < count && static_cast<Index>(chosen.size()) < q) {
    Index best = 0;
    if (chosen.empty() && existing.rows() == 0) {
      const Eigen::RowVectorXd centroid = pool.colwise().mean();
      (pool.rowwise() - centroid).rowwise().squaredNorm().minCoeff(&best);
    } else {
      nearest.maxCoeff(&best);
    }
    chosen.push_back(best);
    take(pool.row(best));
  }
  return chosen;
}

void check_batch(const SimulatedBatch& b, std::size_t points, std::size_t targets) {
  require(b.means.size() == points && b.noise_variance.size() == points,
          "the simulator returned " + std::to_string(b.means.size()) + " means and " +
              std::to_string(b.noise_variance.size()) + " noise variances for " +
              std::to_string(points) + " points");
  for (std::size_t i = 0; i < points; ++i) {
    require(b.means[i].size() == targets && b.noise_variance[i].size() == targets,
            "the simulator's point " + std::to_string(i) + " does not have one value per target");
    for (std::size_t k = 0; k < targets; ++k)
      require(!(b.noise_variance[i][k] < 0.0) && !std::isinf(b.noise_variance[i][k]),
              "negative or infinite noise variance at point " + std::to_string(i));
  }
}

// Every run so far, and whether it is still NROY.
struct Runs {
  MatrixXd x;
  std::vector<std::vector<double>> means, noise;
  std::vector<char> inside;
  std::vector<Index> inside_rows() const {
    std::vector<Index> rows;
    for (std::size_t i = 0; i < inside.size(); ++i)
      if (inside[i]) rows.push_back(static_cast<Index>(i));
    return rows;
  }
};

TargetEmulator fit_target(const Runs& runs, const std::vector<Index>& rows, std::size_t k) {
  std::vector<Index> finite;
  for (const Index r : rows)
    if (std::isfinite(runs.means[static_cast<std::size_t>(r)][k])) finite.push_back(r);
  TargetEmulator em;
  em.training_points = finite.size();
  if (finite.size() < 2) return em;
  VectorXd y(static_cast<Index>(finite.size()));
  double noise = 0.0;
  std::size_t noise_count = 0;
  for (std::size_t i = 0; i < finite.size(); ++i) {
    const auto r = static_cast<std::size_t>(finite[i]);
    y[static_cast<Index>(i)] = runs.means[r][k];
    if (std::isfinite(runs.noise[r][k])) {
      noise += runs.noise[r][k];
      ++noise_count;
    }
  }
  em.mean_noise_variance = noise_count > 0 ? noise / static_cast<double>(noise_count) : 0.0;
  em.gp = GaussianProcess::fit(rows_of(runs.x, finite), y);
  const VectorXd err = y - em.gp->loo_mean();
  const VectorXd z = err.array() / em.gp->loo_variance().array().sqrt();
  em.loo_within_3 =
      static_cast<double>((z.array().abs() <= 3.0).count()) / static_cast<double>(y.size());
  em.loo_rmse = std::sqrt(err.squaredNorm() / static_cast<double>(y.size()));
  return em;
}

void check_settings(std::size_t dims, const std::vector<HistoryTarget>& targets,
                    const HistoryMatchingSettings& s, const BatchSimulator& simulate) {
  require(dims >= 1, "needs at least one dimension");
  require(!targets.empty(), "needs at least one target");
  for (const HistoryTarget& t : targets)
    require(std::isfinite(t.value) && std::isfinite(t.sd) && t.sd > 0.0,
            "target '" + t.name + "' needs a finite value and a finite sd > 0");
  require(s.waves >= 1, "needs at least one wave");
  require(s.points_per_wave >= 2, "needs at least 2 points per wave");
  require(s.candidates >= 2, "needs at least 2 candidates");
  require(std::isfinite(s.cutoff) && s.cutoff > 0.0, "the cut-off must be > 0");
  require(static_cast<bool>(simulate), "no simulator given");
}

}  // namespace

HistoryMatchingResult history_match(std::size_t dims, const std::vector<HistoryTarget>& targets,
                                    const HistoryMatchingSettings& s,
                                    const BatchSimulator& simulate) {
  check_settings(dims, targets, s, simulate);
  HistoryMatchingResult result;
  result.dims = dims;
  result.targets = targets;
  result.cutoff = s.cutoff;

  const MatrixXd sample = uniform_sample(s.candidates, dims, s.seed);
  std::vector<Index> sample_inside(s.candidates);
  for (std::size_t i = 0; i < s.candidates; ++i) sample_inside[i] = static_cast<Index>(i);
  Runs runs;
  runs.x.resize(0, static_cast<Index>(dims));

  for (std::size_t w = 0; w < s.waves; ++w) {
    HistoryWave wave;
    MatrixXd design;
    if (w == 0) {
      design = wave_hypercube(s.points_per_wave, dims, s.seed, w);
    } else {
      const MatrixXd pool = wave_hypercube(s.candidates, dims, s.seed, w);
      std::vector<Index> kept(s.candidates);
      for (std::size_t i = 0; i < s.candidates; ++i) kept[i] = static_cast<Index>(i);
      for (const HistoryWave& earlier : result.waves)
        kept = survivors(earlier, targets, s.cutoff, pool, kept, s.threads);
      wave.design_pool = kept.size();
      if (kept.size() < 2) {
        result.stopped_early = true;
        result.stop_reason = "stopped before wave " + std::to_string(w + 1) + ": " +
                             std::to_string(kept.size()) + " of " + std::to_string(s.candidates) +
                             " candidate points are not ruled out (at least 2 are needed)";
        break;
      }
      const MatrixXd nroy_pool = rows_of(pool, kept);
      design = rows_of(nroy_pool, greedy_maximin(nroy_pool, s.points_per_wave,
                                                 rows_of(runs.x, runs.inside_rows())));
    }
    wave.design = to_points(design);
    wave.simulated = simulate(wave.design, w);
    check_batch(wave.simulated, wave.design.size(), targets.size());

    const Index before = runs.x.rows();
    runs.x.conservativeResize(before + design.rows(), Eigen::NoChange);
    runs.x.bottomRows(design.rows()) = design;
    runs.means.insert(runs.means.end(), wave.simulated.means.begin(), wave.simulated.means.end());
    runs.noise.insert(runs.noise.end(), wave.simulated.noise_variance.begin(),
                      wave.simulated.noise_variance.end());
    runs.inside.resize(runs.means.size(), 1);

    const std::vector<Index> training = runs.inside_rows();
    wave.training_points = training.size();
    wave.emulators.resize(targets.size());
    parallel_for(targets.size(), s.threads,
                 [&](std::size_t k, int) { wave.emulators[k] = fit_target(runs, training, k); });

    const VectorXd design_imp = implausibility(wave, targets, design, s.threads);
    wave.max_implausibility.assign(design_imp.data(), design_imp.data() + design_imp.size());
    // Runs ruled out now no longer train later waves' emulators.
    const std::vector<Index> still =
        survivors(wave, targets, s.cutoff, runs.x, training, s.threads);
    std::fill(runs.inside.begin(), runs.inside.end(), 0);
    for (const Index r : still) runs.inside[static_cast<std::size_t>(r)] = 1;

    sample_inside = survivors(wave, targets, s.cutoff, sample, sample_inside, s.threads);
    wave.nroy_candidates = sample_inside.size();
    wave.nroy_fraction =
        static_cast<double>(sample_inside.size()) / static_cast<double>(s.candidates);
    result.waves.push_back(std::move(wave));
  }
  result.nroy_points = to_points(rows_of(sample, sample_inside));
  return result;
}

std::vector<double> wave_implausibility(const HistoryMatchingResult& r, std::size_t wave,
                                        const Points& unit_points, int threads) {
  if (wave >= r.waves.size())
    throw std::invalid_argument("wave_implausibility: wave " + std::to_string(wave) +
                                " of a result with " + std::to_string(r.waves.size()));
  const VectorXd imp =
      implausibility(r.waves[wave], r.targets, to_matrix(unit_points, r.dims), threads);
  return {imp.data(), imp.data() + imp.size()};
}

std::vector<double> max_implausibility(const HistoryMatchingResult& r, const Points& unit_points,
                                       int threads) {
  const MatrixXd points = to_matrix(unit_points, r.dims);
  VectorXd worst = VectorXd::Zero(points.rows());
  for (const HistoryWave& wave : r.waves)
    worst = worst.cwiseMax(implausibility(wave, r.targets, points, threads));
  return {worst.data(), worst.data() + worst.size()};
}

}  // namespace loom
