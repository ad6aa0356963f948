#include "sim/experiments/sweep_file.hpp"

#include <stdexcept>

#include "sim/run/run_plan.hpp"

namespace loom {
namespace {

// Rows per append: few, large writes; memory stays a few MB.
constexpr std::size_t kBatch = 4096;

std::vector<TableColumn> runs_schema(const OutputLayout& layout) {
  std::vector<TableColumn> c{{"unit", std::vector<std::int64_t>{}},
                             {"point", std::vector<std::int64_t>{}},
                             {"replicate", std::vector<std::int64_t>{}}};
  for (const auto& f : layout.summary) c.push_back({f, std::vector<double>{}});
  return c;
}

std::vector<TableColumn> event_schema() {
  // Texts at fixed widths, so gzip reaches them (sim/run/ensemble.hpp).
  return {{"unit", std::vector<std::int64_t>{}},
          {"week", std::vector<std::int64_t>{}},
          {"school", std::vector<std::int64_t>{}},
          {"kind", std::vector<std::string>{}, kEventKindWidth},
          {"actor", std::vector<std::int64_t>{}},
          {"detail", std::vector<std::string>{}, kEventDetailWidth}};
}

}  // namespace

SweepFileWriter::SweepFileWriter(Hdf5Writer& file, const SweepFileInfo& info)
    : file_(file), info_(info), fields_(info.layout.summary.size()) {
  const std::string g = "/sweep";
  file_.create_group(g);
  file_.attribute(g, "format", std::string("loom-sweep-1"));
  file_.attribute(g, "model", info.model);
  file_.attribute(g, "base", info.base);
  file_.attribute(g, "design", info.design);
  file_.attribute(g, "record", info.record);
  file_.attribute(g, "samples", info.samples);
  file_.attribute(g, "replicates", info.replicates);
  file_.attribute(g, "morris_levels", info.morris_levels);
  file_.attribute(g, "seed", info.seed);
  file_.attribute(g, "plan_hash", info.plan_hash);
  file_.attribute("/", "plan_hash", hash_hex(info.plan_hash));  // as run and compare files
  file_.attribute(g, "points", info.points);
  file_.attribute(g, "units_total", info.units_total);
  file_.attribute(g, "shard_index", info.shard_index);
  file_.attribute(g, "shard_count", info.shard_count);
  file_.attribute(g, "units", std::uint64_t{0});
  file_.attribute(g, "complete", std::int64_t{0});
  file_.attribute(g, "time_label", info.layout.time_label);
  file_.attribute(g, "steps_per_year", static_cast<std::int64_t>(info.layout.steps_per_year));
  file_.strings(g + "/factor_names", info.factor_names);
  file_.strings(g + "/fields", info.layout.summary);
  file_.text(g + "/spec", info.spec_text);
  file_.text(g + "/base_scenario", info.base_resolved);
  file_.table(g + "/points", info.points_table);
  file_.extendible_table(g + "/runs", runs_schema(info.layout), kBatch);
  if (info.series()) {
    file_.strings(g + "/metrics", info.layout.metrics);
    file_.extendible_dataset(g + "/timeseries",
                             {static_cast<std::uint64_t>(info.layout.steps),
                              static_cast<std::uint64_t>(info.layout.metrics.size())},
                             1);
  }
  if (info.events()) file_.extendible_table(g + "/events", event_schema(), kBatch);
}

void SweepFileWriter::add(std::uint64_t unit, std::uint64_t point, std::uint64_t replicate,
                          const RunOutput& output) {
  if (static_cast<std::int64_t>(unit) <= last_unit_)
    throw std::logic_error("SweepFileWriter: units must come in increasing order");
  last_unit_ = static_cast<std::int64_t>(unit);
  unit_.push_back(static_cast<std::int64_t>(unit));
  point_.push_back(static_cast<std::int64_t>(point));
  replicate_.push_back(static_cast<std::int64_t>(replicate));
  for (std::size_t f = 0; f < fields_.size(); ++f)
    fields_[f].push_back(f < output.summary.size() ? output.summary[f] : 0.0);
  if (info_.series()) {
    const std::size_t size =
        static_cast<std::size_t>(info_.layout.steps) * info_.layout.metrics.size();
    if (output.series.size() != size)
      throw std::logic_error("sweep unit " + std::to_string(unit) +
                             ": time series has the wrong size");
    series_.insert(series_.end(), output.series.begin(), output.series.end());
  }
  if (info_.events()) {
    for (const auto& e : output.events) {
      event_unit_.push_back(static_cast<std::int64_t>(unit));
      event_week_.push_back(e.week);
      event_school_.push_back(e.school);
      event_kind_.push_back(e.kind);
      event_actor_.push_back(e.actor);
      event_detail_.push_back(e.detail);
    }
  }
  ++units_;
  if (unit_.size() >= kBatch || event_unit_.size() >= kBatch) write_batch();
}

void SweepFileWriter::write_batch() {
  if (!unit_.empty()) {
    std::vector<TableColumn> c{{"unit", std::move(unit_)},
                               {"point", std::move(point_)},
                               {"replicate", std::move(replicate_)}};
    for (std::size_t f = 0; f < fields_.size(); ++f)
      c.push_back({info_.layout.summary[f], std::move(fields_[f])});
    file_.append("/sweep/runs", c);
    unit_ = {};
    point_ = {};
    replicate_ = {};
    fields_.assign(info_.layout.summary.size(), {});
  }
  if (!series_.empty()) {
    file_.append("/sweep/timeseries", std::span<const double>(series_));
    series_.clear();
  }
  if (!event_unit_.empty()) {
    std::vector<TableColumn> c{{"unit", std::move(event_unit_)},
                               {"week", std::move(event_week_)},
                               {"school", std::move(event_school_)},
                               {"kind", std::move(event_kind_), kEventKindWidth},
                               {"actor", std::move(event_actor_)},
                               {"detail", std::move(event_detail_), kEventDetailWidth}};
    file_.append("/sweep/events", c);
    event_unit_ = {};
    event_week_ = {};
    event_school_ = {};
    event_actor_ = {};
    event_kind_ = {};
    event_detail_ = {};
  }
}

void SweepFileWriter::finish() {
  write_batch();
  file_.attribute("/sweep", "units", units_);
  file_.attribute("/sweep", "complete", std::int64_t{1});
}

SweepFileInfo read_sweep_info(const Hdf5Reader& file) {
  const std::string g = "/sweep";
  if (!file.has(g) || !file.has_attribute(g, "format") ||
      file.string_attribute(g, "format") != "loom-sweep-1") {
    throw Hdf5Error("not a Loom sweep file (no /sweep group of format loom-sweep-1)");
  }
  SweepFileInfo info;
  info.model = file.string_attribute(g, "model");
  info.base = file.string_attribute(g, "base");
  info.design = file.string_attribute(g, "design");
  info.record = file.string_attribute(g, "record");
  info.samples = static_cast<std::int64_t>(file.number_attribute(g, "samples"));
  info.replicates = static_cast<std::int64_t>(file.number_attribute(g, "replicates"));
  info.morris_levels = static_cast<std::int64_t>(file.number_attribute(g, "morris_levels"));
  info.seed = file.unsigned_attribute(g, "seed");
  info.plan_hash = file.unsigned_attribute(g, "plan_hash");
  info.points = file.unsigned_attribute(g, "points");
  info.units_total = file.unsigned_attribute(g, "units_total");
  info.shard_index = file.unsigned_attribute(g, "shard_index");
  info.shard_count = file.unsigned_attribute(g, "shard_count");
  info.factor_names = file.strings(g + "/factor_names");
  info.spec_text = file.strings(g + "/spec").at(0);
  info.base_resolved = file.strings(g + "/base_scenario").at(0);
  info.points_table = file.table(g + "/points");
  info.layout.time_label = file.string_attribute(g, "time_label");
  info.layout.steps_per_year = static_cast<int>(file.number_attribute(g, "steps_per_year"));
  info.layout.summary = file.strings(g + "/fields");
  if (info.series()) {
    info.layout.metrics = file.strings(g + "/metrics");
    const auto shape = file.shape(g + "/timeseries");
    info.layout.steps = shape.size() == 3 ? static_cast<int>(shape[1]) : 0;
  }
  return info;
}

}  // namespace loom
