#pragma once
// Every file the viewer writes (PNG, CSV, scenario TOML) goes through here:
// written to "<path>.partial" and renamed when complete, the same guarantee
// as Loom's results files, so an interrupted export never leaves a file that
// looks finished. A link, folder or device at the path is refused, and the
// .partial is opened without following a link planted there.
#include <filesystem>
#include <string_view>

namespace loom::viewer {

// Creates missing parent folders. Throws std::runtime_error naming the path.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace loom::viewer
