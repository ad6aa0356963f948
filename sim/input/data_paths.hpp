#pragma once
// Where Loom's data (the preset scenarios) is found, for the `loom` command
// and the viewer alike, in this order:
//   1. $LOOM_DATA_DIR/scenarios, when LOOM_DATA_DIR is set, and then only
//      there (a LOOM_DATA_DIR without that folder is an error);
//   2. <folder of the running program>/../share/loom/scenarios: an installed
//      Loom (cmake --install, the Debian package) from any prefix;
//   3. the source tree's scenarios/, only when the running program is inside
//      the build tree it was built in (a developer's build; an installed or
//      copied binary never looks there).
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace loom {

class DataPathError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A library loaded into another program (the Python module, whose program
// is python3) looks by its own file instead: `library` (for rule 3) and
// the install `prefix` it sits under (rule 2: <prefix>/share/loom/scenarios).
void locate_data_from_library(const std::filesystem::path& library,
                              const std::filesystem::path& prefix);

// The folders above that exist, in order. Throws DataPathError when
// LOOM_DATA_DIR is set and has no scenarios/ folder.
std::vector<std::filesystem::path> preset_folders();

// A scenario named on the command line: `name` itself when it is a file,
// else `name` or `name`.toml in the first preset folder holding it
// ("shared-leadership" -> .../share/loom/scenarios/shared-leadership.toml).
// Throws DataPathError as preset_folders, and when the preset is there but
// not a regular file.
std::optional<std::filesystem::path> find_scenario(const std::string& name);
// The same lookup in given folders (the viewer's What-if keeps its own list).
std::optional<std::filesystem::path> find_scenario(
    const std::string& name, const std::vector<std::filesystem::path>& folders);

// find_scenario, or DataPathError saying what was looked for: "File does
// not exist: X" for a path, and for a name also the preset folders searched.
std::filesystem::path require_scenario(const std::string& name);

}  // namespace loom
