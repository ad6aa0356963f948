#include "viewer/data/school_network_data.hpp"

#include <cstdio>

#include "viewer/data/csv_export.hpp"

#include <algorithm>
#include <cmath>

#include "viewer/data/h5_read.hpp"
#include "viewer/data/results_file.hpp"

namespace loom::viewer {
namespace {

// Metric names of models/school_network/network_outputs.cpp.
constexpr const char* kAdoptedByTercile[3] = {
    "adopted_share_low_poverty", "adopted_share_mid_poverty", "adopted_share_high_poverty"};
constexpr int kHubAndSpoke = 0;  // network.topology's first choice (school_graph.hpp)

std::vector<SchoolInfo> read_schools(const h5::Object& file, const std::string& path) {
  const h5::Table t(file, path);
  t.require({"run", "school"});
  const auto run = t.integers("run");
  const auto school = t.integers("school");
  const auto students = t.integers_or("students", 0);
  const auto teachers = t.integers_or("teachers", 0);
  const auto poverty = t.doubles_or("poverty", 0.0);
  const auto tercile = t.integers_or("poverty_tercile", 0);
  const auto style = t.strings_or("style");
  const auto ids = t.strings_or("id");
  const auto capacity = t.doubles_or("capacity", 0.0);
  const auto seed = t.integers_or("seed", 0);
  const auto centrality = t.doubles_or("centrality", 0.0);
  const auto degree = t.integers_or("degree", 0);
  std::vector<SchoolInfo> out(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    out[i] = {run[i],     school[i], ids[i],      students[i],  teachers[i],   poverty[i],
              tercile[i], style[i],  capacity[i], seed[i] != 0, centrality[i], degree[i]};
  }
  return out;
}

std::vector<SchoolTie> read_ties(const h5::Object& file, const std::string& path) {
  const h5::Table t(file, path);
  t.require({"run", "source", "target"});
  const auto run = t.integers("run");
  const auto source = t.integers("source");
  const auto target = t.integers("target");
  const auto trust = t.doubles_or("trust", 1.0);
  std::vector<SchoolTie> out(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) out[i] = {run[i], source[i], target[i], trust[i]};
  return out;
}

std::vector<SchoolRow> read_rows(const h5::Object& file, const std::string& path) {
  const h5::Table t(file, path);
  t.require({"run", "week", "school", "status"});
  const auto run = t.integers("run");
  const auto week = t.integers("week");
  const auto school = t.integers("school");
  const auto status = t.integers("status");
  const auto champions = t.integers_or("champions", 0);
  const auto fidelity = t.doubles_or("fidelity", 0.0);
  const auto load = t.doubles_or("load", 0.0);
  const auto outcome = t.doubles_or("outcome", 0.0);
  const auto gap = t.doubles_or("gap", 0.0);
  std::vector<SchoolRow> out(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) {
    out[i] = {run[i],      week[i], school[i],  status[i], champions[i],
              fidelity[i], load[i], outcome[i], gap[i]};
  }
  return out;
}

}  // namespace

std::string school_label(const SchoolInfo& school) {
  return school.id.empty() ? "school " + std::to_string(school.school) : school.id;
}

SchoolTables read_school_tables(const h5::Object& file, const std::string& group) {
  SchoolTables t;
  if (h5::exists(file, group + "/schools")) t.schools = read_schools(file, group + "/schools");
  if (h5::exists(file, group + "/school_ties")) t.ties = read_ties(file, group + "/school_ties");
  if (h5::exists(file, group + "/school_rows")) t.rows = read_rows(file, group + "/school_rows");
  return t;
}

std::vector<std::int64_t> school_network_runs(const SchoolTables& tables) {
  std::vector<std::int64_t> runs;
  for (const auto& s : tables.schools) runs.push_back(s.run);
  std::sort(runs.begin(), runs.end());
  runs.erase(std::unique(runs.begin(), runs.end()), runs.end());
  return runs;
}

SchoolNetworkRun::SchoolNetworkRun(const SchoolTables& tables, std::int64_t run) : run_(run) {
  for (const auto& s : tables.schools) {
    if (s.run == run) schools_.push_back(s);
  }
  std::sort(schools_.begin(), schools_.end(),
            [](const SchoolInfo& a, const SchoolInfo& b) { return a.school < b.school; });
  // A repeated id (a foreign file) keeps its first row, so indices stay unique.
  schools_.erase(
      std::unique(schools_.begin(), schools_.end(),
                  [](const SchoolInfo& a, const SchoolInfo& b) { return a.school == b.school; }),
      schools_.end());
  for (const auto& t : tables.ties) {
    if (t.run != run) continue;
    const std::size_t a = index_of(t.source), b = index_of(t.target);
    if (a == size() || b == size() || a == b) continue;  // a tie to nobody is left out
    ties_.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
    tie_trust_.push_back(t.trust);
  }
  for (const auto& r : tables.rows) {
    if (r.run == run) weeks_.push_back(r.week);
  }
  std::sort(weeks_.begin(), weeks_.end());
  weeks_.erase(std::unique(weeks_.begin(), weeks_.end()), weeks_.end());
  states_.assign(weeks_.size() * schools_.size(), SchoolState{});
  for (const auto& r : tables.rows) {
    if (r.run != run) continue;
    const std::size_t s = index_of(r.school);
    if (s == size()) continue;
    const auto w = static_cast<std::size_t>(std::lower_bound(weeks_.begin(), weeks_.end(), r.week) -
                                            weeks_.begin());
    const auto status = static_cast<SchoolStatus>(std::clamp<std::int64_t>(r.status, 0, 2));
    states_[w * size() + s] = {status, r.champions, r.fidelity, r.load, r.outcome, r.gap, true};
  }
}

std::size_t SchoolNetworkRun::index_of(std::int64_t school) const {
  const auto it =
      std::lower_bound(schools_.begin(), schools_.end(), school,
                       [](const SchoolInfo& s, std::int64_t id) { return s.school < id; });
  return it != schools_.end() && it->school == school
             ? static_cast<std::size_t>(it - schools_.begin())
             : size();
}

std::size_t SchoolNetworkRun::week_index_at(std::int64_t week) const {
  const auto after = std::upper_bound(weeks_.begin(), weeks_.end(), week);
  return after == weeks_.begin() ? 0 : static_cast<std::size_t>(after - weeks_.begin()) - 1;
}

std::span<const SchoolState> SchoolNetworkRun::states(std::size_t week_index) const {
  if (week_index >= weeks_.size()) return {};
  return {states_.data() + week_index * size(), size()};
}

StatusCounts SchoolNetworkRun::counts(std::size_t week_index) const {
  StatusCounts c;
  for (const auto& s : states(week_index)) {
    if (!s.known) {
      ++c.unknown;
    } else if (s.status == SchoolStatus::kRoutine) {
      ++c.routine;
    } else if (s.status == SchoolStatus::kWorking) {
      ++c.working;
    } else {
      ++c.not_yet;
    }
  }
  return c;
}

bool HubView::active_at(int step) const {
  if (active.empty()) return present;
  return active[static_cast<std::size_t>(std::clamp(step, 0, static_cast<int>(active.size()) - 1))];
}

HubView hub_view(const ScenarioData& data, std::int64_t run) {
  HubView hub;
  const int m = data.metric_index("hub_active");
  if (m >= 0 && run >= 0 && run < data.runs) {
    for (int t = 0; t < data.steps; ++t) {
      hub.active.push_back(data.value(static_cast<int>(run), t, m) > 0.5);
    }
    hub.present = std::find(hub.active.begin(), hub.active.end(), true) != hub.active.end();
  }
  if (data.settings) {
    if (const auto enabled = data.settings->value("hub", "enabled")) {
      hub.present = hub.present || *enabled != 0.0;
    }
    const auto topology = data.settings->value("network", "topology");
    hub.spokes = hub.present && topology && static_cast<int>(*topology) == kHubAndSpoke;
  }
  return hub;
}

int hub_exit_step(const ScenarioData& data) {
  const int m = data.metric_index("hub_active");
  if (m < 0 || data.runs <= 0) return -1;
  // The funding ends in the same week in every run (hub.funding_ends_year).
  bool was = false;
  for (int t = 0; t < data.steps; ++t) {
    const bool active = data.value(0, t, m) > 0.5;
    if (was && !active) return t;
    was = active;
  }
  return -1;
}

bool is_network_scenario(const ScenarioData& data) {
  return data.model == "network" || data.metric_index("adopted_share") >= 0;
}

std::array<Estimate, 3> end_adoption_by_tercile(const ScenarioData& data) {
  std::array<Estimate, 3> out{};
  if (data.runs <= 0 || data.steps <= 0) return out;
  for (std::size_t k = 0; k < 3; ++k) {
    const int m = data.metric_index(kAdoptedByTercile[k]);
    if (m < 0) continue;
    std::vector<double> values;
    for (int r = 0; r < data.runs; ++r) {
      const double v = data.value(r, data.steps - 1, m);
      if (std::isfinite(v)) values.push_back(v);
    }
    if (!values.empty()) out[k] = estimate_mean(values);
  }
  return out;
}

Estimate end_difference(const ScenarioData& a, const ScenarioData& b, const std::string& metric) {
  const int ma = a.metric_index(metric), mb = b.metric_index(metric);
  if (ma < 0 || mb < 0 || a.steps <= 0 || b.steps <= 0) return {};
  std::vector<double> va, vb;
  for (int r = 0; r < a.runs; ++r) va.push_back(a.value(r, a.steps - 1, ma));
  for (int r = 0; r < b.runs; ++r) vb.push_back(b.value(r, b.steps - 1, mb));
  return a.runs == b.runs ? estimate_paired_difference(va, vb) : estimate_difference(va, vb);
}

std::string schools_csv(const std::string& scenario, const SchoolNetworkRun& run,
                        std::int64_t week) {
  std::string out =
      "scenario,run,week,id,school,students,teachers,poverty,style,seed,status,fidelity,"
      "champions\n";
  const std::size_t at = run.week_index_at(week);
  const std::int64_t shown = run.weeks().empty() ? week : run.weeks()[at];
  const auto states = run.states(at);
  for (std::size_t i = 0; i < run.size(); ++i) {
    const SchoolInfo& s = run.schools()[i];
    const SchoolState st = i < states.size() ? states[i] : SchoolState{};
    char numbers[128];
    std::snprintf(numbers, sizeof numbers, "%lld,%lld,%.6g", static_cast<long long>(s.students),
                  static_cast<long long>(s.teachers), s.poverty);
    out += csv_field(scenario) + "," + std::to_string(run.run()) + "," + std::to_string(shown) +
           "," + csv_field(school_label(s)) + "," + std::to_string(s.school) + "," + numbers + "," +
           csv_field(s.style) + "," + (s.seed ? "1" : "0") + "," +
           csv_field(st.known ? status_label(st.status) : "") + ",";
    if (st.known) {
      char tail[64];
      std::snprintf(tail, sizeof tail, "%.6g,%lld", st.fidelity,
                    static_cast<long long>(st.champions));
      out += tail;
    } else {
      out += ",";
    }
    out += "\n";
  }
  return out;
}

const char* status_label(SchoolStatus status) {
  switch (status) {
    case SchoolStatus::kWorking:
      return "Working on the practice";
    case SchoolStatus::kRoutine:
      return "Practice has become routine";
    case SchoolStatus::kNotYet:
      break;
  }
  return "Not (yet) taking part";
}

}  // namespace loom::viewer
