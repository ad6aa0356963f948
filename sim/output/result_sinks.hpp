#pragma once
// Where finished units go (see run_loop.hpp): kept in memory, or streamed
// into a results file as they finish.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/input/scenario.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/run/ensemble.hpp"
#include "sim/run/run_loop.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {

// Keeps every output, per point: EnsembleResult::runs[replicate]. For small
// runs only (the what-if runner, tests): memory grows with the units.
class MemorySink final : public RunSink {
 public:
  MemorySink(const RunPlan& plan, std::vector<OutputLayout> layouts);
  void on_unit_done(const PlanUnit& unit, RunOutput&& output) override;
  std::vector<EnsembleResult>& results() { return results_; }

 private:
  std::vector<EnsembleResult> results_;
};

// Keeps only the summary rows, per point, as columns (8 bytes per field per
// unit), and the headline metrics at the end of each year: what the summary
// tables of `loom run` and `loom compare` need.
struct SummaryColumns {
  std::vector<std::string> fields;
  std::vector<std::vector<double>> values;  // [field][replicate]
  std::size_t runs() const { return values.empty() ? 0 : values.front().size(); }
  // Throws std::out_of_range for an unknown field.
  const std::vector<double>& column(const std::string& field) const;

  // OutputLayout::headline_metrics, each at the end of year 1, 2, ...
  std::vector<std::string> yearly_metrics;
  std::vector<std::vector<std::vector<double>>> yearly;  // [metric][year][replicate]
  std::size_t years() const { return yearly.empty() ? 0 : yearly.front().size(); }
};

// `next` (optional) then gets the whole output: a summary sink in front of a
// file sink keeps the summaries without copying the runs.
class SummarySink final : public RunSink {
 public:
  SummarySink(const RunPlan& plan, const std::vector<OutputLayout>& layouts,
              RunSink* next = nullptr);
  void on_unit_done(const PlanUnit& unit, RunOutput&& output) override;
  // Worker-side part (LoopOptions::prepare, before a file sink compresses
  // the series): copies the headline metrics' year-end values into slots
  // sized at construction, one per unit, so workers never share a slot.
  void prepare(const PlanUnit& unit, const RunOutput& output);
  const std::vector<SummaryColumns>& points() const { return points_; }

 private:
  std::vector<SummaryColumns> points_;
  struct YearEnd {
    std::vector<std::size_t> metric_columns;  // index in the layout's metrics
    std::size_t metrics = 0;                  // columns of the time series
    int steps_per_year = 0;
  };
  std::vector<YearEnd> year_end_;  // per point
  RunSink* next_;
};

// What a scenario group in the results file says about itself.
struct ScenarioGroup {
  std::string id;  // group name: /scenarios/<id>
  ScenarioHeader header;
  std::string resolved;  // resolved TOML
  OutputLayout layout;
  // "scenario", or "baseline": the counterfactual the others are measured
  // against (`loom compare --baseline`), written as the group's `role`.
  std::string role = "scenario";
};

// Streams units into /scenarios/<id>/ of a results file (docs/output.md),
// one group per plan point: the time series grows by one run (one chunk) per
// unit; summary, events and network rows are buffered in small batches and
// appended. At least every `flush_seconds` (checked as units arrive) the
// batches are written, the `units_done` attributes updated and the file
// flushed, so a killed run leaves a readable .partial that says how far it
// got. Memory does not grow with the number of units.
//
// Units must arrive in plan order (execute() guarantees it), so the units
// done are always a prefix of the plan and a count records them exactly.
class Hdf5StreamSink final : public RunSink {
 public:
  Hdf5StreamSink(Hdf5Writer& file, const RunPlan& plan, std::vector<ScenarioGroup> groups,
                 double flush_seconds = 2.0);
  ~Hdf5StreamSink() override;
  Hdf5StreamSink(const Hdf5StreamSink&) = delete;
  Hdf5StreamSink& operator=(const Hdf5StreamSink&) = delete;
  void on_unit_done(const PlanUnit& unit, RunOutput&& output) override;
  // Worker-side part (LoopOptions::prepare): compresses the unit's time
  // series into its HDF5 chunk, in parallel, so on_unit_done only copies it.
  void prepare(const PlanUnit& unit, RunOutput& output) const;
  // Writes what is buffered and the final counts. Call after the loop.
  void finish();
  // Time spent writing (inside on_unit_done and finish), for reports.
  double write_seconds() const { return write_seconds_; }

 private:
  struct Group;
  void write_batches(Group& g);
  void flush_all();

  Hdf5Writer& file_;
  const RunPlan& plan_;
  std::vector<Group> groups_;
  std::uint64_t units_done_ = 0;
  double flush_seconds_;
  std::chrono::steady_clock::time_point last_flush_;
  double write_seconds_ = 0.0;
};

// Writes an in-memory ensemble as one scenario group (through the streaming
// sink, so the layout is the same as a streamed run's).
void write_ensemble(Hdf5Writer& file, const std::string& scenario_id, const ScenarioHeader& header,
                    const std::string& resolved_scenario, const EnsembleResult& result);

// Root attributes saying who wrote the file, how, and from what command.
void write_provenance(Hdf5Writer& file, const std::string& command_line);

}  // namespace loom
