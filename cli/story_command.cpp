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
  throw std::invalid_argument("no school '" + id + "' in " + group.substr(11) + " (" +
                              std::to_string(in_run.size()) + " schools" + suggestion(id, in_run) +
                              ")");
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
    // The run's events, repeats within a school year told once (--every:
    // each on its own line).
    std::vector<std::size_t> chosen;
    std::vector<std::int64_t> chosen_weeks;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (static_cast<std::int64_t>(runs[i]) != request.run) continue;
      if (school && static_cast<std::int64_t>(event_school[i]) != *school) continue;
      if (!request.kind.empty() && kinds[i] != request.kind) continue;
      chosen.push_back(i);
      chosen_weeks.push_back(static_cast<std::int64_t>(weeks[i]));
    }
    const auto groups = group_repeats(
        chosen_weeks, request.every ? 0 : per_year, [&](std::size_t a, std::size_t b) {
          return kinds[chosen[a]] == kinds[chosen[b]] && details[chosen[a]] == details[chosen[b]];
        });
    for (const auto& g : groups) {
      std::vector<std::int64_t> told;
      for (const std::size_t k : g) told.push_back(chosen_weeks[k]);
      const std::size_t first = chosen[g.front()];
      out << "   " << weeks_phrase(told, per_year) << "  [" << event_kind_heading(kinds[first])
          << "] " << details[first] << "\n";
    }
    if (groups.empty())
      out << (school ? "   Nothing happened at this school in this run.\n"
                     : "   Nothing of that kind happened in this run.\n");
    out << "\n";
  }
}

}  // namespace loom
