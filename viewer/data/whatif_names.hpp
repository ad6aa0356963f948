#pragma once
// The scenarios What-if starts from, named as `loom` names them.
//
// `loom compare network/buddy` finds scenarios/network/buddy.toml; the viewer
// once knew presets only by file stem ("buddy"), so `--whatif network/buddy`
// failed, fell back to the default presets and exited 0. Both spellings are
// accepted now, and anything else is refused with the nearest valid name.
#include <filesystem>
#include <string>
#include <vector>

#include "viewer/data/scenario_settings.hpp"

namespace loom::viewer {

// Every preset What-if offers under the first of `folders` that has any:
// its path there without ".toml" ("top-down", "network/buddy"), sorted.
// Reads every *.toml there (sweep and calibration specs, and the March 1991
// model, are left out).
std::vector<std::string> preset_names(const std::vector<std::filesystem::path>& folders);

// The scenario `name` names: a scenario file (a path that exists), a preset
// by its name in a preset folder ("network/buddy", with or without
// ".toml"), or a preset by its file stem alone ("buddy") when only one has
// it. Throws std::invalid_argument: for an unknown name with the nearest
// preset name ("--whatif network/budy: no such preset or file; did you mean
// 'network/buddy'?"), for a file that is not a scenario with its reader's
// message, and for a research model What-if does not offer.
ScenarioSettings load_whatif_scenario(const std::string& name,
                                      const std::vector<std::filesystem::path>& folders);

}  // namespace loom::viewer
