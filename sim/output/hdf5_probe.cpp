#include "sim/output/hdf5_probe.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_handle.hpp"

namespace loom {
namespace {

struct Walk {
  int report_fd = -1;
  bool read_numbers = true;
};

void report(const Walk& w, const std::string& what) {
  const std::string line = what + "\n";
  if (write(w.report_fd, line.data(), line.size()) < 0) _exit(0);  // parent gone
}

herr_t read_attribute(hid_t object, const char* name, const H5A_info_t*, void* data) {
  const auto& w = *static_cast<const Walk*>(data);
  report(w, std::string("attribute ") + name);
  const hid_t attr = H5Aopen(object, name, H5P_DEFAULT);
  if (attr < 0) return 0;
  const hid_t type = H5Aget_type(attr);
  const hid_t space = H5Aget_space(attr);
  if (type >= 0 && space >= 0) {
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    const std::size_t size = H5Tget_size(type);
    if (n >= 0 && size > 0 && static_cast<std::uint64_t>(n) * size < (std::uint64_t{1} << 30)) {
      std::vector<unsigned char> buffer(static_cast<std::size_t>(n) * size);
      if (H5Aread(attr, type, buffer.data()) >= 0 && H5Tdetect_class(type, H5T_STRING) > 0 &&
          H5Tis_variable_str(type) > 0) {
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer.data());
      }
    }
  }
  if (space >= 0) H5Sclose(space);
  if (type >= 0) H5Tclose(type);
  H5Aclose(attr);
  return 0;
}

void read_dataset(const Walk& w, hid_t file, const char* name) {
  const hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
  if (set < 0) return;
  const hid_t type = H5Dget_type(set);
  const hid_t space = H5Dget_space(set);
  if (type >= 0 && space >= 0) {
    const bool strings = H5Tdetect_class(type, H5T_STRING) > 0;
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    const std::size_t size = H5Tget_size(type);
    if ((strings || w.read_numbers) && n >= 0 && size > 0 &&
        static_cast<std::uint64_t>(n) * size < kFullReadBytes) {
      std::vector<unsigned char> buffer(static_cast<std::size_t>(n) * size);
      if (H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) >= 0 && strings) {
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer.data());
      }
    }
  }
  if (space >= 0) H5Sclose(space);
  if (type >= 0) H5Tclose(type);
  H5Dclose(set);
}

herr_t visit(hid_t file, const char* name, const H5O_info_t* info, void* data) {
  const auto& w = *static_cast<const Walk*>(data);
  const std::string path = std::string("/") + (std::strcmp(name, ".") == 0 ? "" : name);
  report(w, path);
  const hid_t object = H5Oopen(file, name, H5P_DEFAULT);
  if (object >= 0) {
    hsize_t at = 0;
    H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &at, read_attribute, data);
    H5Oclose(object);
  }
  if (info->type == H5O_TYPE_DATASET) {
    report(w, path + " (its data)");
    read_dataset(w, file, name);
  }
  return 0;
}

[[noreturn]] void probe_child(const std::filesystem::path& file, int report_fd, bool numbers) {
  // A crash here is the finding, not a report: no core file, no sanitizer
  // or HDF5 text on the user's terminal.
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDERR_FILENO);
  silence_hdf5();
  Walk w{report_fd, numbers};
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f >= 0) {
    H5Ovisit(f, H5_INDEX_NAME, H5_ITER_INC, visit, &w);
    H5Fclose(f);
  }
  _exit(0);
}

std::string signal_name(int sig) {
  const char* name = sigabbrev_np(sig);
  return name ? std::string("SIG") + name : "signal " + std::to_string(sig);
}

}  // namespace

void require_safe_to_read(const std::filesystem::path& file) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) return;  // the caller's own open reports it
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;  // cannot probe: read as before
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (child == 0) {
    close(fds[0]);
    probe_child(file, fds[1], size <= kFullReadBytes);
  }
  close(fds[1]);
  const auto limit = std::chrono::seconds(10 + static_cast<long long>(size / (50u << 20)));
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string last, pending;
  bool timed_out = false;
  char buffer[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline is checked above
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child has finished (or died)
    pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
      last = pending.substr(0, end);
      pending.erase(0, end + 1);
    }
  }
  close(fds[0]);
  if (timed_out) kill(child, SIGKILL);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string where = last.empty() ? "its structure" : last;
  if (timed_out) {
    throw Hdf5Error("the file is damaged: reading " + where + " did not finish in " +
                    std::to_string(limit.count()) +
                    " s (the HDF5 library loops on it); Loom does not read it further");
  }
  if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) {
    const std::string how = WIFSIGNALED(status) ? signal_name(WTERMSIG(status))
                                                : "exit " + std::to_string(WEXITSTATUS(status));
    throw Hdf5Error("the file is damaged: the HDF5 library crashed (" + how + ") reading " + where +
                    "; Loom does not read it further");
  }
}

}  // namespace loom
