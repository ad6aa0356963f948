#pragma once
// `loom analyze OUT.h5 --field F [--method sobol|morris|regression] [--json]
// [--bootstrap B] [--minus OTHER.h5] [--convergence]`: which factors of a
// finished sweep move a summary field (sim/experiments/sweep_analysis.hpp
// does the work), or, with --minus, the paired difference between two
// sweeps of one design. Prints a table, or with --json
//   {"field": F, "method": M, ["minus": OTHER,] ["r2": R,] "replicates": R,
//    "noise_share": S or null, "indices": [{"factor": K, ...}],
//    ["convergence": [{"samples": N, ["r2": R,] "indices": [...]}, ...]]}
// A noise share over kNoiseWarning (20%) is warned about on stderr.
// and stores the indices in the file under /sweep/analysis/<F>/<M> (not a
// difference: it belongs to neither file).
#include <cstddef>
#include <iosfwd>
#include <string>

#include "sim/experiments/sweep_analysis.hpp"

namespace CLI {
class App;
}

namespace loom {

struct AnalyzeRequest {
  std::string file;
  std::string field;
  std::string method;  // empty = the design's default
  std::string minus;   // another sweep of the same design: analyse the difference
  bool json = false;
  bool convergence = false;  // the indices at N/8, N/4, N/2 and N too
  std::size_t bootstrap = 1000;
};

// Registers the subcommand and its options on `app`.
CLI::App* add_analyze_command(CLI::App& app, AnalyzeRequest& request);

// Analyses, prints and stores. Throws std::invalid_argument for a file or
// request that cannot be analysed (exit 2) and Hdf5Error when the results
// cannot be stored (exit 3; they have been printed by then).
void run_analyze(const AnalyzeRequest& request, std::ostream& out);

// The output formats, separate for tests.
void print_analysis_json(const SensitivityResult& result, std::ostream& out);
void print_analysis_table(const SweepFile& sweep, const SensitivityResult& result,
                          std::ostream& out);

}  // namespace loom
