#pragma once
// The runner shared by the `loom` command and the viewer: loading scenarios
// for a model, turning them into a run plan, and running the plan through
// the engine's one loop (sim/run/run_loop.hpp) into a results file or memory.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/progress.hpp"
#include "sim/input/scenario.hpp"
#include "sim/output/result_sinks.hpp"
#include "sim/run/ensemble.hpp"
#include "sim/run/model.hpp"
#include "sim/run/run_estimate.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {

struct RunRequest {
  std::optional<int> replicates;       // overrides the scenario's
  std::optional<std::uint64_t> seed;   // overrides the scenario's
  std::vector<std::string> overrides;  // --set section.key=value
  int threads = 0;                     // 0 = all
};

struct LoadedScenario {
  std::string id;         // group name in the results file (file stem)
  ScenarioHeader header;  // after command-line overrides
  std::unique_ptr<Model> model;
  std::string resolved;               // resolved TOML
  std::vector<std::string> warnings;  // "file: warning: ..." (Model::warnings)
  std::string role = "scenario";      // or "baseline" (the results group's `role`)
  // Every file the scenario read: it, its bases and the data files its
  // values name (network.edges_file, ...). No output may replace them.
  std::vector<std::filesystem::path> inputs;
};

// Throws ScenarioError for any problem with the file or the overrides.
LoadedScenario load_scenario(const std::string& path, const RunRequest& request);

// The counterfactual of a comparison (--baseline; a school doing nothing
// new): loaded with the reference's seed and replicate count (and the same
// overrides), so replicate i of every scenario and of the baseline shares
// its random streams and differences from it are paired; role "baseline".
// Throws ScenarioError for a scenario of another model.
LoadedScenario load_baseline(const std::string& path, const LoadedScenario& reference,
                             const RunRequest& request);

// Scenario ids (results-file group names) made unique in order: a second
// "top-down" becomes "top-down-2".
void make_ids_unique(std::vector<LoadedScenario>& scenarios);

// Checks a schedule against the model's live values: the model must have
// school years, every entry must fall inside the run (year <= school.years,
// week <= school.weeks_per_year), and the checks that combine parameters
// (Model::validate) must hold with the values in force after each entry.
// Leaves the model's values as they were. Throws ScenarioError naming the
// entry's file and line.
void check_schedule(Model& model, const Schedule& schedule);

// One plan point per scenario (in the given order), each with its own
// model, resolved parameters, seed and replicate count.
RunPlan make_plan(const std::vector<LoadedScenario>& scenarios);
// Unit (point p, replicate r) = scenarios[p].model->run(seed_p, r).
UnitRunner unit_runner(const std::vector<LoadedScenario>& scenarios);

// Runs one scenario and keeps every run in memory (tests, benchmarks).
EnsembleResult run_scenario(const LoadedScenario& scenario, int threads);
// Runs every scenario's replicates in one loop and keeps every run in
// memory, one result per scenario in order (the Python module).
std::vector<EnsembleResult> run_in_memory(const std::vector<LoadedScenario>& scenarios,
                                          int threads);

struct FileRunOptions {
  std::string output;        // results file (written as output.partial, renamed when complete)
  std::string command_line;  // stored as provenance
  int threads = 0;
  ProgressObserver::Mode progress = ProgressObserver::Mode::kAuto;
  std::string progress_label;  // default: the scenario ids
  // The estimate made before the run (estimate_file_run): the units it
  // measured are taken from it instead of being run again. Null: run all.
  RunEstimate* estimate = nullptr;
};

struct FileRunReport {
  std::vector<SummaryColumns> summaries;  // per scenario: only the summary rows
  double seconds = 0.0;                   // the whole loop, writing included
  double write_seconds = 0.0;             // of which in the HDF5 sink
  std::uint64_t plan_hash = 0;
};

// Runs every scenario's replicates in one loop and streams them into one
// results file (/scenarios/<id>/ each, /scenario_order); keeps only the
// summary rows in memory, for the summary table.
FileRunReport run_to_file(const std::vector<LoadedScenario>& scenarios,
                          const FileRunOptions& options);

// The memory and time estimate of run_to_file (run_estimate.hpp): it keeps
// every run's summary row (8 bytes a field, counted twice for the vectors'
// doubling growth).
RunEstimate estimate_file_run(const std::vector<LoadedScenario>& scenarios, int threads);

}  // namespace loom
