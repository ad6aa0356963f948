#pragma once
// Where Loom's data (the preset scenarios) is found, for the `loom` command
// and the viewer alike, in this order:
//   1. $LOOM_DATA_DIR/scenarios, when LOOM_DATA_DIR is set;
//   2. <folder of the running program>/../share/loom/scenarios: an installed
//      Loom (cmake --install, the Debian package) from any prefix;
//   3. the source tree's scenarios/, only when the running program is inside
//      the build tree it was built in (a developer's build; an installed or
//      copied binary never looks there).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace loom {

// The folders above that exist, in order.
std::vector<std::filesystem::path> preset_folders();

// A scenario named on the command line: `name` itself when it is a file,
// else `name` or `name`.toml in the first preset folder holding it
// ("shared-leadership" -> .../share/loom/scenarios/shared-leadership.toml).
std::optional<std::filesystem::path> find_scenario(const std::string& name);

}  // namespace loom
