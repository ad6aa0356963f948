#pragma once
// Where results files are offered from: the out/ folder next to where the
// viewer was started, and the files opened recently (kept in
// $XDG_STATE_HOME/loom-viewer/recent, or ~/.local/state/loom-viewer/recent).
#include <filesystem>
#include <string>
#include <vector>

namespace loom::viewer {

// *.h5 files directly in `folder` (not *.h5.partial), newest first; empty if
// the folder does not exist.
std::vector<std::filesystem::path> results_files_in(const std::filesystem::path& folder);

// Moves `path` (made absolute) to the front of `recent`, removing duplicates,
// keeping at most `limit` entries.
void remember(std::vector<std::filesystem::path>& recent, const std::filesystem::path& path,
              std::size_t limit = 10);

std::filesystem::path recent_list_path();
// The Sensitivity tab's last chosen field, beside the recent list
// (.../loom-viewer/sensitivity-field).
std::filesystem::path sensitivity_field_path();
// One path per line; a missing or unreadable list is empty. Entries whose
// file no longer exists are dropped.
std::vector<std::filesystem::path> load_recent(const std::filesystem::path& list);
// Best effort: a read-only home must not stop the viewer.
void save_recent(const std::filesystem::path& list,
                 const std::vector<std::filesystem::path>& recent);
// One remembered line (the last chosen field): "" when missing; saving is
// best effort as for the recent list.
std::string load_remembered_line(const std::filesystem::path& file);
void save_remembered_line(const std::filesystem::path& file, const std::string& line);

}  // namespace loom::viewer
