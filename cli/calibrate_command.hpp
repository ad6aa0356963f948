#pragma once
// `loom calibrate SPEC.toml [-o OUT.h5] [-t T] [--resume] [--quiet] [--force]
// [--format table|json]`: fits a model's uncertain constants to observed
// patterns (docs/calibration.md) and prints the posterior; `loom calibrate
// OUT.h5 [--format ...]` prints the report of a finished file. In a Slurm
// array, `--shards N` makes the tasks share each batch of runs through
// OUT.h5.parts/ (sim/run/shared_folder.hpp): started together or not, killed
// and resubmitted or not, they all end with the same file as one process. Under mpirun
// (a loom built with MPI) every rank runs the same algorithm and rank 0
// shares out each batch of runs, writes and prints. `loom calibrate SPEC
// --check FILE` says whether FILE was made by this spec with today's base
// scenarios and model defaults (exit 0) or is stale (exit 2). JSON:
//   {"method", "model", "parameters": [{"name", "mean", "sd", "q05", "q50",
//    "q95", "prior_min", "prior_max"}], "targets": [{"name", "value", "sd",
//    "minus_baseline", "simulated", "q05", "q95", "source"}], "generations",
//    "posterior_generation", "ess", "tolerance", "runs", "stop_reason"} and,
//    for history matching, "cutoff" and "waves": [{"wave", "runs", "nroy_fraction"}].
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "cli/run_command.hpp"
#include "sim/experiments/posterior_file.hpp"

namespace loom {

struct CalibrateCommand {
  CLI::App* app = nullptr;
  std::string spec;  // a spec, or a finished calibration file (.h5)
  std::string output;
  std::string check;  // --check FILE: is FILE this spec's calibration, with today's model?
  std::string format = "table";
  int threads = 0;
  std::string shard;         // "I/N": a Slurm array task's share (--shard)
  std::uint64_t shards = 0;  // --shards N: the task from SLURM_ARRAY_TASK_ID
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
// `loom compare A B --posterior CAL.h5`: the headline over the posterior
// (table or json: {"calibration", "draws", "replicates_per_draw", "runs",
// "rows": [{"field", "scenario", "reference", "mean", "q05", "q95",
// "share_above_zero"}]}).
int run_posterior_compare(const std::vector<std::string>& files, const CommonOptions& options,
                          std::ostream& out);

}  // namespace loom
