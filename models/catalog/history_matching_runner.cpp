// `loom calibrate` with method = "history-matching" (docs/calibration.md):
// waves of runs and Gaussian-process emulators (sim/experiments/history_matching.hpp)
// rule out the parameter settings that cannot reproduce the targets; check
// runs at points of what is left show what the model then does there.
//
// The unit cube the waves work in is the priors' probability scale: point u
// is the parameter vector (quantile_k(u_k)), so a uniform prior maps
// linearly and a beta prior puts more design points where it puts more
// belief, and "the share of space left" is a share of prior probability.
//
// Checkpoints: after every wave the runs so far are written to
// OUTPUT.checkpoint. --resume replays them: the waves are a pure function of
// the seed and the runs, so the same designs come back, their stored runs
// are used instead of new ones, and the finished file is the same.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/catalog/calibration_runner.hpp"
#include "sim/experiments/history_matching.hpp"

namespace loom {
namespace {

// Eigen sizes its blocked triangular solves from the CPU's caches, so the
// emulators' last bits could differ between a cluster's nodes (and MPI
// ranks must agree to build the same designs): fixed sizes make them a
// function of the data alone. Typical of current CPUs; speed barely moves.
void fix_eigen_blocking() {
  Eigen::setCpuCacheSizes(32 * 1024, 1024 * 1024, 8 * 1024 * 1024);
}

// Seeds of history matching's runs: another family than ABC-SMC's.
std::uint64_t run_seed(std::uint64_t seed, std::size_t wave, std::uint64_t point) {
  return abc_particle_seed(seed ^ 0x4849535430000000ULL, wave, point);
}

std::vector<double> theta_of(const std::vector<CalibrationPrior>& priors,
                             const std::vector<double>& unit) {
  std::vector<double> theta(priors.size());
  for (std::size_t k = 0; k < priors.size(); ++k) theta[k] = priors[k].quantile(unit[k]);
  return theta;
}

// Runs unit-cube points `units` as generation `index` (a wave, or the check
// runs after the last), each seeded by (seed, index, point): one equally
// weighted particle a point, with its simulated means and their noise.
std::vector<AbcParticle> run_points(const PreparedCalibration& c, const CalibrationOptions& options,
                                    const std::vector<std::vector<double>>& units,
                                    std::size_t index, const std::string& label,
                                    std::uint64_t* runs) {
  const CalibrationSpec& spec = c.spec;
  std::vector<std::vector<double>> thetas, variance;
  std::vector<std::uint64_t> seeds;
  for (std::size_t i = 0; i < units.size(); ++i) {
    thetas.push_back(theta_of(spec.priors, units[i]));
    seeds.push_back(run_seed(spec.seed, index, i));
  }
  const auto means = simulate_targets(c, thetas, seeds, options, label, runs, &variance);
  std::vector<AbcParticle> particles;
  for (std::size_t i = 0; i < units.size(); ++i) {
    AbcParticle p;
    p.proposal = i;
    p.theta = thetas[i];
    p.simulated = means[i];
    p.distance = abc_distance(p.simulated, spec.targets);
    p.weight = 1.0 / static_cast<double>(units.size());
    p.unit = units[i];
    p.noise_variance = variance[i];
    particles.push_back(std::move(p));
  }
  return particles;
}

}  // namespace

CalibrationRecord run_history_matching(const PreparedCalibration& c,
                                       const CalibrationOptions& options,
                                       CalibrationRecord record) {
  fix_eigen_blocking();
  const CalibrationSpec& spec = c.spec;
  const bool quiet = options.progress == ProgressObserver::Mode::kQuiet;
  // Runs of earlier waves found in the checkpoint, by wave.
  std::vector<AbcGeneration> stored = std::move(record.generations);
  record.generations.clear();
  record.cutoff = spec.cutoff;

  std::vector<HistoryTarget> targets;
  for (const auto& t : spec.targets) targets.push_back({t.name, t.value, t.sd});
  HistoryMatchingSettings settings;
  settings.waves = static_cast<std::size_t>(spec.waves);
  settings.points_per_wave = static_cast<std::size_t>(spec.points_per_wave);
  settings.cutoff = spec.cutoff;
  settings.candidates = static_cast<std::size_t>(spec.candidates);
  settings.seed = spec.seed;
  settings.threads = options.threads;

  const BatchSimulator simulate = [&](const std::vector<std::vector<double>>& units,
                                      std::size_t wave) {
    SimulatedBatch batch;
    AbcGeneration g;
    g.index = wave;
    g.tolerance = spec.cutoff;
    g.proposals = g.proposals_needed = units.size();
    const auto saved = std::find_if(stored.begin(), stored.end(),
                                    [&](const AbcGeneration& s) { return s.index == wave; });
    bool replayed = saved != stored.end() && saved->particles.size() == units.size();
    for (std::size_t i = 0; replayed && i < units.size(); ++i)
      replayed = saved->particles[i].unit == units[i];
    g.particles = replayed ? saved->particles
                           : run_points(c, options, units, wave, "wave " + std::to_string(wave + 1),
                                        &record.runs);
    for (const auto& p : g.particles) {
      batch.means.push_back(p.simulated);
      batch.noise_variance.push_back(p.noise_variance);
    }
    g.acceptance_rate = 1.0;
    g.ess = static_cast<double>(units.size());
    record.generations.push_back(std::move(g));
    if (!replayed) write_checkpoint(record, options);
    return batch;
  };
  const HistoryMatchingResult result =
      history_match(spec.priors.size(), targets, settings, simulate);

  for (std::size_t w = 0; w < result.waves.size(); ++w) {
    const HistoryWave& wave = result.waves[w];
    WaveRecord row;
    row.wave = static_cast<std::int64_t>(w + 1);
    row.runs =
        static_cast<std::int64_t>(wave.design.size() * static_cast<std::size_t>(spec.replicates));
    row.design_pool = static_cast<std::int64_t>(wave.design_pool);
    row.training_points = static_cast<std::int64_t>(wave.training_points);
    row.nroy_candidates = static_cast<std::int64_t>(wave.nroy_candidates);
    row.nroy_fraction = wave.nroy_fraction;
    record.waves.push_back(row);
    for (std::size_t k = 0; k < wave.emulators.size(); ++k) {
      const TargetEmulator& e = wave.emulators[k];
      record.emulators.push_back(
          {row.wave, spec.targets[k].name, static_cast<std::int64_t>(e.training_points),
           e.gp ? e.gp->nugget() : kMissing, e.mean_noise_variance, e.loo_within_3, e.loo_rmse});
    }
    if (!quiet)
      std::fprintf(stderr,
                   "wave %zu: %zu runs at %zu points; %.4g of the space left (%zu of %zu)\n", w + 1,
                   static_cast<std::size_t>(row.runs), wave.design.size(), wave.nroy_fraction,
                   wave.nroy_candidates, settings.candidates);
  }
  // Check runs: up to `particles` points spread through the final
  // non-implausible sample, simulated as the waves were. They show what the
  // model does where it is still plausible (a posterior predictive check),
  // and their parameters are what `loom compare --posterior` draws from.
  AbcGeneration check;
  check.index = result.waves.size();
  check.tolerance = spec.cutoff;
  const std::size_t pool = result.nroy_points.size();
  const std::size_t n = std::min<std::size_t>(pool, static_cast<std::size_t>(spec.particles));
  std::vector<std::vector<double>> units;
  for (std::size_t i = 0; i < n; ++i) units.push_back(result.nroy_points[i * pool / n]);
  if (n > 0)
    check.particles = run_points(c, options, units, check.index, "check runs", &record.runs);
  check.proposals = check.proposals_needed = n;
  check.acceptance_rate = result.waves.empty() ? 0.0 : result.waves.back().nroy_fraction;
  check.ess = static_cast<double>(n);
  check.complete = n >= 2;
  record.generations.push_back(std::move(check));
  record.stop_reason = result.stopped_early
                           ? result.stop_reason
                           : "all " + std::to_string(result.waves.size()) + " waves run";
  if (n < 2) record.stop_reason += "; fewer than 2 non-implausible points are left";
  record.complete = true;
  write_finished(record, options);
  return record;
}

}  // namespace loom
