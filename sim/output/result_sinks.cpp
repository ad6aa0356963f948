#include "sim/output/result_sinks.hpp"

#include <algorithm>
#include <ctime>
#include <iterator>
#include <stdexcept>
#include <variant>

#include "sim/core/build_info.hpp"
#include "sim/output/chunk_codec.hpp"

namespace loom {

// ---------------------------------------------------------------- memory

MemorySink::MemorySink(const RunPlan& plan, std::vector<OutputLayout> layouts) {
  if (layouts.size() != plan.points().size())
    throw std::logic_error("MemorySink: one layout per plan point");
  for (std::size_t p = 0; p < layouts.size(); ++p) {
    EnsembleResult r;
    r.layout = std::move(layouts[p]);
    r.runs.resize(plan.points()[p].replicates);
    results_.push_back(std::move(r));
  }
}

void MemorySink::on_unit_done(const PlanUnit& unit, RunOutput&& output) {
  results_.at(unit.point).runs.at(unit.replicate) = std::move(output);
}

const std::vector<double>& SummaryColumns::column(const std::string& field) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == field) return values[i];
  }
  throw std::out_of_range("no summary field " + field);
}

SummarySink::SummarySink(const RunPlan& plan, const std::vector<OutputLayout>& layouts,
                         RunSink* next)
    : next_(next) {
  if (layouts.size() != plan.points().size())
    throw std::logic_error("SummarySink: one layout per plan point");
  for (std::size_t p = 0; p < layouts.size(); ++p) {
    const auto& layout = layouts[p];
    const std::size_t replicates = plan.points()[p].replicates;
    SummaryColumns c;
    c.fields = layout.summary;
    c.values.resize(layout.summary.size());
    YearEnd y;
    y.metrics = layout.metrics.size();
    y.steps_per_year = layout.steps_per_year;
    const int years = y.steps_per_year > 0 ? layout.steps / y.steps_per_year : 0;
    for (const auto& name : layout.headline_metrics) {
      const auto at = std::find(layout.metrics.begin(), layout.metrics.end(), name);
      if (at == layout.metrics.end() || years == 0) continue;
      y.metric_columns.push_back(static_cast<std::size_t>(at - layout.metrics.begin()));
      c.yearly_metrics.push_back(name);
      c.yearly.emplace_back(static_cast<std::size_t>(years),
                            std::vector<double>(replicates, kMissing));
    }
    points_.push_back(std::move(c));
    year_end_.push_back(std::move(y));
  }
}

void SummarySink::prepare(const PlanUnit& unit, const RunOutput& output) {
  auto& point = points_.at(unit.point);
  const YearEnd& y = year_end_.at(unit.point);
  for (std::size_t m = 0; m < y.metric_columns.size(); ++m) {
    auto& by_year = point.yearly[m];
    for (std::size_t year = 0; year < by_year.size(); ++year) {
      const std::size_t step = (year + 1) * static_cast<std::size_t>(y.steps_per_year) - 1;
      const std::size_t at = step * y.metrics + y.metric_columns[m];
      by_year[year].at(unit.replicate) = at < output.series.size() ? output.series[at] : kMissing;
    }
  }
}

void SummarySink::on_unit_done(const PlanUnit& unit, RunOutput&& output) {
  auto& point = points_.at(unit.point);
  for (std::size_t f = 0; f < point.fields.size(); ++f) {
    auto& column = point.values[f];
    if (column.size() <= unit.replicate) column.resize(unit.replicate + 1, 0.0);
    column[unit.replicate] = f < output.summary.size() ? output.summary[f] : 0.0;
  }
  if (next_) next_->on_unit_done(unit, std::move(output));
}

// ---------------------------------------------------------------- HDF5

