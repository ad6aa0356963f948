#include "cli/story_command.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>
#include <stdexcept>

#include "cli/check_command.hpp"
#include "models/school/event_story.hpp"
#include "sim/input/parameter.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_probe.hpp"

namespace loom {

namespace {

// Events said in the same words in one school year, told once.
struct StoryLine {
  std::vector<std::int64_t> weeks;  // 0-based steps, in order
  std::string kind, detail;
};

// "Year 2, week 14", or "Year 2, weeks 4, 8 and 14 (3 times)" for a repeat,
// from 0-based steps and the scenario's weeks per year.
std::string when(const std::vector<std::int64_t>& weeks, int weeks_per_year) {
  std::string s = "Year " + std::to_string(weeks.front() / weeks_per_year + 1) +
                  (weeks.size() == 1 ? ", week " : ", weeks ");
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    s += (i == 0                  ? ""
          : i + 1 == weeks.size() ? " and "
                                  : ", ") +
         std::to_string(weeks[i] % weeks_per_year + 1);
  }
  if (weeks.size() > 1) s += " (" + std::to_string(weeks.size()) + " times)";
  return s;
}

// The index of the school named `id` in run `run` of a network scenario's
// schools table (its `id` column), or nullopt when the scenario has no such
// table. Throws std::invalid_argument naming the ids near `id` when it is
// not there.
std::optional<std::int64_t> school_index(const Hdf5Reader& file, const std::string& group,
                                         const std::string& id, std::int64_t run) {
  const std::string table = group + "/schools";
  if (!file.has(table)) return std::nullopt;
  const auto runs = file.column_doubles(table, "run");
  const auto schools = file.column_doubles(table, "school");
  const auto ids = file.column_strings(table, "id");
  std::vector<std::string> in_run;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (static_cast<std::int64_t>(runs[i]) != run) continue;
    if (ids[i] == id) return static_cast<std::int64_t>(schools[i]);
    in_run.push_back(ids[i]);
  }
  const std::string near = nearest_name(id, in_run);
  throw std::invalid_argument("no school '" + id + "' in " + group.substr(11) + " (" +
                              std::to_string(in_run.size()) + " schools" +
                              (near.empty() ? "" : "; did you mean '" + near + "'?") + ")");
}

}  // namespace

void print_story(const StoryRequest& request, std::ostream& out) {
  require_safe_to_read(request.file);
  const Hdf5Reader file(request.file);
  require_complete_results(file, request.file);
  const std::vector<std::string> ids = results_scenarios(file, request.file, request.scenario);
  for (const auto& id : ids) {
    const std::string group = "/scenarios/" + id;
    const std::string table = group + "/events";
    const std::string name = file.string_attribute(group, "name");
    out << "== " << name << " (" << id << "), run " << request.run << " (the viewer's School "
        << request.run + 1 << ")\n";
    if (!file.has(table)) {
      out << "   This scenario has no event table (its model records no events).\n\n";
      continue;
    }
    const auto replicates = static_cast<std::int64_t>(file.number_attribute(group, "replicates"));
    if (request.run < 0 || request.run >= replicates) {
      throw std::invalid_argument("run " + std::to_string(request.run) + " is not in " + id +
                                  " (runs 0 to " + std::to_string(replicates - 1) + ")");
    }
    const auto runs = file.column_doubles(table, "run");
    const auto weeks = file.column_doubles(table, "week");
    const auto kinds = file.column_strings(table, "kind");
    const auto details = file.column_strings(table, "detail");
    const int per_year = weeks_per_year(file, request.file, group);
    std::optional<std::int64_t> school;
    std::vector<double> event_school;
    if (!request.school.empty()) {
      school = school_index(file, group, request.school, request.run);
      if (!school)
        throw std::invalid_argument("--school is for a network of schools; " + id +
                                    " has no schools table");
      event_school = file.column_doubles(table, "school");
      out << "   School " << request.school << " only.\n";
    }
    // The run's events, repeats within a school year told once (a team that
    // tries and drops ideas all year would otherwise fill the screen).
    std::vector<StoryLine> lines;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (static_cast<std::int64_t>(runs[i]) != request.run) continue;
      if (school && static_cast<std::int64_t>(event_school[i]) != *school) continue;
      if (!request.kind.empty() && kinds[i] != request.kind) continue;
      const auto week = static_cast<std::int64_t>(weeks[i]);
      if (!request.every) {
        const auto same = std::find_if(lines.begin(), lines.end(), [&](const StoryLine& l) {
          return l.weeks.front() / per_year == week / per_year && l.kind == kinds[i] &&
                 l.detail == details[i];
        });
        if (same != lines.end()) {
          same->weeks.push_back(week);
          continue;
        }
      }
      lines.push_back({{week}, kinds[i], details[i]});
    }
    for (const auto& l : lines) {
      out << "   " << when(l.weeks, per_year) << "  [" << event_kind_heading(l.kind) << "] "
          << l.detail << "\n";
    }
    const auto shown = lines.size();
    if (shown == 0)
      out << (school ? "   Nothing happened at this school in this run.\n"
                     : "   Nothing of that kind happened in this run.\n");
    out << "\n";
  }
}

}  // namespace loom
