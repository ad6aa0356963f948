#include "story_command.hpp"

#include <algorithm>
#include <ostream>
#include <stdexcept>

#include "models/event_story.hpp"
#include "sim/hdf5_file.hpp"

namespace loom {

namespace {

// "Year 2, week 14" from a 0-based step and the scenario's weeks per year
// (read from its resolved scenario text; 36 if absent).
std::string when(std::int64_t week, int weeks_per_year) {
  return "Year " + std::to_string(week / weeks_per_year + 1) + ", week " +
         std::to_string(week % weeks_per_year + 1);
}

int weeks_per_year(const Hdf5Reader& file, const std::string& group) {
  if (!file.has(group + "/scenario.toml")) return 36;
  const auto text = file.strings(group + "/scenario.toml");
  if (text.empty()) return 36;
  const std::string& toml = text.front();
  const auto at = toml.find("weeks_per_year = ");
  if (at == std::string::npos) return 36;
  return std::max(1, std::stoi(toml.substr(at + 17)));
}

}  // namespace

void print_story(const StoryRequest& request, std::ostream& out) {
  const Hdf5Reader file(request.file);
  std::vector<std::string> ids;
  if (file.has("/scenario_order")) ids = file.strings("/scenario_order");
  if (!request.scenario.empty()) {
    if (std::find(ids.begin(), ids.end(), request.scenario) == ids.end()) {
      std::string known;
      for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
      throw std::invalid_argument("no scenario '" + request.scenario + "' in " + request.file +
                                  " (it has: " + known + ")");
    }
    ids = {request.scenario};
  }
  if (ids.empty()) throw std::invalid_argument(request.file + " holds no scenario results");
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
    const int per_year = weeks_per_year(file, group);
    int shown = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (static_cast<std::int64_t>(runs[i]) != request.run) continue;
      if (!request.kind.empty() && kinds[i] != request.kind) continue;
      out << "   " << when(static_cast<std::int64_t>(weeks[i]), per_year) << "  ["
          << event_kind_heading(kinds[i]) << "] " << details[i] << "\n";
      ++shown;
    }
    if (shown == 0) out << "   Nothing of that kind happened in this run.\n";
    out << "\n";
  }
}

}  // namespace loom
