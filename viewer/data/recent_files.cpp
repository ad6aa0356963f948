#include "viewer/data/recent_files.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "viewer/data/file_output.hpp"

namespace loom::viewer {

std::vector<std::filesystem::path> results_files_in(const std::filesystem::path& folder) {
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".h5") continue;
    found.emplace_back(entry.last_write_time(ec), entry.path());
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::filesystem::path> paths;
  for (auto& f : found) paths.push_back(std::move(f.second));
  return paths;
}

void remember(std::vector<std::filesystem::path>& recent, const std::filesystem::path& path,
              std::size_t limit) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
  if (ec) absolute = path;
  recent.erase(std::remove(recent.begin(), recent.end(), absolute), recent.end());
  recent.insert(recent.begin(), absolute);
  if (recent.size() > limit) recent.resize(limit);
}

namespace {

std::filesystem::path state_file(const char* name) {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
    return std::filesystem::path(state) / "loom-viewer" / name;
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".local" / "state" / "loom-viewer" / name;
  }
  return {};
}

}  // namespace

std::filesystem::path recent_list_path() {
  return state_file("recent");
}
std::filesystem::path sensitivity_field_path() {
  return state_file("sensitivity-field");
}

std::string load_remembered_line(const std::filesystem::path& file) {
  if (file.empty()) return "";
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

void save_remembered_line(const std::filesystem::path& file, const std::string& line) {
  if (file.empty()) return;
  try {
    write_file_atomically(file, line + "\n");
  } catch (const std::exception&) {
    // Not worth interrupting a workshop for.
  }
}

std::vector<std::filesystem::path> load_recent(const std::filesystem::path& list) {
  std::vector<std::filesystem::path> recent;
  if (list.empty()) return recent;
  std::ifstream in(list);
  std::string line;
  std::error_code ec;
  while (std::getline(in, line)) {
    if (!line.empty() && std::filesystem::exists(line, ec)) recent.emplace_back(line);
  }
  return recent;
}

void save_recent(const std::filesystem::path& list,
                 const std::vector<std::filesystem::path>& recent) {
  if (list.empty()) return;
  std::string text;
  for (const auto& p : recent) text += p.string() + "\n";
  try {
    write_file_atomically(list, text);
  } catch (const std::exception&) {
    // Not worth interrupting a workshop for.
  }
}

}  // namespace loom::viewer
