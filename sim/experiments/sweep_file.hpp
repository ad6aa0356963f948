#pragma once
// The results file of a sweep (docs/output.md, "Sweep files"):
//
//   /sweep                  attributes: format = "loom-sweep-1", model, base,
//                           design, samples, replicates, seed, record,
//                           morris_levels, plan_hash, points, units_total,
//                           shard_index, shard_count, units, complete
//   /sweep/factor_names     the factors, in design column order
//   /sweep/fields           the summary fields (columns of runs)
//   /sweep/spec             the sweep file's text
//   /sweep/base_scenario    the resolved base scenario (every default)
//   /sweep/points           one row per design point: point, one column per
//                           factor in its natural type, u:<factor> (the
//                           design's unit-cube coordinate)
//   /sweep/runs             one row per unit in unit order: unit, point,
//                           replicate, one float64 column per summary field
//   /sweep/metrics, /sweep/timeseries   (record = timeseries | all)
//                           runs x steps x metrics, row i = runs row i
//   /sweep/events           (record = all) unit, week, school, kind, actor, detail
//
// A shard's file holds the whole points table and its own units only; a
// merged or one-process file holds every unit. Both are written by the same
// writer from units in increasing unit order, so a merge equals a
// one-process sweep dataset for dataset.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sim/output/hdf5_file.hpp"
#include "sim/run/ensemble.hpp"
#include "sim/run/table_column.hpp"

namespace loom {

struct SweepFileInfo {
  std::string model, base, design, record;
  std::string spec_text, base_resolved;
  std::int64_t samples = 0, replicates = 0, morris_levels = 0;
  std::uint64_t seed = 0, plan_hash = 0;
  std::uint64_t points = 0, units_total = 0;  // of the whole plan
  std::uint64_t shard_index = 0, shard_count = 1;
  std::vector<std::string> factor_names;
  std::vector<TableColumn> points_table;
  OutputLayout layout;

  bool series() const { return record != "summary"; }
  bool events() const { return record == "all"; }
};

class SweepFileWriter {
 public:
  // Writes the attributes, the points table and empty run tables.
  SweepFileWriter(Hdf5Writer& file, const SweepFileInfo& info);
  // Units must come in increasing unit order.
  void add(std::uint64_t unit, std::uint64_t point, std::uint64_t replicate,
           const RunOutput& output);
  // Writes what is buffered and the number of units in the file.
  void finish();
  std::uint64_t units() const { return units_; }

 private:
  void write_batch();
  Hdf5Writer& file_;
  const SweepFileInfo& info_;
  std::vector<std::int64_t> unit_, point_, replicate_;
  std::vector<std::vector<double>> fields_;
  std::vector<double> series_;
  std::vector<std::int64_t> event_unit_, event_week_, event_school_, event_actor_;
  std::vector<std::string> event_kind_, event_detail_;
  std::uint64_t units_ = 0;
  std::int64_t last_unit_ = -1;
};

struct MergeReport {
  std::uint64_t units = 0, shards = 0;
};

// Merges the shard files of one sweep into one file identical, dataset for
// dataset, to a one-process sweep (sim/experiments/sweep_merge.cpp). Throws
// ScenarioError naming the files for shards of different plans, a shard
// given twice, units held by two shards, or missing units (listing the
// first few and the shards that would hold them).
MergeReport merge_sweep_files(const std::vector<std::filesystem::path>& shards,
                              const std::filesystem::path& output, const std::string& command_line);

// Reads /sweep of a file back (for merge, resume checks and analysis).
SweepFileInfo read_sweep_info(const Hdf5Reader& file);

// A finished sweep or shard file as merge takes it: read first by the probe
// (hdf5_probe.hpp), complete, and every content digest as written (a
// damaged shard is never merged into a file loom check would call intact).
// Throws Hdf5Error saying what is wrong; callers name the file.
struct FinishedSweepFile {
  std::unique_ptr<Hdf5Reader> file;
  SweepFileInfo info;
};
FinishedSweepFile open_finished_sweep(const std::filesystem::path& path);

}  // namespace loom