namespace {

// Rows are appended in batches of about this many (summary, events, network
// rows), so memory stays small and HDF5 sees few, large writes.
constexpr std::size_t kBatchRows = 4096;

// Event texts at fixed widths (sim/run/ensemble.hpp, kEventDetailWidth).
struct EventRows {
  std::vector<std::int64_t> run, week, school, actor;
  std::vector<std::string> kind, detail;
  std::size_t size() const { return run.size(); }
  std::vector<TableColumn> take() {
    std::vector<TableColumn> c{
        {"run", std::move(run)},       {"week", std::move(week)},
        {"school", std::move(school)}, {"kind", std::move(kind), kEventKindWidth},
        {"actor", std::move(actor)},   {"detail", std::move(detail), kEventDetailWidth}};
    *this = {};
    return c;
  }
};

// Rows of one model table waiting to be appended: the columns as the model
// gives them, with `run` in front.
struct PendingTable {
  std::string name;
  std::vector<TableColumn> columns;  // [0] = run
  std::size_t rows = 0;
  bool created = false;

  void add(std::int64_t run, RunTable&& table, const std::string& group) {
    if (columns.empty()) {
      columns.push_back({"run", std::vector<std::int64_t>{}});
      for (const auto& c : table.columns) {
        TableColumn empty{c.name, {}};
        std::visit([&](const auto& v) { empty.values = std::decay_t<decltype(v)>{}; }, c.values);
        columns.push_back(std::move(empty));
      }
    }
    if (table.columns.size() + 1 != columns.size())
      throw std::logic_error(group + "/" + name + ": runs give different columns");
    std::size_t added = 0;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      auto& into = columns[c + 1];
      if (into.name != table.columns[c].name ||
          into.values.index() != table.columns[c].values.index())
        throw std::logic_error(group + "/" + name + ": runs give different columns");
      std::visit(
          [&](auto& from) {
            auto& to = std::get<std::decay_t<decltype(from)>>(into.values);
            if (c == 0) added = from.size();
            if (from.size() != added)
              throw std::logic_error(group + "/" + name + ": columns differ in length");
            to.insert(to.end(), std::make_move_iterator(from.begin()),
                      std::make_move_iterator(from.end()));
          },
          table.columns[c].values);
    }
    auto& run_column = std::get<std::vector<std::int64_t>>(columns[0].values);
    run_column.insert(run_column.end(), added, run);
    rows += added;
  }
  // The buffered rows as columns, leaving the buffer empty (same schema).
  std::vector<TableColumn> take() {
    std::vector<TableColumn> out;
    for (auto& c : columns) {
      out.push_back({c.name, std::move(c.values)});
      std::visit([](auto& v) { v.clear(); }, c.values);  // same type, no rows
    }
    rows = 0;
    return out;
  }
};

std::vector<TableColumn> summary_schema(const OutputLayout& layout) {
  std::vector<TableColumn> columns{{"run", std::vector<std::int64_t>{}}};
  for (const auto& f : layout.summary) columns.push_back({f, std::vector<double>{}});
  return columns;
}

}  // namespace

struct Hdf5StreamSink::Group {
  std::string path;  // /scenarios/<id>
  OutputLayout layout;
  std::uint64_t total = 0;
  std::uint64_t done = 0;
  bool streamed_series = true;  // false for an empty (0-size) series
  std::vector<std::int64_t> summary_run;
  std::vector<std::vector<double>> summary;  // [field][row]
  EventRows events;
  std::vector<PendingTable> tables;  // model tables, in order of first appearance
};

