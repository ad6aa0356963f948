#include "viewer/data/file_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <stdexcept>
#include <string>
#include <system_error>

namespace loom::viewer {

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  // Never through a link, never over a folder or a device: the rename below
  // would replace a link, and a device would be replaced by a file.
  const auto status = std::filesystem::symlink_status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw std::runtime_error("cannot write " + path.string() +
                             ": it is a link, a folder or a device, not a regular file");
  }
  std::filesystem::path partial = path;
  partial += ".partial";
  // O_NOFOLLOW: a link planted at the partial name is refused, not followed.
  const int fd = open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot write " + path.string() + " (" + partial.string() +
                             "): " + std::strerror(errno));
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool complete = written == bytes.size() && fsync(fd) == 0;
  if (close(fd) != 0 || !complete) {
    std::filesystem::remove(partial, ec);
    throw std::runtime_error("cannot write " + path.string());
  }
  std::filesystem::rename(partial, path, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::filesystem::remove(partial, ec);
    throw std::runtime_error("cannot write " + path.string() + ": " + reason);
  }
}

}  // namespace loom::viewer
