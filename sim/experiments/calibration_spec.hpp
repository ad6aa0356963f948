#pragma once
// Calibration specifications: what `loom calibrate SPEC.toml` reads
// (docs/calibration.md).
//
//   [calibrate]
//   base = "../shared-leadership.toml"   # or: model = "gaussian"
//   method = "abc-smc"                   # abc-smc | history-matching
//   particles = 200                      # abc-smc: population size
//   replicates = 4                       # runs per particle; targets compare their mean
//   generations = 8                      # abc-smc: populations after the prior sample
//   min_acceptance = 0.02                # abc-smc: stop below this acceptance rate
//   seed = 1
//   baseline = "../business-as-usual.toml"  # optional: the counterfactual
//
//   [priors]
//   "capacity.initial_capacity" = { min = 2.5, max = 7.5 }                 # uniform
//   "trust.honest_report_safety" = { distribution = "beta", a = 2, b = 2, min = 0.3, max = 0.9 }
//
//   [targets]
//   "teacher_turnover_rate" = { value = 0.16, sd = 0.01, source = "NCES 2008" }  # a summary field
//   "outcome_mean@year3" = { value = 0.05, sd = 0.03, source = "..." }           # a metric at a
//   time
//
// As for sweeps, reading is in two steps: parse_calibration_spec checks the
// file's own shape, resolve_calibration checks priors and targets against
// the model (keys, ranges, output names). Every error names the file and
// line, the key and what is allowed (ScenarioError), before anything runs.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sim/input/parameter.hpp"
#include "sim/input/scenario.hpp"
#include "sim/run/ensemble.hpp"

namespace loom {

enum class PriorShape { kUniform, kBeta };

// A prior on [min, max]: uniform, or a beta(a, b) stretched onto it.
struct CalibrationPrior {
  std::string key;    // "section.key"
  std::string where;  // "spec.toml:12"
  PriorShape shape = PriorShape::kUniform;
  double min = 0.0, max = 1.0;
  double a = 1.0, b = 1.0;              // beta only
  const ParameterInfo* info = nullptr;  // set by resolve_calibration

  // Density on [min, max] (0 outside), and the value at cumulative
  // probability u (how a prior draw is made from one uniform number).
  double density(double x) const;
  double quantile(double u) const;
  const char* shape_name() const { return shape == PriorShape::kBeta ? "beta" : "uniform"; }
};

// An observed pattern: a summary field, or a time-series metric at the end
// of a year ("outcome_mean@year3") or at a time step ("x@week40").
struct CalibrationTarget {
  std::string name;  // as written
  std::string where;
  double value = 0.0;
  double sd = 1.0;  // scales the distance; the observation's uncertainty
  std::string source;
  // Compared as the base scenario minus the baseline (the counterfactual),
  // paired by replicate: an effect, as published effect sizes are.
  bool minus_baseline = false;
  // Set by resolve_calibration:
  bool is_metric = false;
  std::size_t column = 0;  // summary field or metric index
  std::size_t step = 0;    // metric: the time step read (0-based)

  // The target's value in one run (NaN when the run has none).
  double value_in(const RunOutput& run, const OutputLayout& layout) const;
};

struct CalibrationSpec {
  std::filesystem::path path;
  std::string text;
  std::string base;  // as written ("" when `model` is given)
  std::filesystem::path base_path;
  std::string base_where;
  std::string model;
  std::string baseline;  // as written; "" = none
  std::filesystem::path baseline_path;
  std::string baseline_where;
  std::string method = "abc-smc";
  std::string method_where;
  std::int64_t particles = 200;
  std::int64_t replicates = 4;
  std::int64_t generations = 8;
  double min_acceptance = 0.02;
  double tolerance_quantile = 0.5;  // next tolerance: this quantile of the last distances
  std::uint64_t seed = 1;
  // history-matching
  std::int64_t waves = 4;
  std::int64_t points_per_wave = 80;
  double cutoff = 3.0;
  std::int64_t candidates = 20000;
  std::vector<CalibrationPrior> priors;    // file order
  std::vector<CalibrationTarget> targets;  // file order
};

// The priors' "section.key"s, in order (what a parameter vector holds).
std::vector<std::string> prior_keys(const std::vector<CalibrationPrior>& priors);

CalibrationSpec load_calibration_spec(const std::filesystem::path& path);
CalibrationSpec parse_calibration_spec(const std::string& text, const std::string& source_name);

// Checks priors against the model's parameters (unknown key with the
// nearest one, a parameter that is not a real number, a prior range outside
// the parameter's allowed range, a parameter listed twice) and targets
// against its outputs (an unknown field with the nearest one, a year or
// step past the run's end). Throws ScenarioError.
void resolve_calibration(CalibrationSpec& spec, std::span<ParameterSection* const> sections,
                         const OutputLayout& layout);

}  // namespace loom
