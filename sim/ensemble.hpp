#pragma once
// Replicate runs of one scenario and how they are written.
//
// A model fills one RunOutput per replicate: a weekly time series
// (week x metric, row-major) and one summary row. Replicates run in parallel
// (parallel_for), each writing only its own slot, and are keyed by replicate
// index for their random streams, so the collected result is identical for
// any number of threads.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hdf5_file.hpp"
#include "scenario.hpp"

namespace loom {

struct OutputLayout {
  std::string time_label = "week";   // what a time-series row is
  int steps = 0;                     // rows of the time series
  std::vector<std::string> metrics;  // columns of the time series
  std::vector<std::string> summary;  // fields of the summary row
  bool has_events = false;           // write an /events table (possibly empty)
};

// Something that happened in a run, told in plain language (the "event
// story" a workshop reads). `kind` is a stable machine name
// ("champion_left", ...), `detail` a sentence for people.
struct RunEvent {
  int week = 0;  // time step (summer events: the last week of the year)
  int school = 0;
  std::string kind;
  std::int64_t actor = -1;  // person id, or -1 when no one person acted
  std::string detail;
};

// The staff network at one week: nodes are posts (slots), stable across
// weeks; a departure shows as a new person in the same slot.
struct NetworkSnapshot {
  int week = 0;
  struct Node {
    std::int64_t slot, person, role, champion, tenure;
    double burnout;
  };
  struct Edge {
    std::int64_t source, target;
    double trust;
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

struct RunOutput {
  std::vector<double> series;   // steps x metrics
  std::vector<double> summary;  // one value per summary field
  std::vector<RunEvent> events;
  std::vector<NetworkSnapshot> network;  // empty unless the model records it
};

struct EnsembleResult {
  OutputLayout layout;
  std::vector<RunOutput> runs;  // index = replicate

  // One summary field over all replicates.
  std::vector<double> summary_column(const std::string& field) const;
};

using RunFunction = std::function<RunOutput(std::uint64_t replicate)>;

EnsembleResult run_ensemble(const OutputLayout& layout, int replicates, int threads,
                            const RunFunction& run, const std::string& progress_label);

// Writes one scenario's ensemble under /scenarios/<id>/ (see docs/output.md).
void write_ensemble(Hdf5Writer& file, const std::string& scenario_id, const ScenarioHeader& header,
                    const std::string& resolved_scenario, const EnsembleResult& result);

// Root attributes saying who wrote the file, how, and from what command.
void write_provenance(Hdf5Writer& file, const std::string& command_line);

}  // namespace loom
