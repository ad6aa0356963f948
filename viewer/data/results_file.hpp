#pragma once
// A Loom results file (docs/output.md) as the viewer holds it in memory.
//
// Loading checks the file is a complete Loom results file with scenario
// groups and says plainly what is wrong otherwise; it never crashes on a
// foreign, truncated or half-written file. Parts added by newer Loom
// versions (event and network tables, more metrics) are read when present
// and simply absent in older files; an unreadable optional part becomes a
// note, not a failure.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "viewer/data/scenario_settings.hpp"
#include "viewer/data/school_network_data.hpp"
#include "viewer/data/series_bands.hpp"

namespace loom::viewer {

class ResultsError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One row of /scenarios/<id>/events.
struct Event {
  std::int64_t run = 0;
  std::int64_t week = 0;  // 0-based step
  std::int64_t school = 0;
  std::string kind;  // "champion_left", "idea_adopted", ...
  std::int64_t actor = -1;
  std::string detail;  // a plain-language sentence
};

// One row of /scenarios/<id>/network_nodes.
struct NetworkNode {
  std::int64_t run = 0, week = 0;
  std::int64_t slot = 0;    // stable node id; a departure shows as a new person here
  std::int64_t person = 0;  // who holds the slot
  std::int64_t role = 1;    // 0 principal, 1 teacher
  bool champion = false;
  double tenure = 0.0;   // years
  double burnout = 0.0;  // 0..1
};

// One row of /scenarios/<id>/network_edges.
struct NetworkEdge {
  std::int64_t run = 0, week = 0;
  std::int64_t source = 0, target = 0;  // slots
  double trust = 0.0;                   // 0..1
};

// One scenario's results: from a file, or from a what-if run.
struct ScenarioData {
  std::string id;    // group name in the file, or what-if id
  std::string name;  // plain name ("Top-down leadership")
  std::string description;
  std::string model;   // "school", "march"
  std::string source;  // file it came from (for labels), or "what-if"
  std::uint64_t seed = 0;
  std::string time_label = "week";
  int weeks_per_year = 0;  // 0 when unknown
  // The counterfactual of a comparison (`loom compare --baseline`: a school
  // doing nothing new), which the others are also measured against.
  bool baseline = false;
  // Metrics reported year by year (the model's headline); from the file's
  // `headline_metrics`, empty in older files.
  std::vector<std::string> headline_metrics;

  std::vector<std::string> metrics;
  int runs = 0, steps = 0;
  std::vector<double> timeseries;  // runs x steps x metrics, as in the file
  std::vector<SeriesBands> bands;  // one per metric

  std::vector<std::string> summary_fields;   // without "run"
  std::vector<std::vector<double>> summary;  // [field][run]

  std::string resolved_toml;                 // the scenario as run
  std::optional<ScenarioSettings> settings;  // parsed from resolved_toml when possible

  std::vector<Event> events;
  std::vector<NetworkNode> network_nodes;
  std::vector<NetworkEdge> network_edges;
  SchoolTables school_network;  // model = "network": schools, ties, weekly rows

  std::vector<std::string> notes;  // parts that were missing or unreadable

  int metric_index(std::string_view metric) const;  // -1 if absent
  int summary_index(std::string_view field) const;  // -1 if absent
  double value(int run, int step, int metric) const {
    return timeseries[(static_cast<std::size_t>(run) * static_cast<std::size_t>(steps) +
                       static_cast<std::size_t>(step)) *
                          metrics.size() +
                      static_cast<std::size_t>(metric)];
  }
  // Fills `bands` from `timeseries`.
  void compute_all_bands();
};

struct ResultsFile {
  std::filesystem::path path;
  std::string loom_version, git_commit, command_line, created_utc;
  int format_version = 0;
  std::vector<std::shared_ptr<const ScenarioData>> scenarios;  // in /scenario_order order
  std::vector<std::string> notes;
};

// Throws ResultsError with a message for the user (naming the file and what
// is wrong) for anything that is not a readable, complete Loom results file
// with at least one scenario.
ResultsFile load_results_file(const std::filesystem::path& path);

}  // namespace loom::viewer
