#include "viewer/data/results_file.hpp"

#include <algorithm>
#include <cmath>
#include <new>

#include "sim/input/toml_writer.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_probe.hpp"
#include "viewer/data/h5_read.hpp"

namespace loom::viewer {
namespace {

// The newest layout this viewer was written against (docs/output.md).
constexpr int kKnownFormatVersion = 1;

std::string stem(const std::filesystem::path& p) {
  return p.filename().string();
}

std::vector<Event> read_events(const h5::Object& file, const std::string& path) {
  const h5::Table t(file, path);
  t.require({"run", "week", "kind"});
  const auto run = t.integers("run");
  const auto week = t.integers("week");
  const auto kind = t.strings("kind");
  const auto school = t.integers_or("school", 0);
  const auto actor = t.integers_or("actor", -1);
  const auto detail = t.strings_or("detail");
  std::vector<Event> events(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    events[i] = {run[i], week[i], school[i], kind[i], actor[i], detail[i]};
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.run != b.run ? a.run < b.run : a.week < b.week;
  });
  return events;
}

std::vector<NetworkNode> read_nodes(const h5::Object& file, const std::string& path) {
  const h5::Table t(file, path);
  t.require({"run", "week", "slot"});
  const auto run = t.integers("run");
  const auto week = t.integers("week");
  const auto slot = t.integers("slot");
  const auto person = t.has("person") ? t.integers("person") : slot;
  const auto role = t.integers_or("role", 1);
  const auto champion = t.integers_or("champion", 0);
  const auto tenure = t.doubles_or("tenure", 0.0);
  const auto burnout = t.doubles_or("burnout", 0.0);
  std::vector<NetworkNode> nodes(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    nodes[i] = {run[i],  week[i],          slot[i],   person[i],
                role[i], champion[i] != 0, tenure[i], burnout[i]};
  }
  return nodes;
}

std::vector<NetworkEdge> read_edges(const h5::Object& file, const std::string& path) {
  const h5::Table t(file, path);
  t.require({"run", "week", "source", "target"});
  const auto run = t.integers("run");
  const auto week = t.integers("week");
  const auto source = t.integers("source");
  const auto target = t.integers("target");
  const auto trust = t.doubles_or("trust", 1.0);
  std::vector<NetworkEdge> edges(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    edges[i] = {run[i], week[i], source[i], target[i], trust[i]};
  }
  return edges;
}

std::string shape_text(const std::vector<std::uint64_t>& shape) {
  std::string s;
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? " x " : "") + std::to_string(shape[i]);
  return s.empty() ? "a single value" : s;
}

