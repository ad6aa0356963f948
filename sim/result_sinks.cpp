#include "result_sinks.hpp"

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "build_info.hpp"

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
  for (const auto& layout : layouts) {
    SummaryColumns c;
    c.fields = layout.summary;
    c.values.resize(layout.summary.size());
    points_.push_back(std::move(c));
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

struct EventRows {
  std::vector<std::int64_t> run, week, school, actor;
  std::vector<std::string> kind, detail;
  std::size_t size() const { return run.size(); }
  std::vector<TableColumn> take() {
    std::vector<TableColumn> c{{"run", std::move(run)},       {"week", std::move(week)},
                               {"school", std::move(school)}, {"kind", std::move(kind)},
                               {"actor", std::move(actor)},   {"detail", std::move(detail)}};
    *this = {};
    return c;
  }
};

struct NodeRows {
  std::vector<std::int64_t> run, week, slot, person, role, champion, tenure;
  std::vector<double> burnout;
  std::size_t size() const { return run.size(); }
  std::vector<TableColumn> take() {
    std::vector<TableColumn> c{{"run", std::move(run)},       {"week", std::move(week)},
                               {"slot", std::move(slot)},     {"person", std::move(person)},
                               {"role", std::move(role)},     {"champion", std::move(champion)},
                               {"tenure", std::move(tenure)}, {"burnout", std::move(burnout)}};
    *this = {};
    return c;
  }
};

struct EdgeRows {
  std::vector<std::int64_t> run, week, source, target;
  std::vector<double> trust;
  std::size_t size() const { return run.size(); }
  std::vector<TableColumn> take() {
    std::vector<TableColumn> c{{"run", std::move(run)},
                               {"week", std::move(week)},
                               {"source", std::move(source)},
                               {"target", std::move(target)},
                               {"trust", std::move(trust)}};
    *this = {};
    return c;
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
  NodeRows nodes;
  EdgeRows edges;
  bool network_created = false;
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
    file_.attribute(g.path, "seed", static_cast<std::int64_t>(s.header.seed));
    file_.attribute(g.path, "replicates", static_cast<std::int64_t>(g.total));
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
  if (g.nodes.size() > 0 || g.edges.size() > 0) {
    if (!g.network_created) {
      file_.extendible_table(g.path + "/network_nodes", NodeRows{}.take());
      file_.extendible_table(g.path + "/network_edges", EdgeRows{}.take());
      g.network_created = true;
    }
    file_.append(g.path + "/network_nodes", g.nodes.take());
    file_.append(g.path + "/network_edges", g.edges.take());
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
  if (out.series.size() != series_size) {
    throw std::logic_error("time series of " + g.path + " run " + std::to_string(run) +
                           " has the wrong size");
  }
  if (g.streamed_series) file_.append(g.path + "/timeseries", std::span<const double>(out.series));

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
  for (const auto& snapshot : out.network) {
    for (const auto& n : snapshot.nodes) {
      g.nodes.run.push_back(run);
      g.nodes.week.push_back(snapshot.week);
      g.nodes.slot.push_back(n.slot);
      g.nodes.person.push_back(n.person);
      g.nodes.role.push_back(n.role);
      g.nodes.champion.push_back(n.champion);
      g.nodes.tenure.push_back(n.tenure);
      g.nodes.burnout.push_back(n.burnout);
    }
    for (const auto& e : snapshot.edges) {
      g.edges.run.push_back(run);
      g.edges.week.push_back(snapshot.week);
      g.edges.source.push_back(e.source);
      g.edges.target.push_back(e.target);
      g.edges.trust.push_back(e.trust);
    }
  }
  ++g.done;
  ++units_done_;
  if (g.summary_run.size() >= kBatchRows || g.events.size() >= kBatchRows ||
      g.nodes.size() + g.edges.size() >= kBatchRows) {
    write_batches(g);
  }
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_flush_).count() >= flush_seconds_) flush_all();
  write_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Hdf5StreamSink::finish() {
  const auto start = std::chrono::steady_clock::now();
  for (auto& g : groups_) {
    // A scenario with no network snapshots has no network tables (as before).
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
