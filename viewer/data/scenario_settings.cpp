#include "viewer/data/scenario_settings.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "models/catalog/model_catalog.hpp"
#include "models/catalog/scenario_runner.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/toml_writer.hpp"
#include "viewer/data/file_output.hpp"

namespace loom::viewer {
namespace {

void apply(const ScenarioSettings& settings, Model& model) {
  for (ParameterSection* section : model.sections()) {
    for (const auto& stored : settings.sections) {
      if (stored.name != section->name()) continue;
      const auto infos = section->parameters();
      for (std::size_t i = 0; i < infos.size() && i < stored.values.size(); ++i) {
        section->set(i, stored.values[i]);
        if (held_as_text(infos[i].kind) && i < stored.texts.size())
          section->set_text(i, stored.texts[i]);
      }
    }
  }
}

const ParameterInfo* find_info(Model& model, std::string_view section, std::string_view key,
                               std::size_t* index) {
  for (ParameterSection* s : model.sections()) {
    if (s->name() == section) return s->find(key, index);
  }
  return nullptr;
}

}  // namespace

ScenarioSettings ScenarioSettings::from_file(const std::filesystem::path& path) {
  // Opening a scenario again reads its data files as they are now (a
  // facilitator may have edited a schools file meanwhile); `loom` reads
  // them once per process (sim/input/input_file.hpp).
  forget_input_snapshots();
  LoadedScenario loaded = load_scenario(path.string(), RunRequest{});
  return from_model(loaded.id, loaded.header, *loaded.model);  // with its schedule
}

ScenarioSettings ScenarioSettings::from_text(const std::string& toml, const std::string& id,
                                             const std::string& source_name) {
  const ScenarioFile file = ScenarioFile::parse(toml, source_name);
  ScenarioHeader header = file.header();
  if (header.name.empty()) header.name = id;
  std::unique_ptr<Model> model;
  try {
    model = loom::make_model(header.model);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(file.header_origin("model") + ": scenario.model: " + e.what());
  }
  file.apply(model->sections());
  Schedule schedule = file.schedule(model->sections());
  check_schedule(*model, schedule);
  model->set_schedule(std::move(schedule));
  return from_model(id, header, *model);
}

ScenarioSettings ScenarioSettings::from_model(std::string id, ScenarioHeader header, Model& model) {
  ScenarioSettings s;
  s.id = std::move(id);
  s.header = std::move(header);
  for (ParameterSection* section : model.sections()) {
    SectionValues values{std::string(section->name()), {}, {}};
    for (std::size_t i = 0; i < section->parameters().size(); ++i) {
      values.values.push_back(section->get(i));
      values.texts.push_back(section->text(i));
    }
    s.sections.push_back(std::move(values));
  }
  s.schedule = model.schedule();
  return s;
}

std::unique_ptr<Model> ScenarioSettings::make_model() const {
  std::unique_ptr<Model> model;
  try {
    model = loom::make_model(header.model);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(id + ": " + e.what());
  }
  apply(*this, *model);
  try {
    model->validate();
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(e.what());
  }
  check_schedule(*model, schedule);
  model->set_schedule(schedule);
  return model;
}

std::optional<double> ScenarioSettings::value(std::string_view section,
                                              std::string_view key) const {
  const auto model = loom::make_model(header.model);
  std::size_t index = 0;
  if (!find_info(*model, section, key, &index)) return std::nullopt;
  for (const auto& s : sections) {
    if (s.name == section && index < s.values.size()) return s.values[index];
  }
  return std::nullopt;
}

bool ScenarioSettings::set(std::string_view section, std::string_view key, double v) {
  const auto model = loom::make_model(header.model);
  std::size_t index = 0;
  if (!find_info(*model, section, key, &index)) return false;
  for (auto& s : sections) {
    if (s.name == section && index < s.values.size()) {
      s.values[index] = v;
      return true;
    }
  }
  return false;
}

std::string ScenarioSettings::to_toml() const {
  const auto model = make_model();
  return resolved_toml(header, model->sections(), schedule);
}

bool ScenarioSettings::schedule_change(int year, std::string_view section, std::string_view key,
                                       double value) {
  const auto model = loom::make_model(header.model);
  std::size_t index = 0;
  const ParameterInfo* info = find_info(*model, section, key, &index);
  if (!info || !info->fixed_at_start.empty() || year < 1) return false;
  auto at = std::find_if(schedule.begin(), schedule.end(),
                         [&](const ScheduledChange& c) { return c.year == year && c.week == 1; });
  if (at == schedule.end()) {
    ScheduledChange change;
    change.year = year;
    change.label = "Change planned in the workshop";
    change.origin = "viewer";
    at = schedule.insert(std::upper_bound(schedule.begin(), schedule.end(), change,
                                          [](const ScheduledChange& a, const ScheduledChange& b) {
                                            return a.year != b.year ? a.year < b.year
                                                                    : a.week < b.week;
                                          }),
                         change);
  }
  auto& values = at->values;
  const auto same = std::find_if(values.begin(), values.end(), [&](const ScheduledValue& v) {
    return v.section == section && v.key == key;
  });
  if (same != values.end()) {
    same->value = value;
  } else {
    values.push_back({std::string(section), std::string(key), value, "viewer"});
  }
  return true;
}

std::vector<std::string> describe_changes(const ScenarioSettings& settings,
                                          const ScenarioSettings& original) {
  std::vector<std::string> changes;
  const auto model = loom::make_model(settings.header.model);
  for (ParameterSection* section : model->sections()) {
    const auto infos = section->parameters();
    const SectionValues* now = nullptr;
    const SectionValues* before = nullptr;
    for (const auto& s : settings.sections) {
      if (s.name == section->name()) now = &s;
    }
    for (const auto& s : original.sections) {
      if (s.name == section->name()) before = &s;
    }
    if (!now || !before) continue;
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (i >= now->values.size() || i >= before->values.size()) continue;
      if (now->values[i] == before->values[i]) continue;
      changes.push_back(std::string(section->name()) + "." + std::string(infos[i].key) + " = " +
                        format_value(infos[i], now->values[i]) +
                        " (preset: " + format_value(infos[i], before->values[i]) + ")");
    }
  }
  for (const auto& change : settings.schedule) {
    for (const auto& v : change.values) {
      const bool planned_before = std::any_of(
          original.schedule.begin(), original.schedule.end(), [&](const ScheduledChange& c) {
            return c.year == change.year && c.week == change.week &&
                   std::any_of(c.values.begin(), c.values.end(), [&](const ScheduledValue& o) {
                     return o.section == v.section && o.key == v.key && o.value == v.value;
                   });
          });
      if (planned_before) continue;
      std::size_t index = 0;
      const ParameterInfo* info = find_info(*model, v.section, v.key, &index);
      changes.push_back("from " + change.when() + ": " + v.section + "." + v.key + " = " +
                        (info ? format_value(*info, v.value) : std::to_string(v.value)));
    }
  }
  return changes;
}

void save_scenario_file(const ScenarioSettings& settings, const ScenarioSettings& original,
                        const std::filesystem::path& path) {
  const std::string body = settings.to_toml();
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::string text = "# Saved by loom-viewer's what-if mode at " + std::string(stamp) +
                     ", starting from the preset '" + original.id + "'.\n";
  const auto changes = describe_changes(settings, original);
  if (changes.empty()) text += "# No lever differs from the preset.\n";
  for (const auto& c : changes) text += "# changed: " + c + "\n";
  text += "# Run it with: loom run " + path.string() + "\n";
  text += body;

  write_file_atomically(path, text);
}

bool offered_for_whatif(const ScenarioSettings& settings) {
  return settings.header.model != "march";
}

}  // namespace loom::viewer
