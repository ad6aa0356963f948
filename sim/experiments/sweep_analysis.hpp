#pragma once
// Sensitivity analysis of a finished sweep file (`loom analyze`, and the
// viewer's sweep view): reads the layout `loom sweep` writes
// (docs/output.md, "Sweeps"), averages each design point's replicates and
// runs one estimator of sim/experiments/sensitivity.hpp over the point means.
//
//   /sweep            attributes format = "loom-sweep-1", design, samples,
//                     replicates, morris_levels (morris), complete = 1
//   /sweep/factor_names   factor keys in design column order
//   /sweep/points     point, <key> (natural value) ..., u:<key> ...
//   /sweep/runs       unit, point, replicate, <summary field> ...
//
// Results go to /sweep/analysis/<field>/<method>: one row per factor, a
// `factor` column and one float64 column per index (hdf5_update.hpp says
// how the file is changed safely).
//
// Anything wrong with the file or the request (not a sweep file, an
// incomplete sweep, an unknown field, a method the design cannot support)
// throws std::invalid_argument with a message naming the file and what is
// allowed; a failure to store the results throws Hdf5Error.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/experiments/experiment_design.hpp"

namespace loom {

enum class SensitivityMethod { kSobol, kMorris, kRegression };
SensitivityMethod parse_sensitivity_method(std::string_view text);  // sobol | morris | regression
const char* sensitivity_method_name(SensitivityMethod method);
// sobol for a sobol design, morris for morris, regression for the others.
SensitivityMethod default_method(DesignKind design);

// What a sweep file holds, checked when it is opened.
struct SweepFile {
  std::filesystem::path path;
  DesignKind design = DesignKind::kLhs;
  std::size_t samples = 0, replicates = 0, morris_levels = 0;
  std::vector<std::string> factors;  // design column order
  std::size_t points = 0;            // rows of /sweep/points
  std::uint64_t seed = 0;            // the design's and the runs' seed
  std::vector<std::string> fields;   // float64 summary fields of /sweep/runs
};
// Throws std::invalid_argument for a file that is not a complete sweep.
SweepFile open_sweep(const std::filesystem::path& path);

// Every run's `field`, points x replicates ([p * replicates + r]). Every
// point must have each of its `replicates` runs exactly once, all finite.
std::vector<double> point_runs(const SweepFile& sweep, const std::string& field);
// The mean of `field` over each point's replicates, in point order.
std::vector<double> point_means(const SweepFile& sweep, const std::string& field);
// The same from point_runs' layout.
std::vector<double> means_of_runs(std::span<const double> runs, std::size_t replicates);

// One factor's value at every point, for plots and regression: its natural
// value, or for a categorical factor its level index (`levels` then holds
// the level names in order; empty otherwise).
struct FactorColumn {
  std::string key;
  std::vector<double> values;
  std::vector<std::string> levels;
};
std::vector<FactorColumn> factor_columns(const SweepFile& sweep);

// Index name (its JSON key and stored column: S1, S1_conf, ST, ST_conf;
// mu_star, mu, sigma; src) and its value per factor.
using IndexTable = std::vector<std::pair<std::string, std::vector<double>>>;

// The indices from the design's first `samples` samples (base samples for
// sobol, trajectories for morris, points for regression).
struct SensitivityStep {
  std::size_t samples = 0;
  IndexTable indices;
  std::optional<double> r2;  // regression
};

// Above this share of replicate noise in the point means, loom analyze
// warns and the viewer shows it in red: the indices then carry much noise.
inline constexpr double kNoiseWarning = 0.2;

struct SensitivityResult {
  std::string field;
  // The sweep whose point means were subtracted (analyze_sweep's `minus`),
  // or empty.
  std::string minus;
  SensitivityMethod method = SensitivityMethod::kRegression;
  std::vector<std::string> factors;
  IndexTable indices;
  std::optional<double> r2;  // regression
  std::size_t points = 0, replicates = 0;
  std::size_t bootstrap = 0;  // sobol: resamples behind the *_conf intervals
  // Share of the point means' variance that is replicate noise
  // (replicate_noise_share); NaN with one replicate (missing, not 0).
  double noise_share = std::numeric_limits<double>::quiet_NaN();
  // With convergence: the indices at N/8, N/4, N/2 and N samples (steps
  // too small for the method left out), the last equal to `indices`.
  std::vector<SensitivityStep> convergence;
};

// Runs `method` (default_method when empty) on the point means of `field`,
// or, with `minus`, on their paired difference: this sweep's runs minus
// those of another sweep of the same design and seed (another base
// scenario, e.g. shared minus top-down leadership: replicate r of point p
// uses the same random streams in both, so the difference is paired).
// Also measures the replicate noise share and, with `convergence`, the
// indices at N/8, N/4, N/2 and N (not for a grid, whose first points are
// not a smaller grid). Throws std::invalid_argument when the two designs
// differ.
SensitivityResult analyze_sweep(const SweepFile& sweep, const std::string& field,
                                std::optional<SensitivityMethod> method, std::size_t bootstrap,
                                const SweepFile* minus = nullptr, bool convergence = false);

// The paired differences `sweep` minus `minus` of `field`, run by run in
// point_runs' layout, after checking that the two sweeps share their design
// (kind, samples, replicates, Morris levels, seed, factors and every
// point's values).
std::vector<double> paired_run_differences(const SweepFile& sweep, const SweepFile& minus,
                                           const std::string& field);

// Writes the result to /sweep/analysis/<field>/<method> in the sweep file.
void store_analysis(const SweepFile& sweep, const SensitivityResult& result);

}  // namespace loom
