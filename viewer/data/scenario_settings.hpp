#pragma once
// A scenario's parameter values as plain data, detached from any live model.
//
// What-if mode edits these values on the UI thread while a worker runs
// models built from an earlier copy; a Model cannot be shared between the
// two (its sections write through to the model's own structs), so the
// values travel as data and each run builds a fresh model from them.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/catalog/model_catalog.hpp"
#include "sim/input/scenario.hpp"
#include "sim/run/model.hpp"

namespace loom::viewer {

struct SectionValues {
  std::string name;            // [leadership], ...
  std::vector<double> values;  // in the order of the section's parameter table
  // File paths (ValueKind::kPath, e.g. network.edges_file) by the same index,
  // "" for every other kind: a path has no number, and dropping it would run
  // another network than the one loaded.
  std::vector<std::string> texts;
};

struct ScenarioSettings {
  std::string id;         // short name, e.g. "top-down" (the preset's file stem)
  ScenarioHeader header;  // name, description, model, replicates, seed
  std::vector<SectionValues> sections;
  // Planned lever changes ([[schedule]], sim/input/schedule.hpp), in time order.
  Schedule schedule;

  // A preset scenario file (validated like `loom run` does). Throws
  // ScenarioError with file, line and key on any problem.
  static ScenarioSettings from_file(const std::filesystem::path& path);
  // The resolved scenario stored in a results file. Throws ScenarioError.
  static ScenarioSettings from_text(const std::string& toml, const std::string& id,
                                    const std::string& source_name);
  // The current values (and schedule) of a live model.
  static ScenarioSettings from_model(std::string id, ScenarioHeader header, Model& model);

  // A fresh model holding these values and schedule, validated (the
  // schedule with check_schedule). Throws ScenarioError.
  std::unique_ptr<Model> make_model() const;

  std::optional<double> value(std::string_view section, std::string_view key) const;
  // Sets one value; false if the section or key is unknown.
  bool set(std::string_view section, std::string_view key, double value);

  // The scenario as a TOML file `loom run` accepts (every parameter, and
  // the schedule).
  std::string to_toml() const;

  // "From year `year`, set section.key to `value`": adds a schedule entry
  // (or adds the value to the entry already planned for that year's first
  // week). False when the key is unknown or fixed at the start of a run.
  bool schedule_change(int year, std::string_view section, std::string_view key, double value);
};

// Writes settings.to_toml() with a comment naming where they came from and
// what differs from `original`; writes "<path>.partial" first and renames,
// like the results writer. Throws std::runtime_error with the path on failure.
void save_scenario_file(const ScenarioSettings& settings, const ScenarioSettings& original,
                        const std::filesystem::path& path);

// True for presets a what-if workshop should be offered: school scenarios,
// not the research models kept for docking (March 1991).
bool offered_for_whatif(const ScenarioSettings& settings);

// "leadership.socialisation_pressure = 0.3 (preset: 0.1)" for every value
// that differs, then "from Year 2: leadership.blame = 0.1" for every
// planned change not in the preset; empty when nothing changed.
std::vector<std::string> describe_changes(const ScenarioSettings& settings,
                                          const ScenarioSettings& original);

}  // namespace loom::viewer
