#include "sim/input/data_paths.hpp"

#include <cstdlib>

namespace loom {
namespace {

std::filesystem::path running_program() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);  // Linux
  return ec ? std::filesystem::path() : path;
}

// Set by locate_data_from_library: the library's file and install prefix.
std::filesystem::path g_library, g_library_prefix;

// True when `path` lies inside `folder` (both made absolute and normal).
bool inside(const std::filesystem::path& path, const std::filesystem::path& folder) {
  const auto rel = path.lexically_normal().lexically_relative(folder.lexically_normal());
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

void locate_data_from_library(const std::filesystem::path& library,
                              const std::filesystem::path& prefix) {
  g_library = library;
  g_library_prefix = prefix;
}

std::vector<std::filesystem::path> preset_folders() {
  std::vector<std::filesystem::path> candidates;
  if (const char* data = std::getenv("LOOM_DATA_DIR"); data && *data) {
    // Set on purpose: the only place to look, and a folder that is not
    // there is an error (a typo once ran the built-in preset instead).
    const std::filesystem::path folder = std::filesystem::path(data) / "scenarios";
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
      throw DataPathError("LOOM_DATA_DIR is '" + std::string(data) + "', but " + folder.string() +
                          " is not a folder; set LOOM_DATA_DIR to the folder that holds "
                          "scenarios/, or unset it to use the installed presets");
    }
    return {folder};
  }
  const auto program = g_library.empty() ? running_program() : g_library;
  if (!program.empty()) {
    const std::filesystem::path prefix =
        g_library.empty() ? program.parent_path() / ".." : g_library_prefix;
    candidates.push_back((prefix / "share" / "loom" / "scenarios").lexically_normal());
    // Set for this file only (sim/CMakeLists.txt); a binary
    // outside its build tree ignores them.
    if (inside(program, LOOM_BUILD_DIR)) candidates.emplace_back(LOOM_SOURCE_DIR "/scenarios");
  }
  std::vector<std::filesystem::path> found;
  for (const auto& folder : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(folder, ec)) found.push_back(folder);
  }
  return found;
}

std::optional<std::filesystem::path> find_scenario(const std::string& name) {
  return find_scenario(name, preset_folders());
}

std::optional<std::filesystem::path> find_scenario(
    const std::string& name, const std::vector<std::filesystem::path>& folders) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(name, ec)) return std::filesystem::path(name);
  // A preset name ("top-down", or "network/buddy" for a preset in a
  // subfolder) is looked up only inside the preset folders: never an
  // absolute path or one that climbs out with "..".
  if (name.empty()) return std::nullopt;
  const std::filesystem::path relative(name);
  if (relative.is_absolute()) return std::nullopt;
  for (const auto& part : relative)
    if (part == ".." || part == ".") return std::nullopt;
  for (const auto& folder : folders) {
    for (const std::string& file : {name, name + ".toml"}) {
      const std::filesystem::path path = folder / file;
      if (std::filesystem::is_regular_file(path, ec)) return path;
      // There, but not a file (a folder, a FIFO, a link to a device): an
      // error, not a reason to take a preset of the same name elsewhere.
      if (std::filesystem::exists(std::filesystem::symlink_status(path, ec)) &&
          !std::filesystem::is_directory(path, ec)) {
        throw DataPathError("preset " + path.string() +
                            " is not a regular file (a pipe, device or broken link)");
      }
    }
  }
  return std::nullopt;
}

std::filesystem::path require_scenario(const std::string& name) {
  if (const auto found = find_scenario(name)) return *found;
  if (name.find('/') != std::string::npos) throw DataPathError("File does not exist: " + name);
  std::string folders;
  for (const auto& f : preset_folders()) folders += (folders.empty() ? "" : ", ") + f.string();
  throw DataPathError(
      "File does not exist: " + name + ", and no preset of that name in " +
      (folders.empty() ? std::string("any preset folder (set LOOM_DATA_DIR)") : folders));
}

}  // namespace loom
