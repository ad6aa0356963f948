#include "viewer/data/file_output.hpp"

#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace loom::viewer {

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::filesystem::path partial = path;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(partial, ec);
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  std::filesystem::rename(partial, path, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::filesystem::remove(partial, ec);
    throw std::runtime_error("cannot write " + path.string() + ": " + reason);
  }
}

}  // namespace loom::viewer
