#include "sim/output/output_guard.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <string_view>
#include <thread>

#include "sim/output/hdf5_file.hpp"

namespace loom {
namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

// The PID recorded in a lock file ("12345\n"), or "unknown".
std::string holder_of(int fd) {
  std::array<char, 32> text{};
  const ssize_t n = pread(fd, text.data(), text.size() - 1, 0);
  if (n <= 0) return "unknown";
  std::string pid(text.data(), static_cast<std::size_t>(n));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

// Takes the exclusive lock on `lock_path`; returns its descriptor. The file
// is opened without following a link. A lock file can be removed by its
// holder between our open() and flock(); then the lock we got is on a file
// nobody else sees, so the path is checked again (same inode) and, if it
// changed, the lock is taken again.
int take_lock(const fs::path& output, const fs::path& lock_path, double wait_seconds) {
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 0; attempt < 20; ++attempt) {
    const int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw OutputError("cannot create the lock file " + quoted(lock_path) + " for " +
                        quoted(output) + ": " + std::strerror(errno));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string pid = holder_of(fd);
      close(fd);
      const double waited =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (error == EWOULDBLOCK && waited < wait_seconds) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        --attempt;  // a held lock is not a replaced one
        continue;
      }
      if (error == EWOULDBLOCK) {
        throw OutputError("another loom process (PID " + pid + ") is writing " + quoted(output) +
                          " (lock " + quoted(lock_path) +
                          "); wait for it to finish or choose another output with -o");
      }
      throw OutputError("cannot lock " + quoted(lock_path) + ": " + std::strerror(error));
    }
    struct stat held {};
    struct stat named {};
    if (fstat(fd, &held) == 0 && lstat(lock_path.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      // Ours. Whatever PID a dead holder left there is replaced.
      const std::string pid = std::to_string(getpid()) + "\n";
      if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        const int error = errno;
        unlink(lock_path.c_str());  // ours, still locked: no one else can be using it
        close(fd);
        throw OutputError("cannot write the lock file " + quoted(lock_path) + ": " +
                          std::strerror(error));
      }
      return fd;
    }
    close(fd);  // removed or replaced under us: try again
  }
  throw OutputError("cannot lock " + quoted(lock_path) + ": it keeps being replaced");
}

// Refuses what may never be replaced: links, folders, devices, inputs.
void check_kind(const fs::path& p, const std::string& role) {
  std::error_code ec;
  const fs::file_status s = fs::symlink_status(p, ec);
  if (ec || !fs::exists(s)) return;
  if (fs::is_symlink(s)) {
    throw OutputError(role + quoted(p) +
                      " is a symbolic link; Loom neither replaces a link nor writes through "
                      "it: give the path of the file itself");
  }
  if (fs::is_directory(s)) {
    throw OutputError(role + quoted(p) + " is a folder; give a file name such as " +
                      quoted(p / "results.h5"));
  }
  if (!fs::is_regular_file(s)) {
    throw OutputError(role + quoted(p) +
                      " is not a regular file (a device, pipe or socket); Loom writes results "
                      "only to regular files");
  }
}

// "" when `path` starts with `signature` (the bytes a file format starts
// with: HDF5's, PNG's, PDF's); "it cannot be read", or `otherwise` when it
// starts with something else.
std::string why_not_starting_with(const fs::path& path, std::string_view signature,
                                  const std::string& otherwise) {
  std::string head(signature.size(), '\0');
  std::ifstream in(path, std::ios::binary);
  if (!in) return "it cannot be read";
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  const bool same = in.gcount() == static_cast<std::streamsize>(head.size()) && head == signature;
  return same ? "" : otherwise;
}

}  // namespace

std::string why_not_loom_results(const fs::path& path) {
  // The signature HDF5 writes at the start of a file (it allows it at 512,
  // 1024, ... after a user block; Loom writes none).
  static constexpr std::string_view kSignature{"\x89HDF\r\n\x1a\n", 8};
  if (const std::string why = why_not_starting_with(path, kSignature, "it is not an HDF5 file");
      !why.empty())
    return why;
  try {
    const Hdf5Reader file(path);
    if (file.string_attribute("/", "format") == "loom-results") return "";
    return "it is an HDF5 file whose format attribute is not loom-results";
  } catch (const Hdf5Error&) {
    return "it is an HDF5 file without the format = \"loom-results\" attribute (or damaged)";
  }
}