ScenarioData read_scenario(const h5::Object& file, const std::filesystem::path& path,
                           const std::string& id) {
  const std::string group = "/scenarios/" + id;
  ScenarioData s;
  s.id = id;
  s.source = path.string();
  s.name = h5::string_attribute(file, group, "name").value_or(id);
  if (s.name.empty()) s.name = id;
  s.description = h5::string_attribute(file, group, "description").value_or("");
  s.model = h5::string_attribute(file, group, "model").value_or("");
  s.time_label = h5::string_attribute(file, group, "time_label").value_or("week");
  s.baseline = h5::string_attribute(file, group, "role").value_or("scenario") == "baseline";
  {
    const std::string list = h5::string_attribute(file, group, "headline_metrics").value_or("");
    std::size_t start = 0;
    while (start < list.size()) {
      const std::size_t end = std::min(list.find(',', start), list.size());
      if (end > start) s.headline_metrics.push_back(list.substr(start, end - start));
      start = end + 1;
    }
  }
  const double seed = h5::number_attribute(file, group, "seed").value_or(0.0);
  s.seed = seed >= 0 && std::isfinite(seed) ? static_cast<std::uint64_t>(seed) : 0;
  // The time axis as the writer stored it (files from before it was stored
  // fall back to the scenario settings below).
  const double steps_per_year = h5::number_attribute(file, group, "steps_per_year").value_or(0.0);
  if (s.time_label == "week" && steps_per_year >= 1 && steps_per_year < 1e6) {
    s.weeks_per_year = static_cast<int>(steps_per_year);
  }

  s.metrics = h5::read_strings(file, group + "/metrics");
  if (s.metrics.empty()) throw h5::ReadError("'" + group + "/metrics' lists no metrics");
  auto series = h5::read_doubles(file, group + "/timeseries");
  if (series.shape.size() != 3 || series.shape[2] != s.metrics.size()) {
    throw h5::ReadError("'" + group + "/timeseries' has shape " + shape_text(series.shape) +
                        " but should be runs x steps x " + std::to_string(s.metrics.size()) +
                        " (one column per name in 'metrics')");
  }
  if (series.shape[0] == 0 || series.shape[1] == 0) {
    throw h5::ReadError("'" + group + "/timeseries' holds no runs");
  }
  s.runs = static_cast<int>(series.shape[0]);
  s.steps = static_cast<int>(series.shape[1]);
  s.timeseries = std::move(series.values);
  s.compute_all_bands();

  // Everything below is optional: missing or unreadable parts become notes.
  const auto optional = [&](const std::string& what, auto read) {
    try {
      read();
    } catch (const std::exception& e) {
      s.notes.push_back(s.name + ": " + what + " could not be read (" + e.what() + ")");
    }
  };
  if (h5::exists(file, group + "/summary")) {
    optional("the summary table", [&] {
      // Read whole before any of it is kept: a column that fails to read
      // (a damaged chunk) once left a field name without its values, and
      // the comparison table indexed past the end (SIGSEGV).
      const h5::Table t(file, group + "/summary");
      std::vector<std::string> fields;
      std::vector<std::vector<double>> columns;
      for (const auto& field : t.fields()) {
        if (field == "run") continue;
        columns.push_back(t.doubles(field));
        fields.push_back(field);
        if (columns.back().size() != static_cast<std::size_t>(s.runs)) {
          throw h5::ReadError("it has " + std::to_string(columns.back().size()) + " rows for " +
                              std::to_string(s.runs) + " runs");
        }
      }
      s.summary_fields = std::move(fields);
      s.summary = std::move(columns);
    });
  }
  if (h5::exists(file, group + "/scenario.toml")) {
    optional("the scenario settings", [&] {
      const auto text = h5::read_strings(file, group + "/scenario.toml");
      if (!text.empty()) s.resolved_toml = text.front();
    });
  }
  if (!s.resolved_toml.empty()) {
    try {
      s.settings = ScenarioSettings::from_text(s.resolved_toml, id, stem(path) + ":" + id);
      const auto w = s.settings->value("school", "weeks_per_year");
      if (s.weeks_per_year == 0 && w) s.weeks_per_year = static_cast<int>(*w);
    } catch (const std::exception&) {
      // Written by a Loom with other parameters: plots still work, only
      // "start what-if from this scenario" and year labels are unavailable.
    }
  }
  if (h5::exists(file, group + "/events")) {
    optional("the event table", [&] { s.events = read_events(file, group + "/events"); });
  }
  if (h5::exists(file, group + "/network_nodes")) {
    optional("the network snapshots", [&] {
      s.network_nodes = read_nodes(file, group + "/network_nodes");
      if (h5::exists(file, group + "/network_edges")) {
        s.network_edges = read_edges(file, group + "/network_edges");
      }
    });
  }
  if (h5::exists(file, group + "/schools")) {
    optional("the network of schools", [&] { s.school_network = read_school_tables(file, group); });
  }
  return s;
}

}  // namespace

int ScenarioData::metric_index(std::string_view metric) const {
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i] == metric) return static_cast<int>(i);
  }
  return -1;
}

