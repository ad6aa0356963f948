#pragma once
// A network of schools (model = "network") as the viewer reads it: who the
// member schools are, which are tied, and where each stood with the
// practice week by week, for one run at a time.
//
// The model writes three per-run tables (docs/output.md, "Network of
// schools"): `schools` (one row per school), `school_ties` (one row per
// undirected tie) and `school_rows` (every school at week 0, every
// network.rows_every_weeks weeks, and the last week). The hub is not a row:
// it is the `hub_active` metric and the [hub] settings, so `hub_view` reads
// it from there. GL-free, so all of it is tested without a display.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/statistics.hpp"
#include "sim/output/hdf5_handle.hpp"

namespace loom::viewer {

struct ScenarioData;

// One row of /scenarios/<id>/schools.
struct SchoolInfo {
  std::int64_t run = 0, school = 0;
  std::string id;  // the hub's id (schools file, or S-1 ..); "" in older files
  std::int64_t students = 0, teachers = 0;
  double poverty = 0.0;              // share of students in poverty, 0..1
  std::int64_t poverty_tercile = 0;  // 0 low, 1 middle, 2 high
  std::string style;                 // leadership preset of the school
  double capacity = 0.0;             // 0..1
  bool seed = false;                 // started with the practice
  double centrality = 0.0;           // eigenvector centrality, largest = 1
  std::int64_t degree = 0;           // tied schools
};

// One row of /scenarios/<id>/school_ties.
struct SchoolTie {
  std::int64_t run = 0, source = 0, target = 0;
  double trust = 0.0;
};

// Where a school stands with the practice (the model's status column).
enum class SchoolStatus : std::int64_t { kNotYet = 0, kWorking = 1, kRoutine = 2 };

// One row of /scenarios/<id>/school_rows.
struct SchoolRow {
  std::int64_t run = 0, week = 0, school = 0;
  std::int64_t status = 0;  // SchoolStatus
  std::int64_t champions = 0;
  double fidelity = 0.0, load = 0.0, outcome = 0.0, gap = 0.0;
};

struct SchoolTables {
  std::vector<SchoolInfo> schools;
  std::vector<SchoolTie> ties;
  std::vector<SchoolRow> rows;
  bool present() const { return !schools.empty(); }
};

// Reads the three tables under `group` ("/scenarios/<id>"); absent tables
// stay empty. Throws h5::ReadError when a table is there but unreadable.
SchoolTables read_school_tables(const Hdf5Handle& file, const std::string& group);

// Runs with a `schools` table, ascending.
std::vector<std::int64_t> school_network_runs(const SchoolTables& tables);

// A school at a recorded week. `known` is false for a school with no row
// that week (a damaged or foreign file); it is then drawn as "no record".
struct SchoolState {
  SchoolStatus status = SchoolStatus::kNotYet;
  std::int64_t champions = 0;
  double fidelity = 0.0, load = 0.0, outcome = 0.0, gap = 0.0;
  bool known = false;
};

struct StatusCounts {
  int not_yet = 0, working = 0, routine = 0, unknown = 0;
};

// One run of a network, indexed for drawing: schools in id order (index i
// is the i-th school), ties as index pairs, states as a dense weeks x
// schools grid so a scrubbed week is one lookup.
class SchoolNetworkRun {
 public:
  SchoolNetworkRun() = default;
  SchoolNetworkRun(const SchoolTables& tables, std::int64_t run);

  std::int64_t run() const { return run_; }
  std::size_t size() const { return schools_.size(); }
  const std::vector<SchoolInfo>& schools() const { return schools_; }
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ties() const { return ties_; }
  const std::vector<double>& tie_trust() const { return tie_trust_; }
  const std::vector<std::int64_t>& weeks() const { return weeks_; }  // recorded, ascending
  // The record to show at `week` (0-based): the latest at or before it, or
  // the first when `week` is earlier than every record. 0 when none.
  std::size_t week_index_at(std::int64_t week) const;
  std::span<const SchoolState> states(std::size_t week_index) const;
  StatusCounts counts(std::size_t week_index) const;
  // Index of school id `school`, or size() when absent.
  std::size_t index_of(std::int64_t school) const;

 private:
  std::int64_t run_ = -1;
  std::vector<SchoolInfo> schools_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties_;
  std::vector<double> tie_trust_;
  std::vector<std::int64_t> weeks_;
  std::vector<SchoolState> states_;  // weeks_.size() x schools_.size()
};

// The hub of the network in one run. present: the scenario has a hub
// ([hub] enabled, or the hub_active metric is ever 1). spokes: the schools
// are tied to the hub only (topology hub-and-spoke), so the hub is a node
// of the picture; otherwise it is drawn apart, as it convenes everyone.
struct HubView {
  bool present = false;
  bool spokes = false;
  std::vector<bool> active;  // per step: funded (from hub_active; empty if unknown)
  bool active_at(int step) const;
};
HubView hub_view(const ScenarioData& data, std::int64_t run);

// The first step without the hub after it was funded (its funding ended),
// or -1 when it never left (or the file has no hub_active metric).
int hub_exit_step(const ScenarioData& data);

// True for results of the network model (by model name or its metrics).
bool is_network_scenario(const ScenarioData& data);

// Share of schools with the practice at the last week, by poverty tercile
// (low, middle, high): mean over runs with a 95% interval. count = 0 for a
// tercile the file does not hold.
std::array<Estimate, 3> end_adoption_by_tercile(const ScenarioData& data);

// What the map and hover call a school: its id, or in files written before
// ids were stored, "school <index>".
std::string school_label(const SchoolInfo& school);

// The difference b minus a of a metric's value at the last step, over runs:
// paired by run when both have the same runs (common random numbers),
// else Welch's. count = 0 when either lacks the metric.
Estimate end_difference(const ScenarioData& a, const ScenarioData& b, const std::string& metric);

// The map as a table, one row per school at the record shown for `week`:
// scenario,run,week,id,school,students,teachers,poverty,style,seed,status,
// fidelity,champions (status in words; fidelity and champions empty where
// the record has none). What Ctrl+E saves on the Network of schools tab.
std::string schools_csv(const std::string& scenario, const SchoolNetworkRun& run,
                        std::int64_t week);

// Plain-language words for a status, for the legend and the hover.
const char* status_label(SchoolStatus status);

}  // namespace loom::viewer
