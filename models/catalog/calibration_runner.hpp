#pragma once
// `loom calibrate`: reads a calibration spec (sim/experiments/calibration_spec.hpp),
// runs ABC-SMC (sim/experiments/abc_smc.hpp) or history matching
// (sim/experiments/history_matching.hpp) on the spec's base scenario, and
// writes the calibration file (sim/experiments/posterior_file.hpp).
//
// Each generation's proposals run as one run plan (one point per proposal,
// `replicates` units each) through the engine's loop, on this process's
// threads or on every MPI rank (as `loom choose-seeds`: every rank runs the
// same algorithm, rank 0's target values are shared, rank 0 writes). A unit
// returns only its target values, so records stay a few bytes whatever the
// model's output.
//
// After each generation rank 0 writes a checkpoint (OUTPUT.checkpoint, a
// calibration file with complete = 0); `--resume` continues from it, and
// because every draw is keyed by (seed, generation, proposal) the finished
// file is the same as an uninterrupted run's. A kill loses at most the
// generation that was running.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/catalog/base_scenario.hpp"
#include "sim/core/progress.hpp"
#include "sim/experiments/calibration_spec.hpp"
#include "sim/experiments/posterior_file.hpp"
#include "sim/run/record_loop.hpp"

namespace loom {

struct PreparedCalibration {
  CalibrationSpec spec;
  BaseScenario base;
  // The counterfactual (calibrate.baseline): run beside every proposal with
  // the same parameters and random numbers, for minus_baseline targets.
  std::optional<BaseScenario> baseline;
  OutputLayout layout;
  std::string base_resolved;
  std::uint64_t spec_hash = 0;
};

// Reads and checks the spec, its base and every prior and target. Throws
// ScenarioError.
PreparedCalibration prepare_calibration(const std::filesystem::path& spec_path);

struct CalibrationOptions {
  std::filesystem::path output;
  std::string command_line;
  int threads = 0;
  ProgressObserver::Mode progress = ProgressObserver::Mode::kAuto;
  bool resume = false;
  bool write_files = true;  // false on MPI ranks other than 0
  // Slurm array tasks sharing the work (cli/calibrate_command.cpp, with
  // sim/run/shared_folder.hpp as the executor): no checkpoints (the shared
  // folder keeps every finished batch, so rerunning the command resumes),
  // and the file written under this task's own name, then renamed onto the
  // output, as every task writes the same file.
  bool shared_tasks = false;
  std::string task_name;
  // Across MPI ranks (cli/calibrate_command.cpp); unset: this process's threads.
  RecordExecutor executor;
  std::function<void(std::vector<double>&)> share;
};

std::filesystem::path checkpoint_path(const std::filesystem::path& output);
// After a generation or wave: the checkpoint (rank 0 of one job only).
void write_checkpoint(const CalibrationRecord& record, const CalibrationOptions& options);
// At the end: the calibration file, and the checkpoint removed.
void write_finished(const CalibrationRecord& record, const CalibrationOptions& options);

// Throws ScenarioError for a checkpoint of another spec, or one found
// without --resume.
CalibrationRecord run_calibration(const PreparedCalibration& calibration,
                                  const CalibrationOptions& options);

// Simulated target means of parameter vectors `thetas` (in the spec's prior
// order), proposal i's runs seeded by `seeds[i]`: what both methods ask of
// the model. NaN where a target has no value in any replicate or where the
// parameters fail the model's own checks. With `mean_variance`, also each
// target's replicate variance divided by the replicates that have a value:
// the variance of the mean from the simulator's own noise (0 with one
// replicate; NaN where the mean is).
std::vector<std::vector<double>> simulate_targets(
    const PreparedCalibration& calibration, const std::vector<std::vector<double>>& thetas,
    const std::vector<std::uint64_t>& seeds, const CalibrationOptions& options,
    const std::string& label, std::uint64_t* runs,
    std::vector<std::vector<double>>* mean_variance = nullptr);

// History matching (models/catalog/history_matching_runner.cpp): what
// run_calibration does for calibrate.method = "history-matching", given the
// record with the spec's fields and any checkpoint's generations.
CalibrationRecord run_history_matching(const PreparedCalibration& calibration,
                                       const CalibrationOptions& options, CalibrationRecord record);

}  // namespace loom