Hdf5StreamSink::Hdf5StreamSink(Hdf5Writer& file, const RunPlan& plan,
                               std::vector<ScenarioGroup> groups, double flush_seconds)
    : file_(file),
      plan_(plan),
      flush_seconds_(flush_seconds),
      last_flush_(std::chrono::steady_clock::now()) {
  if (groups.size() != plan.points().size())
    throw std::logic_error("Hdf5StreamSink: one scenario group per plan point");
  file_.attribute("/", "plan_hash", hash_hex(plan.hash()));
  file_.attribute("/", "units_total", static_cast<std::int64_t>(plan.unit_count()));
  file_.attribute("/", "units_done", std::int64_t{0});
  for (std::size_t p = 0; p < groups.size(); ++p) {
    const ScenarioGroup& s = groups[p];
    Group g;
    g.path = "/scenarios/" + s.id;
    g.layout = s.layout;
    g.total = plan.points()[p].replicates;
    const auto& layout = g.layout;
    const auto steps = static_cast<std::uint64_t>(layout.steps);
    const auto metrics = static_cast<std::uint64_t>(layout.metrics.size());
    file_.create_group(g.path);
    file_.attribute(g.path, "name", s.header.name);
    file_.attribute(g.path, "description", s.header.description);
    file_.attribute(g.path, "model", s.header.model);
    file_.attribute(g.path, "seed", std::uint64_t{s.header.seed});
    file_.attribute(g.path, "replicates", static_cast<std::int64_t>(g.total));
    file_.attribute(g.path, "role", s.role);
    std::string headline;  // comma-separated: a reader splits it
    for (const auto& m : layout.headline_metrics) headline += (headline.empty() ? "" : ",") + m;
    file_.attribute(g.path, "headline_metrics", headline);
    file_.attribute(g.path, "time_label", layout.time_label);
    file_.attribute(g.path, "steps_per_year", static_cast<std::int64_t>(layout.steps_per_year));
    file_.attribute(g.path, "plan_hash", hash_hex(plan.hash()));
    file_.attribute(g.path, "point_hash", hash_hex(plan.point_hash(p)));
    file_.attribute(g.path, "first_unit", static_cast<std::int64_t>(plan.first_unit(p)));
    file_.attribute(g.path, "units_done", std::int64_t{0});
    file_.text(g.path + "/scenario.toml", s.resolved);
    file_.strings(g.path + "/metrics", layout.metrics);
    std::vector<std::int64_t> step_axis(steps);
    for (std::uint64_t i = 0; i < steps; ++i) step_axis[i] = static_cast<std::int64_t>(i);
    file_.dataset(g.path + "/" + layout.time_label, step_axis, {steps});
    // run x step x metric, one chunk per run: a reader pulling one run (or
    // the viewer pulling all runs of a scenario) touches whole chunks only,
    // and each finished run is one chunk written once.
    g.streamed_series = steps * metrics > 0;
    if (g.streamed_series) file_.extendible_dataset(g.path + "/timeseries", {steps, metrics}, 1);
    const auto schema = summary_schema(layout);
    file_.extendible_table(g.path + "/summary", schema, 1024);
    g.summary.resize(layout.summary.size());
    if (layout.has_events) file_.extendible_table(g.path + "/events", EventRows{}.take());
    groups_.push_back(std::move(g));
  }
}

Hdf5StreamSink::~Hdf5StreamSink() = default;

void Hdf5StreamSink::write_batches(Group& g) {
  if (!g.summary_run.empty()) {
    std::vector<TableColumn> columns{{"run", std::move(g.summary_run)}};
    for (std::size_t f = 0; f < g.layout.summary.size(); ++f) {
      columns.push_back({g.layout.summary[f], std::move(g.summary[f])});
    }
    file_.append(g.path + "/summary", columns);
    g.summary_run.clear();
    g.summary.assign(g.layout.summary.size(), {});
  }
  if (g.events.size() > 0) file_.append(g.path + "/events", g.events.take());
  for (auto& t : g.tables) {
    const std::string path = g.path + "/" + t.name;
    if (!t.created) {
      file_.extendible_table(path, t.columns);
      t.created = true;
    }
    if (t.rows > 0) file_.append(path, t.take());
  }
}

void Hdf5StreamSink::flush_all() {
  for (auto& g : groups_) {
    write_batches(g);
    file_.attribute(g.path, "units_done", static_cast<std::int64_t>(g.done));
  }
  file_.attribute("/", "units_done", static_cast<std::int64_t>(units_done_));
  file_.flush();
  last_flush_ = std::chrono::steady_clock::now();
}

