#include "cli/story_command.hpp"

#include <algorithm>
#include <charconv>
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

// "Year 2, week 14" from a 0-based step and the scenario's weeks per year.
std::string when(std::int64_t week, int weeks_per_year) {
  return "Year " + std::to_string(week / weeks_per_year + 1) + ", week " +
         std::to_string(week % weeks_per_year + 1);
}

constexpr int kMaxStepsPerYear = 10000;  // far above any calendar (52 weeks)

// Weeks per year from the group's `steps_per_year` attribute, which writers
// store so that no reader parses scenario TOML; files from before it was
// stored fall back to `weeks_per_year = N` in the stored scenario, read
// strictly (a damaged value used to end the command with "loom: stoi").
// Anything else is a damaged file (DamagedResults, exit 2).
int weeks_per_year(const Hdf5Reader& file, const std::string& path, const std::string& group) {
  const auto bad = [&](const std::string& what) {
    return DamagedResults(path + ": " + group + ": " + what + "; expected a whole number of " +
                          "weeks per year from 1 to " + std::to_string(kMaxStepsPerYear) +
                          " (the file is damaged)");
  };
  if (file.has_attribute(group, "steps_per_year")) {
    const double v = file.number_attribute(group, "steps_per_year");
    if (!(v >= 1 && v <= kMaxStepsPerYear && v == std::floor(v))) {
      throw bad("attribute steps_per_year is " + std::to_string(v));
    }
    return static_cast<int>(v);
  }
  if (!file.has(group + "/scenario.toml")) return 36;
  const auto text = file.strings(group + "/scenario.toml");
  if (text.empty()) return 36;
  const std::string& toml = text.front();
  const std::string key = "weeks_per_year = ";
  const auto at = toml.find(key);
  if (at == std::string::npos) return 36;
  const char* first = toml.data() + at + key.size();
  const char* last = toml.data() + toml.size();
  int value = 0;
  const auto [end, error] = std::from_chars(first, last, value);
  if (error != std::errc() || value < 1 || value > kMaxStepsPerYear ||
      (end != last && *end != '\n' && *end != ' ' && *end != '#' && *end != '\r')) {
    const std::string shown(first,
                            std::min<std::size_t>(20, static_cast<std::size_t>(last - first)));
    throw bad("the stored scenario says weeks_per_year = " + shown.substr(0, shown.find('\n')));
  }
  return value;
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
    out << "== " << name << " (" << id << "), run " << request.run << "\n";
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
    int shown = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (static_cast<std::int64_t>(runs[i]) != request.run) continue;
      if (school && static_cast<std::int64_t>(event_school[i]) != *school) continue;
      if (!request.kind.empty() && kinds[i] != request.kind) continue;
      out << "   " << when(static_cast<std::int64_t>(weeks[i]), per_year) << "  ["
          << event_kind_heading(kinds[i]) << "] " << details[i] << "\n";
      ++shown;
    }
    if (shown == 0)
      out << (school ? "   Nothing happened at this school in this run.\n"
                     : "   Nothing of that kind happened in this run.\n");
    out << "\n";
  }
}

}  // namespace loom
