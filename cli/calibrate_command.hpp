#pragma once
// `loom calibrate SPEC.toml [-o OUT.h5] [-t T] [--resume] [--quiet] [--force]
// [--format table|json]`: fits a model's uncertain constants to observed
// patterns (docs/calibration.md) and prints the posterior; `loom calibrate
// OUT.h5 [--format ...]` prints the report of a finished file. Under mpirun
// (a loom built with MPI) every rank runs the same algorithm and rank 0
// shares out each batch of runs, writes and prints. JSON:
//   {"method", "model", "parameters": [{"name", "mean", "sd", "q05", "q50",
//    "q95", "prior_min", "prior_max"}], "targets": [{"name", "value", "sd",
//    "simulated", "q05", "q95", "source"}], "generations", "posterior_generation",
//    "ess", "tolerance", "runs", "stop_reason"}
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

#include "sim/experiments/posterior_file.hpp"

namespace loom {

struct CalibrateCommand {
  CLI::App* app = nullptr;
  std::string spec;  // a spec, or a finished calibration file (.h5)
  std::string output;
  std::string format = "table";
  int threads = 0;
  bool resume = false;
  bool quiet = false;
  bool force = false;
};

void add_calibrate_command(CLI::App& app, CalibrateCommand& command);
int run_calibrate_command(const CalibrateCommand& command, const std::string& command_line,
                          std::ostream& out);
// The report of a calibration (table or json).
void print_calibration(const CalibrationRecord& record, const std::string& format,
                       std::ostream& out);

}  // namespace loom