void Hdf5StreamSink::on_unit_done(const PlanUnit& unit, RunOutput&& out) {
  const auto start = std::chrono::steady_clock::now();
  Group& g = groups_.at(unit.point);
  if (unit.replicate != g.done) {
    throw std::logic_error("Hdf5StreamSink: units must arrive in plan order (" + g.path +
                           " expected run " + std::to_string(g.done) + ", got " +
                           std::to_string(unit.replicate) + ")");
  }
  const auto run = static_cast<std::int64_t>(unit.replicate);
  const std::size_t series_size =
      static_cast<std::size_t>(g.layout.steps) * g.layout.metrics.size();
  if (!out.encoded_series.empty()) {
    file_.append_encoded_row(g.path + "/timeseries", out.encoded_series);
  } else {
    if (out.series.size() != series_size) {
      throw std::logic_error("time series of " + g.path + " run " + std::to_string(run) +
                             " has the wrong size");
    }
    if (g.streamed_series)
      file_.append(g.path + "/timeseries", std::span<const double>(out.series));
  }

  g.summary_run.push_back(run);
  for (std::size_t f = 0; f < g.summary.size(); ++f) {
    g.summary[f].push_back(f < out.summary.size() ? out.summary[f] : 0.0);
  }
  if (g.layout.has_events) {
    for (auto& e : out.events) {
      g.events.run.push_back(run);
      g.events.week.push_back(e.week);
      g.events.school.push_back(e.school);
      g.events.kind.push_back(std::move(e.kind));
      g.events.actor.push_back(e.actor);
      g.events.detail.push_back(std::move(e.detail));
    }
  }
  for (auto& table : out.tables) {
    auto it = std::find_if(g.tables.begin(), g.tables.end(),
                           [&](const PendingTable& t) { return t.name == table.name; });
    if (it == g.tables.end()) {
      g.tables.push_back({table.name, {}, 0, false});
      it = std::prev(g.tables.end());
    }
    it->add(run, std::move(table), g.path);
  }
  ++g.done;
  ++units_done_;
  std::size_t table_rows = 0;
  for (const auto& t : g.tables) table_rows += t.rows;
  if (g.summary_run.size() >= kBatchRows || g.events.size() >= kBatchRows ||
      table_rows >= kBatchRows) {
    write_batches(g);
  }
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_flush_).count() >= flush_seconds_) flush_all();
  write_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Hdf5StreamSink::prepare(const PlanUnit& unit, RunOutput& output) const {
  const Group& g = groups_.at(unit.point);
  const std::size_t series_size =
      static_cast<std::size_t>(g.layout.steps) * g.layout.metrics.size();
  if (!g.streamed_series || output.series.size() != series_size) return;  // on_unit_done reports it
  output.encoded_series = encode_float64_chunk(output.series, kStreamDeflateLevel);
  output.series = {};
}

void Hdf5StreamSink::finish() {
  const auto start = std::chrono::steady_clock::now();
  for (auto& g : groups_) {
    // A model table no run produced is not in the file.
    write_batches(g);
    if (!g.streamed_series) {
      const auto steps = static_cast<std::uint64_t>(g.layout.steps);
      const auto metrics = static_cast<std::uint64_t>(g.layout.metrics.size());
      file_.dataset(g.path + "/timeseries", std::span<const double>{}, {g.done, steps, metrics});
    }
  }
  flush_all();
  write_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// ---------------------------------------------------------------- helpers

void write_ensemble(Hdf5Writer& file, const std::string& scenario_id, const ScenarioHeader& header,
                    const std::string& resolved_scenario, const EnsembleResult& result) {
  const RunPlan plan({{scenario_id, header.model, resolved_scenario, header.seed,
                       static_cast<std::uint64_t>(result.runs.size())}});
  Hdf5StreamSink sink(file, plan, {{scenario_id, header, resolved_scenario, result.layout}});
  for (std::uint64_t i = 0; i < plan.unit_count(); ++i) {
    RunOutput copy = result.runs[i];
    sink.on_unit_done(plan.unit(i), std::move(copy));
  }
  sink.finish();
}

void write_provenance(Hdf5Writer& file, const std::string& command_line) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  file.attribute("/", "format", std::string("loom-results"));
  file.attribute("/", "format_version", std::int64_t{1});
  file.attribute("/", "loom_version", std::string(build_info::version()));
  file.attribute("/", "git_commit", std::string(build_info::git_commit()));
  file.attribute("/", "build_type", std::string(build_info::build_type()));
  file.attribute("/", "command_line", command_line);
  file.attribute("/", "created_utc", std::string(stamp));
}

}  // namespace loom