int ScenarioData::summary_index(std::string_view field) const {
  // Only fields that have their values (never an index past `summary`).
  for (std::size_t i = 0; i < summary_fields.size() && i < summary.size(); ++i) {
    if (summary_fields[i] == field) return static_cast<int>(i);
  }
  return -1;
}

void ScenarioData::compute_all_bands() {
  bands.clear();
  const int m = static_cast<int>(metrics.size());
  for (int j = 0; j < m; ++j) bands.push_back(compute_bands(timeseries, runs, steps, m, j));
}

ResultsFile load_results_file(const std::filesystem::path& path) {
  const std::string name = stem(path);
  try {
    try {
      require_safe_to_read(path);
    } catch (const Hdf5Error& e) {
      throw ResultsError(name + ": " + e.what());
    }
    const h5::Object file = h5::open_file(path);
    ResultsFile r;
    r.path = path;
    const auto format = h5::string_attribute(file, "/", "format");
    if (!format || *format != "loom-results") {
      throw ResultsError(name +
                         " is an HDF5 file but not a Loom results file (it has no "
                         "format = \"loom-results\" attribute).");
    }
    const auto complete = h5::number_attribute(file, "/", "complete");
    if (!complete || *complete != 1.0) {
      throw ResultsError(name +
                         " is incomplete: the run that wrote it did not finish. Run the "
                         "command again.");
    }
    r.format_version =
        static_cast<int>(h5::number_attribute(file, "/", "format_version").value_or(0.0));
    if (r.format_version > kKnownFormatVersion) {
      r.notes.push_back(name + " uses results format " + std::to_string(r.format_version) +
                        "; this viewer knows format " + std::to_string(kKnownFormatVersion) +
                        " and shows what it understands.");
    }
    r.loom_version = h5::string_attribute(file, "/", "loom_version").value_or("");
    r.git_commit = h5::string_attribute(file, "/", "git_commit").value_or("");
    r.command_line = h5::string_attribute(file, "/", "command_line").value_or("");
    r.created_utc = h5::string_attribute(file, "/", "created_utc").value_or("");

    if (!h5::is_group(file, "/scenarios")) {
      if (h5::exists(file, "/march")) {
        throw ResultsError(name +
                           " holds a `loom march` grid, which the viewer does not draw. "
                           "Open a file made by `loom run` or `loom compare`.");
      }
      throw ResultsError(name + " has no /scenarios group, so there is nothing to show.");
    }
    std::vector<std::string> ids = h5::child_groups(file, "/scenarios");
    if (ids.empty()) throw ResultsError(name + " has no scenarios in /scenarios.");
    // Command-line order (first = reference) when the file records it.
    if (h5::is_dataset(file, "/scenario_order")) {
      std::vector<std::string> ordered;
      try {
        for (const auto& id : h5::read_strings(file, "/scenario_order")) {
          if (std::find(ids.begin(), ids.end(), id) != ids.end() &&
              std::find(ordered.begin(), ordered.end(), id) == ordered.end()) {
            ordered.push_back(id);
          }
        }
      } catch (const h5::ReadError& e) {
        r.notes.push_back(name + ": the scenario order could not be read (" + e.what() + ")");
      }
      for (const auto& id : ids) {
        if (std::find(ordered.begin(), ordered.end(), id) == ordered.end()) ordered.push_back(id);
      }
      ids = std::move(ordered);
    }
    for (const auto& id : ids) {
      try {
        auto scenario = std::make_shared<ScenarioData>(read_scenario(file, path, id));
        for (const auto& note : scenario->notes) r.notes.push_back(note);
        r.scenarios.push_back(std::move(scenario));
      } catch (const h5::ReadError& e) {
        throw ResultsError(name + ": scenario '" + id + "': " + e.what());
      }
    }
    return r;
  } catch (const h5::ReadError& e) {
    throw ResultsError(e.what());
  } catch (const std::bad_alloc&) {
    throw ResultsError(name + " is too large to open in the viewer.");
  }
}

}  // namespace loom::viewer
