#pragma once
// What one run (one unit of a run plan) produces, and the shape of it.
//
// A model fills one RunOutput per replicate: a time series (step x metric,
// row-major) and one summary row, optionally events and network snapshots.
// Runs are executed by the run loop (run_loop.hpp) and written by its sinks
// (result_sinks.hpp).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/run/table_column.hpp"

namespace loom {

// A value that is undefined for this run (a group with no students, an
// event that never happened): stored as NaN, never as a stand-in number
// that a summary would average. sim/core/statistics.hpp counts the runs
// that have a value; tables print "n/a" when none has.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

struct OutputLayout {
  std::string time_label = "week";   // what a time-series row is
  int steps = 0;                     // rows of the time series
  std::vector<std::string> metrics;  // columns of the time series
  std::vector<std::string> summary;  // fields of the summary row
  bool has_events = false;           // write an /events table (possibly empty)
  // The time axis: steps per year when steps are parts of a year (a school
  // model's weeks), 0 when time has no calendar (March's periods). Stored
  // as the `steps_per_year` attribute so no reader parses scenario TOML.
  int steps_per_year = 0;
  // The metrics a comparison reports year by year (the model's headline,
  // e.g. the school's mean outcome and gap): their values at the end of
  // each year, so a result is seen as it builds, not only at the end.
  // Empty when time has no years.
  std::vector<std::string> headline_metrics = {};
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

// Widths (bytes) at which results files store event texts. Fixed widths let
// gzip reach them: as variable-length strings, which live where no HDF5
// filter applies, they were 35-54% of a run file. Kinds are code words (the
// longest 20 bytes); details are sentences written by the models (the
// longest in the presets 390 bytes). The padding costs the serial writer
// time to compress (1,024-byte details made it 2x slower than 512), so the
// widths are kept tight. A longer text stops the write with an error naming
// the column; tests/models/catalog/event_width_test.cpp runs the presets and
// wants a quarter of each width to spare.
inline constexpr std::size_t kEventKindWidth = 32;
inline constexpr std::size_t kEventDetailWidth = 512;

// Further rows a model records in a run, for a table of its own (the
// school's staff-network snapshots, for example). The writer stores them
// under /scenarios/<id>/<name> with a leading `run` column. A table exists
// in the file once any run produced it, even with no rows; every run must
// give a table the same columns (names and types).
struct RunTable {
  std::string name;
  std::vector<TableColumn> columns;
};

struct RunOutput {
  std::vector<double> series;   // steps x metrics
  std::vector<double> summary;  // one value per summary field
  std::vector<RunEvent> events;
  std::vector<RunTable> tables;  // model-specific tables, usually none
  // The time series already compressed as one HDF5 chunk, by a sink's
  // worker-side preparation (LoopOptions::prepare); `series` is then empty.
  std::vector<unsigned char> encoded_series;
};

struct EnsembleResult {
  OutputLayout layout;
  std::vector<RunOutput> runs;  // index = replicate

  // One summary field over all replicates.
  std::vector<double> summary_column(const std::string& field) const;
};

}  // namespace loom
