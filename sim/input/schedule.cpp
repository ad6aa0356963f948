#include "sim/input/schedule.hpp"

#include <algorithm>

#include "sim/input/scenario_document.hpp"
#include "sim/input/toml_values.hpp"

namespace loom {

std::string ScheduledChange::when() const {
  std::string text = "Year " + std::to_string(year);
  if (week != 1) text += ", week " + std::to_string(week);
  return text;
}

namespace {

// The "section.key" = value pairs of one entry: quoted keys
// ("leadership.blame" = 0.1) as they are, dotted keys (leadership.blame =
// 0.1, which TOML reads as a table) flattened back to "section.key".
void entry_pairs(const std::string& prefix, const toml::value& table,
                 std::vector<std::pair<std::string, const toml::value*>>& out) {
  for (const auto& [key, v] : table.as_table()) {
    const std::string full = prefix.empty() ? key : prefix + "." + key;
    if (v.is_table()) {
      entry_pairs(full, v, out);
    } else {
      out.emplace_back(full, &v);
    }
  }
}

// A year or week: a whole number from 1 (the upper bound is the model's).
int schedule_time(const std::string& file, const std::string& what, const toml::value& v) {
  constexpr std::int64_t kMax = 100000;  // far beyond any calendar; keeps step() in range
  if (!v.is_integer() || checked_integer(file, "schedule." + what, v) < 1 ||
      v.as_integer() > kMax) {
    throw ScenarioError(where(file, v) + "[[schedule]] '" + what +
                        "' must be a whole number from 1 (the " +
                        (what == "year" ? "first school year" : "first week of the year") +
                        ") up to " + (what == "year" ? "school.years" : "school.weeks_per_year"));
  }
  return static_cast<int>(v.as_integer());
}

}  // namespace

Schedule ScenarioFile::schedule(std::span<ParameterSection* const> sections) const {
  // The nearest layer with a schedule supplies it whole (sim/input/schedule.hpp).
  const ScenarioLayer* from = nullptr;
  for (const ScenarioLayer& layer : document_->layers) {
    if (layer.root.contains("schedule")) from = &layer;
  }
  Schedule schedule;
  if (!from) return schedule;
  const std::string& file = from->source;
  const toml::value& list = from->root.at("schedule");
  if (!list.is_array()) {
    throw ScenarioError(where(file, list) +
                        "'schedule' must be [[schedule]] entries (or schedule = [] for none)");
  }
  const std::vector<std::string> keys = parameter_names(sections);
  for (const toml::value& entry : list.as_array()) {
    if (!entry.is_table()) {
      throw ScenarioError(where(file, entry) + "each [[schedule]] entry must be a table");
    }
    ScheduledChange change;
    if (!entry.contains("year")) {
      throw ScenarioError(where(file, entry) +
                          "a [[schedule]] entry needs a 'year' (1 = the first school year)");
    }
    change.origin = line_of(file, entry.at("year"));
    change.year = schedule_time(file, "year", entry.at("year"));
    if (entry.contains("week")) change.week = schedule_time(file, "week", entry.at("week"));
    if (entry.contains("label")) {
      const toml::value& label = entry.at("label");
      if (!label.is_string())
        throw ScenarioError(where(file, label) + "[[schedule]] 'label' must be a quoted text");
      change.label = label.as_string().str;
    }
    std::vector<std::pair<std::string, const toml::value*>> pairs;
    entry_pairs("", entry, pairs);
    for (const auto& [full, v] : pairs) {
      if (full == "year" || full == "week" || full == "label") continue;
      const ParameterRef parameter = find_parameter(sections, full);
      if (!parameter) {
        throw ScenarioError(where(file, *v) + "[[schedule]]: unknown key '" + full +
                            "' (an entry sets \"section.key\" = value, or year, week, label)" +
                            suggestion(full, keys));
      }
      const ParameterInfo& info = *parameter.info;
      const std::string section_name(parameter.section->name());
      if (!info.fixed_at_start.empty()) {
        throw ScenarioError(where(file, *v) + "[[schedule]]: '" + full +
                            "' cannot change during a run: it is fixed at the start (" +
                            std::string(info.fixed_at_start) + "); set it in [" + section_name +
                            "] instead");
      }
      change.values.push_back({section_name, std::string(info.key),
                               read_value(file, full, info, *v), line_of(file, *v)});
    }
    // In the order of the parameter tables, so the resolved scenario and
    // the story list them the same way whatever order the file used.
    const auto rank = [&](const ScheduledValue& v) {
      std::size_t at = 0, index = 0;
      for (; at < sections.size() && sections[at]->name() != v.section; ++at) {
      }
      if (at < sections.size()) sections[at]->find(v.key, &index);
      return std::pair(at, index);
    };
    std::stable_sort(change.values.begin(), change.values.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    if (change.values.empty()) {
      throw ScenarioError(change.origin +
                          ": this [[schedule]] entry sets nothing: add "
                          "\"section.key\" = value lines, e.g. \"leadership.blame\" = 0.1");
    }
    schedule.push_back(std::move(change));
  }
  std::stable_sort(schedule.begin(), schedule.end(), [](const auto& a, const auto& b) {
    return a.year != b.year ? a.year < b.year : a.week < b.week;
  });
  return schedule;
}

}  // namespace loom