OutputKind loom_results_output() {
  return {"results file", "a Loom results file", why_not_loom_results,
          "Loom replaces only its own results. Choose another -o, or add --force to replace it"};
}

OutputKind png_output() {
  return {"screenshot", "a PNG image",
          [](const fs::path& path) {
            static constexpr std::string_view kSignature{"\x89PNG\r\n\x1a\n", 8};
            return why_not_starting_with(path, kSignature,
                                         "it does not start with the PNG signature");
          },
          "the viewer replaces only PNG images: choose another --screenshot path"};
}

OutputKind pdf_output() {
  return {"handout", "a PDF document",
          [](const fs::path& path) {
            static constexpr std::string_view kSignature{"%PDF-"};
            return why_not_starting_with(path, kSignature, "it does not start with %PDF-");
          },
          "the viewer replaces only PDF documents: choose another --handout path"};
}

OutputGuard guard_output(const fs::path& output, const std::vector<fs::path>& inputs, bool force,
                         const OutputKind& kind, double wait_seconds) {
  const std::string role = kind.what + " ";
  if (output.empty()) throw OutputError("no " + kind.what + " given");
  if (!output.has_filename() || output.filename() == "." || output.filename() == "..") {
    throw OutputError(role + quoted(output) + " names a folder, not a file");
  }
  check_kind(output, role);

  std::error_code ec;
  for (const auto& input : inputs) {
    if (fs::equivalent(output, input, ec)) {
      throw OutputError(role + quoted(output) + " is the input file " + quoted(input) +
                        "; writing there would destroy it");
    }
  }

  const fs::path parent = output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::exists(fs::symlink_status(parent, ec))) {
    fs::create_directories(parent, ec);
    if (ec) {
      throw OutputError("cannot create the folder " + quoted(parent) + " for " + quoted(output) +
                        ": " + ec.message());
    }
  }
  if (!fs::is_directory(parent, ec)) {
    throw OutputError(quoted(parent) + " is not a folder, so " + quoted(output) +
                      " cannot be written");
  }
  if (access(parent.c_str(), W_OK | X_OK) != 0) {
    throw OutputError("cannot write in the folder " + quoted(parent) + ": " + std::strerror(errno));
  }

  fs::path lock_path = output;
  lock_path += ".lock";
  fs::path partial = output;
  partial += ".partial";
  check_kind(lock_path, "lock file ");
  OutputGuard guard(output, lock_path, take_lock(output, lock_path, wait_seconds));

  // Under the lock, so no other Loom changes them meanwhile.
  check_kind(partial, "partial " + role);
  if (fs::exists(fs::symlink_status(output, ec))) {
    const std::string why = kind.why_not_ours(output);
    if (!why.empty() && !force) {
      throw OutputError(quoted(output) + " exists and is not " + kind.ours + " (" + why + "); " +
                        kind.advice);
    }
  }
  return guard;
}

OutputGuard::OutputGuard(fs::path path, fs::path lock_path, int fd)
    : path_(std::move(path)), lock_path_(std::move(lock_path)), fd_(fd) {}

OutputGuard::OutputGuard(OutputGuard&& other) noexcept
    : path_(std::move(other.path_)), lock_path_(std::move(other.lock_path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

OutputGuard& OutputGuard::operator=(OutputGuard&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    lock_path_ = std::move(other.lock_path_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

OutputGuard::~OutputGuard() {
  release();
}

// The lock file is removed while still locked, then closed: a process
// waiting on the old file sees it is gone and takes a new one (take_lock).
void OutputGuard::release() noexcept {
  if (fd_ < 0) return;
  unlink(lock_path_.c_str());
  close(fd_);
  fd_ = -1;
}

}  // namespace loom
