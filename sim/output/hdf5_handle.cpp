#include "sim/output/hdf5_handle.hpp"

#include <hdf5.h>

#include <type_traits>

#include "sim/output/hdf5_file.hpp"

namespace loom {

static_assert(std::is_same_v<hid_t, std::int64_t> && std::is_same_v<herr_t, int>,
              "Hdf5Handle holds a hid_t as std::int64_t (HDF5 1.10 or later)");

// The operating system's reason for the last HDF5 failure, when one is
// on HDF5's error stack ("No space left on device", "Disk quota
// exceeded"): HDF5's own message alone ("could not flush") does not say
// that the disk is full. Its file driver records errno's text in the
// description as "error message = '...'".
std::string hdf5_system_reason() {
  std::string reason;
  auto visit = [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
    auto* out = static_cast<std::string*>(data);
    if (!out->empty() || !e->desc) return 0;
    const std::string desc = e->desc;
    const std::string key = "error message = '";
    const auto at = desc.find(key);
    if (at == std::string::npos) return 0;
    const auto end = desc.find('\'', at + key.size());
    if (end != std::string::npos) *out = desc.substr(at + key.size(), end - at - key.size());
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, visit, &reason);
  return reason;
}

[[noreturn]] void hdf5_fail(const std::string& what) {
  const std::string reason = hdf5_system_reason();
  throw Hdf5Error("HDF5: could not " + what + (reason.empty() ? "" : ": " + reason));
}

void hdf5_check(int status, const std::string& what) {
  if (status < 0) hdf5_fail(what);
}

Hdf5Handle::Hdf5Handle(std::int64_t id, Close close, const std::string& what)
    : id_(id), close_(close) {
  if (id_ < 0) hdf5_fail(what);
}

Hdf5Handle& Hdf5Handle::operator=(Hdf5Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = -1;
  }
  return *this;
}

void Hdf5Handle::reset() {
  if (id_ >= 0 && close_) close_(id_);
  id_ = -1;
}

// HDF5 prints its own error stack by default; Loom reports errors itself.
//
// HDF5 also registers an exit handler that closes and flushes every object
// still open. After a write error (a full disk, a quota) a dataset whose
// chunk cache could not be written stays half-closed, and that handler
// crashed on it (exit 139 after the right message). Loom closes every file
// it writes itself (commit() or the destructor), so the handler has nothing
// to do: H5dont_atexit() switches it off. It only works before the library
// initialises, so this runs before any other HDF5 call of the writer or
// reader (Loom's first HDF5 call in the `loom` command); when something
// else initialised HDF5 first it is a no-op, and the destructor's explicit
// closing still applies.
//
// Debian's HDF5 is built thread-safe, where the error stack and its printing
// are per thread: the streaming sink writes from OpenMP workers, so every
// thread silences its own (checked once per thread).
void silence_hdf5() {
  static const bool library = [] {
    H5dont_atexit();
    return true;
  }();
  thread_local const bool thread = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)library;
  (void)thread;
}

std::string hdf5_library_version() {
  silence_hdf5();  // before the library initialises: its exit handler once crashed loom
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

Hdf5Handle utf8_string_type(std::size_t fixed_size) {
  Hdf5Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  H5Tset_size(t, fixed_size == 0 ? H5T_VARIABLE : fixed_size);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

}  // namespace loom
