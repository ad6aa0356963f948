#include "sim/input/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

#include "sim/run/run_plan.hpp"

namespace loom {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "is a folder, not a file";
  if (S_ISFIFO(mode)) return "is a named pipe (FIFO), not a file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a file";
  if (S_ISSOCK(mode)) return "is a socket, not a file";
  return "is not a regular file";
}

struct Snapshots {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const std::string>> bytes;
};

Snapshots& snapshots() {
  static Snapshots s;
  return s;
}

// "1.4 KiB", "20.0 MiB": a size for messages, in the binary units a
// file's limit is set in (run_estimate.hpp's format_bytes gives decimal
// units for memory estimates).
std::string human_bytes(std::uint64_t bytes) {
  char text[32];
  if (bytes < 1024) {
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  } else if (bytes < (std::uint64_t{1} << 20)) {
    std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else if (bytes < (std::uint64_t{1} << 30)) {
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / 1048576.0);
  } else {
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / 1073741824.0);
  }
  return text;
}

// "20971520 bytes (20.0 MiB)": exact, and readable.
std::string bytes_and_size(std::uint64_t bytes) {
  const std::string exact = std::to_string(bytes) + " bytes";
  return bytes < 1024 ? exact : exact + " (" + human_bytes(bytes) + ")";
}

}  // namespace

std::string read_input_file(const std::string& path, std::size_t max_bytes,
                            const std::string& what) {
  if (path.empty()) throw InputFileError("no file given");
  if (path.find('\0') != std::string::npos)
    throw InputFileError("a file name may not contain a NUL character");
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever;
  // fstat then refuses it before any read.
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    throw InputFileError(path + (error == ENOENT ? ": does not exist"
                                                 : ": cannot be opened (" +
                                                       std::string(std::strerror(error)) + ")"));
  }
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{fd};
  struct stat s {};
  if (fstat(fd, &s) != 0)
    throw InputFileError(path + ": cannot be read (" + std::strerror(errno) + ")");
  if (!S_ISREG(s.st_mode)) throw InputFileError(path + ": " + kind_of(s.st_mode));
  const auto size = static_cast<std::uint64_t>(s.st_size);
  if (size > max_bytes) {
    throw InputFileError(path + ": has " + bytes_and_size(size) + "; " + what +
                         " may have at most " + bytes_and_size(max_bytes));
  }
  // Read to the end, but never past the limit (the file may grow meanwhile).
  std::string text(static_cast<std::size_t>(size), '\0');
  std::size_t have = 0;
  while (true) {
    if (have == text.size()) {
      if (text.size() > max_bytes) break;
      text.resize(std::min(text.size() + 4096, max_bytes + 1));
    }
    const ssize_t n = read(fd, text.data() + have, text.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputFileError(path + ": cannot be read (" + std::strerror(errno) + ")");
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  text.resize(have);
  if (size == 0 && have > 0) {
    // A file of the system (/proc, /sys) that reports no size: its text is
    // not a scenario's, and an error quoting its first line would show it.
    throw InputFileError(path + ": is a file of the operating system (it reports no size), not " +
                         what);
  }
  if (have > max_bytes) {
    throw InputFileError(path + ": grew past " + bytes_and_size(max_bytes) +
                         " while it was read; " + what + " may have at most that");
  }
  return text;
}

std::shared_ptr<const std::string> input_snapshot(const std::string& path) {
  Snapshots& s = snapshots();
  std::lock_guard lock(s.mutex);
  if (const auto found = s.bytes.find(path); found != s.bytes.end()) return found->second;
  auto bytes =
      std::make_shared<const std::string>(read_input_file(path, kMaxDataFileBytes, "a data file"));
  s.bytes.emplace(path, bytes);
  return bytes;
}

std::string input_fingerprint(const std::string& path) {
  try {
    return "fnv1a64 " + hash_hex(fnv1a64(*input_snapshot(path)));
  } catch (const InputFileError&) {
    return "unreadable";
  }
}

void forget_input_snapshots() {
  Snapshots& s = snapshots();
  std::lock_guard lock(s.mutex);
  s.bytes.clear();
}

}  // namespace loom
