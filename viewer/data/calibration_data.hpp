#pragma once
// A calibration file (`loom calibrate`, docs/calibration.md; its layout is at
// the top of sim/experiments/posterior_file.hpp) as the Calibration tab shows
// it: each parameter's prior and posterior as densities over the prior's
// range, the posterior's points for a pair of parameters with their weights,
// each target's observed value against the posterior predictive, and for
// history matching the share of the space left after each wave. GL-free and
// tested (tests/viewer/data/calibration_data_test.cpp); the tab only draws.
//
// "Posterior" is CalibrationRecord::posterior(), the last complete
// generation: ABC-SMC's weighted particles, or history matching's check
// runs in what was not ruled out (equal weights; a region, not a
// distribution, which the tab says in words).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/experiments/posterior_file.hpp"

namespace loom::viewer {

// True when the file is HDF5 with a /calibration group of format
// loom-calibration-1 (never throws).
bool is_calibration_file(const std::filesystem::path& path);

// One parameter: its prior and the posterior, both as densities per unit of
// the parameter over the prior's range [min, max], so their areas are 1 and
// one can be drawn over the other.
struct ParameterFit {
  std::string key;    // "trust.honest_report_safety"
  std::string label;  // the parameter table's plain label, or the key
  std::string unit;   // "" when the model does not say
  CalibrationPrior prior;
  // The prior's density at the midpoints of kPriorGridCells equal cells
  // (midpoints, so a beta prior with a or b below 1 stays finite).
  std::vector<double> grid, prior_density;
  // The posterior's weighted histogram: edges.size() == density.size() + 1,
  // edges span [min, max]; density = bin weight / (total weight x width).
  std::vector<double> edges, posterior_density;
  PosteriorSummary posterior;  // weighted mean, sd, 5%, 50%, 95%
  double prior_q05 = 0.0, prior_q95 = 0.0;
};

inline constexpr std::size_t kPriorGridCells = 120;

// The number of histogram bins over [min, max]: the Rice rule's 2 n^(1/3)
// bins across the posterior's 90% range (n = the effective sample size,
// 1 / sum w^2 of normalised weights), so a posterior that narrowed gets
// finer bins, not one tall bar; at least 8 and at most 80 over the whole
// range (beyond 80 a bar is a pixel or two wide in a small plot).
std::size_t posterior_bins(double ess, double q05, double q95, double min, double max);

// The posterior's points of two parameters with their weights (normalised
// to sum 1) and each weight relative to an equal share (weight x points: 1
// for every point of history matching's equal weights), for dot size.
struct PairPoints {
  std::vector<double> x, y, weight, relative;
};

// One target against the posterior predictive: the weighted mean and 5-95%
// range of the particles' simulated means (the particles whose value is
// defined; `particles` counts them).
struct TargetFit {
  std::string name;   // "outcome_mean@year5"
  std::string label;  // plain words: "Mean student result, year 5 (effect over the baseline)"
  std::string unit;
  std::string source;
  bool minus_baseline = false;
  double observed = 0.0, sd = 1.0;
  double mean = 0.0, q05 = 0.0, q95 = 0.0;
  std::size_t particles = 0;
  // How far the predictive mean is from the observation, in sds.
  double sds_off() const { return (mean - observed) / sd; }
};

class CalibrationModel {
 public:
  // Throws ResultsError (results_file.hpp) with a message for the user.
  explicit CalibrationModel(const std::filesystem::path& path);

  const CalibrationRecord& record() const { return record_; }
  bool history_matching() const { return record_.method == "history-matching"; }
  // The last complete generation, or nullptr (an unfinished calibration
  // whose first generation is still running, or no region left).
  const AbcGeneration* posterior() const { return record_.posterior(); }
  const std::vector<ParameterFit>& parameters() const { return parameters_; }
  const std::vector<TargetFit>& targets() const { return targets_; }
  // Parameters i and j of the posterior (empty without one).
  PairPoints pair(std::size_t i, std::size_t j) const;
  // History matching: the points each wave ran (the designs the emulators
  // were trained on), parameters i and j; empty for ABC-SMC.
  PairPoints design_points(std::size_t i, std::size_t j) const;

  // A sentence for the tab, after the file's name: which method made the
  // file and what its posterior is ("fitted by ABC-SMC ...: 200 settings
  // kept from 102,136 model runs, ..."); for history matching with
  // waves_line().
  std::string method_line() const;
  // History matching: "100% -> 36% -> 33% -> 31%" (the share of the prior
  // space not ruled out, before the first wave and after each); "" otherwise.
  std::string waves_line() const;

 private:
  CalibrationRecord record_;
  std::vector<ParameterFit> parameters_;
  std::vector<TargetFit> targets_;
};

}  // namespace loom::viewer
