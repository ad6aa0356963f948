#pragma once
// A sweep file (`loom sweep`, docs/analysis.md) as the viewer shows it:
// each factor's values, each summary field's point means, and the
// sensitivity indices of a field, computed on the fly with the engine's
// estimators (sim/experiments/sweep_analysis.hpp; the same numbers `loom analyze`
// prints, since the bootstrap is seeded identically). GL-free and tested.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/experiments/sweep_analysis.hpp"

namespace loom::viewer {

// True when the file is HDF5 with a /sweep group (never throws).
bool is_sweep_file(const std::filesystem::path& path);

// One series of bars in the sensitivity chart: a value per factor and,
// where the method gives one, a 95% interval half-width (NaN otherwise).
struct BarSeries {
  std::string name;     // "S1 (first order)", "mu*", ...
  std::string tooltip;  // what it means, in plain words
  std::vector<double> value, half_width;
};
std::vector<BarSeries> bar_series(const SensitivityResult& result);

// Which summary field the Sensitivity tab opens on: `preferred` (--field,
// or the field chosen last) when the sweep has it, else the first outcome
// field (outcome_mean, then any outcome_*), else the first field. Index
// into `fields`, which must not be empty.
std::size_t initial_field(const std::vector<std::string>& fields, const std::string& preferred);

class SweepModel {
 public:
  // Throws ResultsError (results_file.hpp) with a message for the user.
  explicit SweepModel(const std::filesystem::path& path);

  const SweepFile& file() const { return file_; }
  const std::vector<FactorColumn>& factors() const { return factors_; }

  // The mean of `field` at each point (cached); throws ResultsError.
  const std::vector<double>& means(const std::string& field);
  // Indices of `field` by the design's default method (cached). On
  // failure (a field that does not vary, ...) returns nullptr and sets
  // `error`; the failure is cached too.
  const SensitivityResult* indices(const std::string& field, std::string* error);

 private:
  SweepFile file_;
  std::vector<FactorColumn> factors_;
  std::map<std::string, std::vector<double>> means_;
  std::map<std::string, SensitivityResult> indices_;
  std::map<std::string, std::string> errors_;
};

}  // namespace loom::viewer
