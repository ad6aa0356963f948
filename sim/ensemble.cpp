#include "ensemble.hpp"

#include <chrono>
#include <ctime>
#include <stdexcept>

#include "build_info.hpp"
#include "parallel_for.hpp"
#include "progress.hpp"

namespace loom {

std::vector<double> EnsembleResult::summary_column(const std::string& field) const {
  std::size_t index = layout.summary.size();
  for (std::size_t i = 0; i < layout.summary.size(); ++i) {
    if (layout.summary[i] == field) index = i;
  }
  if (index == layout.summary.size()) throw std::out_of_range("no summary field " + field);
  std::vector<double> column;
  column.reserve(runs.size());
  for (const auto& r : runs) column.push_back(r.summary[index]);
  return column;
}

EnsembleResult run_ensemble(const OutputLayout& layout, int replicates, int threads,
                            const RunFunction& run, const std::string& progress_label) {
  EnsembleResult result;
  result.layout = layout;
  result.runs.resize(static_cast<std::size_t>(replicates));
  Progress progress(progress_label, result.runs.size());
  parallel_for(result.runs.size(), threads, [&](std::size_t unit, int /*worker*/) {
    result.runs[unit] = run(unit);
    progress.tick();
  });
  return result;
}

namespace {

void write_events(Hdf5Writer& file, const std::string& group, const EnsembleResult& result) {
  std::vector<std::int64_t> run, week, school, actor;
  std::vector<std::string> kind, detail;
  for (std::size_t r = 0; r < result.runs.size(); ++r) {
    for (const auto& e : result.runs[r].events) {
      run.push_back(static_cast<std::int64_t>(r));
      week.push_back(e.week);
      school.push_back(e.school);
      kind.push_back(e.kind);
      actor.push_back(e.actor);
      detail.push_back(e.detail);
    }
  }
  const std::vector<TableColumn> columns{
      {"run", std::move(run)},   {"week", std::move(week)},   {"school", std::move(school)},
      {"kind", std::move(kind)}, {"actor", std::move(actor)}, {"detail", std::move(detail)}};
  file.table(group + "/events", columns);
}

void write_network(Hdf5Writer& file, const std::string& group, const EnsembleResult& result) {
  std::vector<std::int64_t> node_run, node_week, slot, person, role, champion, tenure;
  std::vector<double> burnout;
  std::vector<std::int64_t> edge_run, edge_week, source, target;
  std::vector<double> trust;
  bool any = false;
  for (std::size_t r = 0; r < result.runs.size(); ++r) {
    for (const auto& snapshot : result.runs[r].network) {
      any = true;
      for (const auto& n : snapshot.nodes) {
        node_run.push_back(static_cast<std::int64_t>(r));
        node_week.push_back(snapshot.week);
        slot.push_back(n.slot);
        person.push_back(n.person);
        role.push_back(n.role);
        champion.push_back(n.champion);
        tenure.push_back(n.tenure);
        burnout.push_back(n.burnout);
      }
      for (const auto& e : snapshot.edges) {
        edge_run.push_back(static_cast<std::int64_t>(r));
        edge_week.push_back(snapshot.week);
        source.push_back(e.source);
        target.push_back(e.target);
        trust.push_back(e.trust);
      }
    }
  }
  if (!any) return;
  const std::vector<TableColumn> nodes{
      {"run", std::move(node_run)},  {"week", std::move(node_week)},
      {"slot", std::move(slot)},     {"person", std::move(person)},
      {"role", std::move(role)},     {"champion", std::move(champion)},
      {"tenure", std::move(tenure)}, {"burnout", std::move(burnout)}};
  file.table(group + "/network_nodes", nodes);
  const std::vector<TableColumn> edges{{"run", std::move(edge_run)},
                                       {"week", std::move(edge_week)},
                                       {"source", std::move(source)},
                                       {"target", std::move(target)},
                                       {"trust", std::move(trust)}};
  file.table(group + "/network_edges", edges);
}

}  // namespace

void write_ensemble(Hdf5Writer& file, const std::string& scenario_id, const ScenarioHeader& header,
                    const std::string& resolved_scenario, const EnsembleResult& result) {
  const std::string group = "/scenarios/" + scenario_id;
  const auto& layout = result.layout;
  const auto runs = static_cast<std::uint64_t>(result.runs.size());
  const auto steps = static_cast<std::uint64_t>(layout.steps);
  const auto metrics = static_cast<std::uint64_t>(layout.metrics.size());
  file.create_group(group);
  file.attribute(group, "name", header.name);
  file.attribute(group, "description", header.description);
  file.attribute(group, "model", header.model);
  file.attribute(group, "seed", static_cast<std::int64_t>(header.seed));
  file.attribute(group, "replicates", static_cast<std::int64_t>(runs));
  file.attribute(group, "time_label", layout.time_label);
  file.text(group + "/scenario.toml", resolved_scenario);
  file.strings(group + "/metrics", layout.metrics);

  std::vector<std::int64_t> step_axis(steps);
  for (std::uint64_t i = 0; i < steps; ++i) step_axis[i] = static_cast<std::int64_t>(i);
  file.dataset(group + "/" + layout.time_label, step_axis, {steps});

  // run x week x metric, one chunk per run: a reader pulling one run (or the
  // viewer pulling all runs of a scenario) touches whole chunks only.
  std::vector<double> series;
  series.reserve(runs * steps * metrics);
  for (const auto& r : result.runs) series.insert(series.end(), r.series.begin(), r.series.end());
  if (series.size() != runs * steps * metrics) {
    throw std::logic_error("time series of " + scenario_id + " has the wrong size");
  }
  file.dataset(group + "/timeseries", series, {runs, steps, metrics},
               {1, std::max<std::uint64_t>(steps, 1), std::max<std::uint64_t>(metrics, 1)});

  std::vector<TableColumn> columns;
  std::vector<std::int64_t> run_index(runs);
  for (std::uint64_t i = 0; i < runs; ++i) run_index[i] = static_cast<std::int64_t>(i);
  columns.push_back({"run", run_index});
  for (std::size_t f = 0; f < layout.summary.size(); ++f) {
    std::vector<double> values;
    for (const auto& r : result.runs) values.push_back(r.summary[f]);
    columns.push_back({layout.summary[f], std::move(values)});
  }
  file.table(group + "/summary", columns);

  if (layout.has_events) write_events(file, group, result);
  write_network(file, group, result);
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
