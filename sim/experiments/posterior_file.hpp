#pragma once
// The file `loom calibrate` writes (docs/calibration.md), in the tidy-table
// conventions of sweep files: every table is one row per record, so pandas
// and R join them on `generation` and `particle` without parsing TOML.
//
//   /calibration                 attributes: format "loom-calibration-1", method,
//                                model, base, baseline, seed, replicates, particles, runs,
//                                stop_reason, posterior_generation, complete
//   /calibration/spec            the spec file's text; base_resolved: the base scenario
//   /calibration/priors          parameter, distribution, min, max, a, b
//   /calibration/targets         target, value, sd, source, minus_baseline (1: an effect)
//   /calibration/generations     generation, tolerance, proposals, proposals_needed,
//                                accepted, acceptance_rate, ess, complete
//   /calibration/particles       generation, particle, proposal, one column per
//                                parameter, weight, distance, one "sim:<target>"
//                                column per target (the particle's simulated mean)
//   /calibration/posterior       parameter, mean, sd, q05, q50, q95, prior_min, prior_max
//                                (the last complete generation, weighted)
//
// History matching stores each wave's design as a generation (complete = 0;
// its particles add "u:<parameter>" and "var:<target>" columns: the design's
// point in the unit cube and the variance of each simulated mean), and then
// the check runs at points of the final non-implausible region as the last,
// complete generation (equal weights; distance as ABC-SMC's). Two tables:
//   /calibration/waves           wave, runs, design_pool, training_points,
//                                nroy_candidates, nroy_fraction
//   /calibration/emulators       wave, target, training_points, nugget,
//                                mean_noise_variance, loo_within_3, loo_rmse
//
// The same layout is the checkpoint a killed calibration resumes from
// (complete = 0, fewer generations).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/experiments/abc_smc.hpp"

namespace loom {

// History matching: one row per wave, and per wave and target its emulator.
struct WaveRecord {
  std::int64_t wave = 0, runs = 0, design_pool = 0, training_points = 0, nroy_candidates = 0;
  double nroy_fraction = 1.0;
};
struct EmulatorRecord {
  std::int64_t wave = 0;
  std::string target;
  std::int64_t training_points = 0;
  double nugget = 0.0, mean_noise_variance = 0.0, loo_within_3 = 0.0, loo_rmse = 0.0;
};

struct CalibrationRecord {
  std::string method, model, base, baseline, spec_text, base_resolved;
  std::uint64_t seed = 0;
  std::uint64_t spec_hash = 0;  // FNV-1a of spec text + base_resolved: what a resume checks
  std::int64_t replicates = 0, particles = 0;
  std::uint64_t runs = 0;   // model runs in all
  std::string stop_reason;  // why the last generation was the last ("" while running)
  bool complete = false;
  std::vector<CalibrationPrior> priors;
  std::vector<CalibrationTarget> targets;
  std::vector<AbcGeneration> generations;
  double cutoff = 0.0;  // history matching
  std::vector<WaveRecord> waves;
  std::vector<EmulatorRecord> emulators;

  // The population the posterior is read from: the last complete one
  // (nullptr when none is).
  const AbcGeneration* posterior() const;
  std::vector<PosteriorSummary> posterior_summaries() const;
  // Per target, the posterior predictive: the weighted mean and 5-95% of the
  // posterior particles' simulated means, over those that have one (NaN
  // summary when none), with how many did.
  struct TargetPrediction {
    PosteriorSummary summary;
    std::size_t particles = 0;
  };
  std::vector<TargetPrediction> target_predictions() const;
};

void write_calibration_file(const std::filesystem::path& path, const CalibrationRecord& record,
                            const std::string& command_line);
// Throws Hdf5Error for a file that is not a calibration file.
CalibrationRecord read_calibration_file(const std::filesystem::path& path);

}  // namespace loom
