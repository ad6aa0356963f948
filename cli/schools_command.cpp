#include "cli/schools_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "cli/check_command.hpp"
#include "cli/summary_table.hpp"
#include "sim/core/string_literal.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_probe.hpp"
#include "sim/output/hdf5_update.hpp"

namespace loom {
namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

struct SchoolLine {
  std::int64_t school = 0;
  std::string id;
  double students = 0, teachers = 0, poverty = 0;  // means over runs (drawn per run without a file)
  double seeded = 0, took_up = 0, at_end = 0;      // shares of runs
  double first_week = kNone;                       // median over runs that took it up
  double had_at_exit = kNone, kept = kNone;        // with a hub exit only
};

struct Report {
  std::string scenario, name;
  std::int64_t runs = 0;
  int weeks_per_year = 0;
  bool hub_exit = false;
  std::vector<SchoolLine> schools;
};

double median(std::vector<double> v) {
  if (v.empty()) return kNone;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Whether a school has the practice after an event of this kind (nullopt:
// the event does not change it).
std::optional<bool> holds_after(const std::string& kind) {
  if (kind == "practice_seeded" || kind == "practice_adopted" || kind == "practice_embedded")
    return true;
  if (kind == "practice_dropped") return false;
  return std::nullopt;
}

Report read_report(const Hdf5Reader& file, const std::string& path, const std::string& id) {
  const std::string group = "/scenarios/" + id;
  if (!file.has(group + "/schools") || !file.has(group + "/events"))
    throw std::invalid_argument(id + " in " + path +
                                " is not a network of schools (no schools table): loom schools "
                                "reports results of model = \"network\"");
  Report r;
  r.scenario = id;
  r.name = file.string_attribute(group, "name");
  r.runs = static_cast<std::int64_t>(file.number_attribute(group, "replicates"));
  r.weeks_per_year = weeks_per_year(file, path, group);
  const std::string table = group + "/schools";
  const auto run = file.column_doubles(table, "run");
  const auto school = file.column_doubles(table, "school");
  const auto fields = table_fields(path, table);
  const bool has_ids =
      std::any_of(fields.begin(), fields.end(), [](const TableField& f) { return f.name == "id"; });
  // Files written before schools had ids: "school <index>" below.
  const auto ids =
      has_ids ? file.column_strings(table, "id") : std::vector<std::string>(run.size());
  const auto students = file.column_doubles(table, "students");
  const auto teachers = file.column_doubles(table, "teachers");
  const auto poverty = file.column_doubles(table, "poverty");
  const auto seed = file.column_doubles(table, "seed");
  std::map<std::int64_t, SchoolLine> lines;
  for (std::size_t i = 0; i < run.size(); ++i) {
    SchoolLine& s = lines[static_cast<std::int64_t>(school[i])];
    s.school = static_cast<std::int64_t>(school[i]);
    s.id = ids[i];
    s.students += students[i];
    s.teachers += teachers[i];
    s.poverty += poverty[i];
    s.seeded += seed[i];
  }
  // Each run's events in order: when each school first has the practice,
  // whether it has it when the hub leaves and at the end.
  const std::string events = group + "/events";
  const auto e_run = file.column_doubles(events, "run");
  const auto e_week = file.column_doubles(events, "week");
  const auto e_school = file.column_doubles(events, "school");
  const auto e_kind = file.column_strings(events, "kind");
  // Event rows by run, in one pass (a run's rows keep their order).
  std::vector<std::vector<std::size_t>> by_run(
      static_cast<std::size_t>(std::max<std::int64_t>(r.runs, 0)));
  for (std::size_t i = 0; i < e_run.size(); ++i) {
    const auto rr = static_cast<std::int64_t>(e_run[i]);
    if (rr >= 0 && rr < r.runs) by_run[static_cast<std::size_t>(rr)].push_back(i);
  }
  std::map<std::int64_t, std::vector<double>> first_weeks;
  std::map<std::int64_t, int> took, end, had, kept;
  for (const auto& rows : by_run) {
    // The hub's exit, as the model counts it (sustained_share_after_hub_exit):
    // who had the practice as its last funded week began, so before that
    // week's events (the exit event is the last of them).
    std::optional<double> exit_week;
    for (const std::size_t i : rows)
      if (e_kind[i] == "hub_exit") exit_week = e_week[i];
    std::map<std::int64_t, bool> now, at_exit;
    std::map<std::int64_t, double> first;
    bool exited = false;
    for (const std::size_t i : rows) {
      if (exit_week && !exited && e_week[i] >= *exit_week) {
        exited = true;
        at_exit = now;
      }
      const auto holds = holds_after(e_kind[i]);
      if (!holds) continue;
      const auto s = static_cast<std::int64_t>(e_school[i]);
      now[s] = *holds;
      if (*holds && !first.count(s)) first[s] = e_week[i];
    }
    r.hub_exit = r.hub_exit || exited;
    for (const auto& [s, week] : first) {
      first_weeks[s].push_back(week);
      ++took[s];
    }
    for (const auto& [s, has] : now) end[s] += has ? 1 : 0;
    for (const auto& [s, has] : at_exit) {
      if (!has) continue;
      ++had[s];
      kept[s] += now[s] ? 1 : 0;
    }
  }
  const double runs = static_cast<double>(std::max<std::int64_t>(r.runs, 1));
  for (auto& [s, line] : lines) {
    line.students /= runs;
    line.teachers /= runs;
    line.poverty /= runs;
    line.seeded /= runs;
    line.took_up = took[s] / runs;
    line.at_end = end[s] / runs;
    line.first_week = median(first_weeks[s]);
    if (r.hub_exit) {
      line.had_at_exit = had[s] / runs;
      line.kept = had[s] > 0 ? static_cast<double>(kept[s]) / had[s] : kNone;
    }
    if (line.id.empty()) line.id = "school " + std::to_string(s);  // files before ids
    r.schools.push_back(line);
  }
  return r;
}

std::string fixed(double v, const char* format) {
  if (std::isnan(v)) return "n/a";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

std::string percent(double share) {
  return std::isnan(share) ? "n/a" : fixed(100 * share, "%.0f%%");
}

std::string when(double week, int per_year) {
  if (std::isnan(week)) return "never";
  const auto w = static_cast<long long>(std::floor(week));
  return "year " + std::to_string(w / per_year + 1) + " week " + std::to_string(w % per_year + 1);
}

void print_table(const Report& r, std::ostream& out) {
  out << "== " << r.name << " (" << r.scenario << "): " << r.runs << " runs, school by school\n";
  std::size_t width = 6;
  for (const auto& s : r.schools) width = std::max(width, s.id.size());
  char line[256];
  std::snprintf(line, sizeof line, "%-*s  %8s  %7s  %6s  %8s  %-18s  %7s", static_cast<int>(width),
                "school", "students", "poverty", "seed", "took up", "first (median)", "at end");
  out << line << (r.hub_exit ? "  had at hub exit  kept after" : "") << "\n";
  for (const auto& s : r.schools) {
    std::snprintf(line, sizeof line, "%-*s  %8.0f  %7s  %6s  %8s  %-18s  %7s",
                  static_cast<int>(width), s.id.c_str(), s.students, percent(s.poverty).c_str(),
                  percent(s.seeded).c_str(), percent(s.took_up).c_str(),
                  when(s.first_week, r.weeks_per_year).c_str(), percent(s.at_end).c_str());
    out << line;
    if (r.hub_exit) {
      std::snprintf(line, sizeof line, "  %16s  %10s", percent(s.had_at_exit).c_str(),
                    percent(s.kept).c_str());
      out << line;
    }
    out << "\n";
  }
  out << "Shares of runs. First: the median week of the first take-up in the runs that took it up."
      << (r.hub_exit ? " Kept after: of the runs with the practice when the hub left, the share "
                       "still with it at the end."
                     : " The hub's funding did not end during the run.")
      << "\n\n";
}

}  // namespace

void print_schools_report(const SchoolsRequest& request, std::ostream& out) {
  require_safe_to_read(request.file);
  const Hdf5Reader file(request.file);
  require_complete_results(file, request.file);
  std::vector<std::string> ids = results_scenarios(file, request.file, request.scenario);
  if (request.scenario.empty()) {
    // Every network scenario (a file with none: the error below, naming it).
    std::vector<std::string> networks;
    for (const auto& id : ids)
      if (file.has("/scenarios/" + id + "/schools")) networks.push_back(id);
    if (!networks.empty()) ids = networks;
  }
  std::vector<Report> reports;
  for (const auto& id : ids) reports.push_back(read_report(file, request.file, id));
  if (request.format == "json") {
    out << "{\"scenarios\": [";
    for (std::size_t k = 0; k < reports.size(); ++k) {
      const Report& r = reports[k];
      out << (k ? ", " : "") << "{\"scenario\": " << string_literal(r.scenario)
          << ", \"runs\": " << r.runs << ", \"weeks_per_year\": " << r.weeks_per_year
          << ", \"hub_exit\": " << (r.hub_exit ? "true" : "false") << ", \"schools\": [";
      for (std::size_t i = 0; i < r.schools.size(); ++i) {
        const SchoolLine& s = r.schools[i];
        out << (i ? ", " : "") << "{\"id\": " << string_literal(s.id)
            << ", \"school\": " << s.school << ", \"students\": " << json_number(s.students)
            << ", \"teachers\": " << json_number(s.teachers)
            << ", \"poverty\": " << json_number(s.poverty)
            << ", \"seeded_share\": " << json_number(s.seeded)
            << ", \"took_up_share\": " << json_number(s.took_up)
            << ", \"first_week_median\": " << json_number(s.first_week)
            << ", \"end_share\": " << json_number(s.at_end)
            << ", \"had_at_exit_share\": " << json_number(s.had_at_exit)
            << ", \"kept_after_exit_share\": " << json_number(s.kept) << "}";
      }
      out << "]}";
    }
    out << "]}\n";
    return;
  }
  if (request.format == "csv") {
    out << "scenario,id,school,students,teachers,poverty,seeded_share,took_up_share,"
           "first_week_median,end_share,had_at_exit_share,kept_after_exit_share\n";
    for (const auto& r : reports) {
      for (const auto& s : r.schools) {
        out << csv_field(r.scenario) << "," << csv_field(s.id) << "," << s.school << ","
            << csv_number(s.students) << "," << csv_number(s.teachers) << ","
            << csv_number(s.poverty) << "," << csv_number(s.seeded) << "," << csv_number(s.took_up)
            << "," << csv_number(s.first_week) << "," << csv_number(s.at_end) << ","
            << csv_number(s.had_at_exit) << "," << csv_number(s.kept) << "\n";
      }
    }
    return;
  }
  for (const auto& r : reports) print_table(r, out);
}

}  // namespace loom
