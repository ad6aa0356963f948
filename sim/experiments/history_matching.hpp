#pragma once
// Calibration by history matching (Craig et al. 1997; Vernon et al. 2010,
// "Galaxy formation: a Bayesian uncertainty analysis"; Andrianakis et al.
// 2015, "Bayesian history matching of complex infectious disease models").
//
// Instead of searching for the best parameters, history matching rules out
// the parameters that cannot reproduce the observations, in waves. Each wave
// runs the simulator at a design of points in what is still "not ruled out
// yet" (NROY), fits one Gaussian-process emulator per target
// (sim/experiments/gaussian_process.hpp), and rules out every point x whose
// implausibility
//   I(x) = max_k |z_k - E[f_k(x)]| / sqrt(Var_em,k(x) + sd_k^2 + nugget_k)
// reaches the cut-off (3: Pukelsheim's three-sigma rule, at least 95% of any
// unimodal distribution lies within 3 sd of its mean). A point stays NROY
// only if it passes the emulators of every wave so far, so the region
// shrinks wave by wave while the emulators, refitted on runs inside it,
// grow more accurate there.
//
// The three variances: the emulator's uncertainty about the simulator's
// expected output at x (without its noise), the observation's uncertainty
// sd_k (give it with any model discrepancy folded in), and the simulator's
// noise at the scale it was run: the variance of a replicate mean. For the
// last, the larger of two estimates: the emulator's nugget (it exists at
// every x, and absorbs what the kernel cannot fit) and the mean variance the
// simulator reported for the training runs (unbiased where the nugget is
// not: with few runs the likelihood often prefers short length scales that
// fit part of the noise, shrinking the nugget). The larger one rules out
// less, which is the safe side: a point wrongly kept costs a run in the
// next wave, a point wrongly ruled out is lost for good. If the observation
// is a single realisation of a stochastic system, the variance of a single
// run belongs in sd_k (sd_k^2 = observation variance + run variance).
//
// Cost per wave: the simulator's points_per_wave runs, one GP fit per target
// on at most waves * points_per_wave runs, and predictions at up to 2 x
// `candidates` points per earlier wave and target (O(n^2) each).
// Deterministic: the same arguments give the same bits on any thread count
// (random draws from loom::RandomStream keyed by the seed, the wave and a
// purpose; fits and predictions as in gaussian_process.hpp).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/experiments/gaussian_process.hpp"

namespace loom {

struct HistoryTarget {
  std::string name;
  double value = 0.0;  // the observation z
  double sd = 1.0;     // its uncertainty (> 0)
};

struct HistoryMatchingSettings {
  std::size_t waves = 4;
  std::size_t points_per_wave = 80;  // simulator runs per wave (design points)
  double cutoff = 3.0;               // implausibility cut-off (Pukelsheim's 3-sigma rule)
  std::size_t candidates = 20000;    // points used to find and measure the NROY space
  std::uint64_t seed = 1;
  int threads = 0;  // for fits and predictions (0 = all cores); results do not depend on it
};

// Simulates a batch of points in the unit cube; returns for every point one
// value per target (NaN = the target is undefined for that point), and for
// every point and target the variance of that value due to the simulator's
// own noise (the variance of the replicate mean; 0 for a deterministic
// simulator; NaN where the value is NaN).
struct SimulatedBatch {
  std::vector<std::vector<double>> means, noise_variance;
};
using BatchSimulator = std::function<SimulatedBatch(
    const std::vector<std::vector<double>>& unit_points, std::size_t wave)>;

// One target's emulator in one wave, and how far to trust it.
struct TargetEmulator {
  // Empty when the target was finite at fewer than 2 training runs: it then
  // rules out nothing this wave.
  std::optional<GaussianProcess> gp;
  std::size_t training_points = 0;  // runs with a finite value it was fitted to
  // Mean over those runs of the variance the simulator reported. The
  // implausibility uses max(this, gp->nugget()); a nugget much larger than
  // this means the kernel misfits, much smaller that it fits noise.
  double mean_noise_variance = 0.0;
  // Leave-one-out check at the fitted hyperparameters: the share of the
  // standardised errors (y_i - loo mean) / loo sd within +-3 (about 0.99 or
  // more when the emulator's uncertainty is honest; well below 0.95 means it
  // is overconfident and rules out too much), and their root mean square in
  // output units (to compare with the target's sd).
  double loo_within_3 = 1.0;
  double loo_rmse = 0.0;
};

struct HistoryWave {
  std::vector<std::vector<double>> design;  // unit-cube points run this wave
  SimulatedBatch simulated;
  std::vector<double> max_implausibility;  // per design point, under this wave's emulators
  double nroy_fraction = 1.0;       // share of the whole space still not ruled out after this wave
  std::size_t nroy_candidates = 0;  // of `candidates`: the measuring sample's points still NROY
  // Points of this wave's candidate Latin hypercube that passed the earlier
  // waves, from which the design was picked (wave 1: 0, the design is the
  // hypercube itself).
  std::size_t design_pool = 0;
  std::size_t training_points =
      0;  // runs (this and earlier waves) inside the NROY it was fitted in
  std::vector<TargetEmulator> emulators;  // one per target, in order
};

struct HistoryMatchingResult {
  std::size_t dims = 0;
  std::vector<HistoryTarget> targets;
  double cutoff = 3.0;
  std::vector<HistoryWave> waves;
  // The measuring sample's points still NROY after the last wave: a uniform
  // sample of the NROY space (rejection sampling).
  std::vector<std::vector<double>> nroy_points;
  bool stopped_early = false;
  std::string stop_reason;  // why, when stopped early
};

// Runs up to s.waves waves. Wave 1's design is a Latin hypercube over
// [0, 1]^dims; each later wave draws a Latin hypercube of s.candidates points
// (seeded by (s.seed, wave)), keeps those that pass every earlier wave, and
// picks s.points_per_wave of them by greedy maximin distance from each other
// and from the earlier runs still inside (space-filling; it favours the
// region's edges, where the next emulators decide most). Fewer than 2
// survivors stop the waves early (stopped_early, stop_reason). Each wave's
// emulators are fitted to every run so far that is still NROY; a target is
// emulated where it is finite (at >= 2 runs). The NROY share is measured on
// one uniform sample of s.candidates points, the same every wave.
// Throws std::invalid_argument for dims 0, no targets, a target with a
// non-finite value or sd <= 0, fewer than 2 points per wave or candidates,
// no waves, a cut-off <= 0, or a batch of the wrong shape.
HistoryMatchingResult history_match(std::size_t dims, const std::vector<HistoryTarget>& targets,
                                    const HistoryMatchingSettings& s,
                                    const BatchSimulator& simulate);

// Implausibility of arbitrary unit-cube points under a finished result: the
// maximum over targets of one wave's emulators (0 where the wave emulated
// none), and the maximum over every wave. A point is NROY when the latter is
// below r.cutoff.
std::vector<double> wave_implausibility(const HistoryMatchingResult& r, std::size_t wave,
                                        const std::vector<std::vector<double>>& unit_points,
                                        int threads = 0);
std::vector<double> max_implausibility(const HistoryMatchingResult& r,
                                       const std::vector<std::vector<double>>& unit_points,
                                       int threads = 0);

}  // namespace loom
