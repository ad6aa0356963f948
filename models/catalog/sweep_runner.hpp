#pragma once
// `loom sweep`: turns a sweep file (sim/experiments/sweep_spec.hpp) into a run plan,
// runs all of it or one shard of it through the engine's loop into a
// crash-safe journal (sim/output/unit_journal.hpp), and writes the sweep results
// file (sim/experiments/sweep_file.hpp) when every unit of the shard is done.
//
// Unit (point p, replicate r) runs the base scenario with point p's factor
// values and random streams keyed by (seed, r): every design point sees the
// same random numbers for replicate r (common random numbers), so the
// difference between points is the factors' effect, not noise from
// different draws - the usual way to sharpen a sensitivity analysis.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/catalog/base_scenario.hpp"
#include "sim/core/progress.hpp"
#include "sim/experiments/sweep_file.hpp"
#include "sim/experiments/sweep_spec.hpp"
#include "sim/run/model.hpp"
#include "sim/run/record_loop.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {

struct PreparedSweep {
  SweepSpec spec;
  RunPlan plan;
  SweepFileInfo info;  // attributes and points table of the results file
  // Design values, [point][factor], as the model receives them.
  std::vector<std::vector<double>> values;
  // The base scenario (or model defaults) every point starts from; its
  // `inputs` are every file the sweep reads (no output may replace them).
  BaseScenario base;

  // The model of point p, ready to run.
  std::unique_ptr<Model> model_for(std::size_t point) const;
};

// Unit (p, r): point p's model, run with the sweep's seed and replicate r.
UnitRunner sweep_unit_runner(const PreparedSweep& sweep);

// Memory a sweep takes to prepare and run, per design point, per factor
// value and per unit (measured: 500,000 Ishigami points, 3 factors, 1
// replicate, took 716 bytes a point above a 100,000-point run; these
// constants give 864).
inline constexpr std::uint64_t kSweepBytesPerPoint = 560;
inline constexpr std::uint64_t kSweepBytesPerFactorValue = 48;
inline constexpr std::uint64_t kSweepBytesPerUnit = 160;
std::uint64_t sweep_memory_bytes(std::uint64_t points, std::uint64_t replicates,
                                 std::size_t factors);
// Units run first to estimate a sweep's time (into the journal, not again).
inline constexpr std::size_t kSweepCalibrationUnits = 4;

// Reads and checks everything (spec, base scenario, factors, every design
// point's cross-field checks) before anything runs. Throws ScenarioError,
// and EstimateRefused when the design would not fit in the memory this
// process has (unless `force`).
PreparedSweep prepare_sweep(const std::filesystem::path& spec_path, bool force = false);

// The units of shard `index` (0-based) of `count`: every count-th unit,
// starting at `index`, so each shard gets a fair mix of cheap and costly
// design points whatever the design's order.
std::vector<std::uint64_t> shard_units(std::uint64_t unit_count, std::uint64_t index,
                                       std::uint64_t count);

struct SweepOptions {
  std::filesystem::path output;  // results file; the journal is output + ".journal"
  std::string command_line;
  int threads = 0;
  ProgressObserver::Mode progress = ProgressObserver::Mode::kAuto;
  std::uint64_t shard_index = 0, shard_count = 1;
  bool resume = false;
  // Run even when the measured estimate exceeds 24 h (as loom run
  // --force). Without it a longer sweep is refused after its first few
  // units (sim/run/run_estimate.hpp); an MPI sweep is not estimated.
  bool force = false;
  double sync_seconds = 2.0;  // journal written to disk at least this often
  // Who runs the units: this process's threads (default), or all MPI ranks
  // (sim/run/mpi_loop.hpp; this process is then rank 0, which writes).
  RecordExecutor executor;
};

struct SweepReport {
  std::uint64_t units_in_shard = 0;
  std::uint64_t units_resumed = 0;  // found finished in the journal
  std::uint64_t units_run = 0;
  double seconds = 0.0;        // whole command
  double write_seconds = 0.0;  // journal appends + building the results file
  std::uint64_t plan_hash = 0;
  // --resume found the output already complete for this plan and shard:
  // nothing was run or written.
  bool already_complete = false;
};

// The journal next to a results file.
std::filesystem::path journal_path(const std::filesystem::path& output);

// Runs the shard's units not yet in the journal. Throws ScenarioError for
// input problems (a journal of another plan, a journal without --resume),
// Hdf5Error / JournalError for output problems.
SweepReport run_sweep(const PreparedSweep& sweep, const SweepOptions& options);

// Builds a sweep results file from a finished journal (used at the end of a
// sweep and by MPI rank 0).
void write_sweep_results(const PreparedSweep& sweep, const std::filesystem::path& journal,
                         const std::filesystem::path& output, const std::string& command_line,
                         std::uint64_t shard_index, std::uint64_t shard_count);

}  // namespace loom
