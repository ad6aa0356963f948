#include "viewer/data/whatif_names.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/input/data_paths.hpp"
#include "sim/input/parameter.hpp"

namespace loom::viewer {
namespace {

namespace fs = std::filesystem;

// The presets of one folder and its subfolders.
std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return names;
  for (const auto& entry : fs::recursive_directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".toml") continue;
    // Only what What-if can run: not sweep or calibration specs, nor the
    // March (1991) model. Reading every preset takes some milliseconds; it
    // is done only to suggest a name or to find one by its stem.
    try {
      if (!offered_for_whatif(ScenarioSettings::from_file(entry.path()))) continue;
    } catch (const std::exception&) {
      continue;
    }
    fs::path relative = entry.path().lexically_relative(folder);
    relative.replace_extension();
    names.push_back(relative.generic_string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ScenarioSettings load(const std::string& name, const fs::path& file) {
  ScenarioSettings settings;
  try {
    settings = ScenarioSettings::from_file(file);
  } catch (const std::exception& e) {
    throw std::invalid_argument("'" + name + "' is not a scenario What-if can run: " + e.what());
  }
  if (!offered_for_whatif(settings)) {
    throw std::invalid_argument("'" + name + "' is a scenario of the research model '" +
                                settings.header.model +
                                "', which What-if does not offer (loom run and loom compare do)");
  }
  return settings;
}

}  // namespace

// The first folder with any, as WhatIfScreen::find_presets reads them.
std::vector<std::string> preset_names(const std::vector<fs::path>& folders) {
  for (const auto& folder : folders) {
    auto names = names_in(folder);
    if (!names.empty()) return names;
  }
  return {};
}

ScenarioSettings load_whatif_scenario(const std::string& name,
                                      const std::vector<fs::path>& folders) {
  std::optional<fs::path> found;
  try {
    found = find_scenario(name, folders);  // as `loom` finds a file or preset
  } catch (const DataPathError& e) {
    throw std::invalid_argument(e.what());
  }
  if (found) return load(name, *found);
  // A preset by its file stem alone ("buddy"), as the What-if sidebar's ids
  // are, when that names one preset only.
  const std::vector<std::string> names = preset_names(folders);
  const std::string stem = fs::path(name).stem().string();
  std::vector<std::string> same;
  for (const auto& n : names) {
    if (fs::path(n).filename().string() == stem && name.find('/') == std::string::npos)
      same.push_back(n);
  }
  if (same.size() == 1) return load_whatif_scenario(same.front(), folders);
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  std::string message = "'" + name + "' is neither a preset nor a scenario file";
  if (same.size() > 1) message += " (" + std::to_string(same.size()) + " presets are called that)";
  message += suggestion(name, names);
  message += known.empty() ? " (no presets found)" : " (presets: " + known + ")";
  throw std::invalid_argument(message);
}

}  // namespace loom::viewer
