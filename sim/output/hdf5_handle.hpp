#pragma once
// The one HDF5 object handle of Loom (files, groups, datasets, types,
// spaces, attributes, property lists), and what every user of the HDF5 C
// API here shares: silencing HDF5's own error printing, failing with the
// operating system's reason, a UTF-8 string type. Used by the writer and
// reader (hdf5_file.hpp), in-place updates (hdf5_update.hpp) and the
// viewer's tolerant reader (viewer/data/h5_read.hpp). It does not include
// <hdf5.h>: an id is HDF5's hid_t (a 64-bit integer since HDF5 1.10) and a
// close function returns herr_t (an int); hdf5_handle.cpp checks both.
#include <cstdint>
#include <string>

namespace loom {

class Hdf5Handle {
 public:
  using Close = int (*)(std::int64_t);
  Hdf5Handle() = default;
  // Takes ownership of `id` (closed with `close`), even when it is invalid.
  Hdf5Handle(std::int64_t id, Close close) : id_(id), close_(close) {}
  // The same, but a failed call (id < 0) throws Hdf5Error "HDF5: could not
  // <what>" with the system's reason when HDF5 recorded one.
  Hdf5Handle(std::int64_t id, Close close, const std::string& what);
  ~Hdf5Handle() { reset(); }
  Hdf5Handle(Hdf5Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Hdf5Handle& operator=(Hdf5Handle&& other) noexcept;
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;

  std::int64_t id() const { return id_; }
  operator std::int64_t() const { return id_; }  // NOLINT: passed straight to H5* calls
  bool valid() const { return id_ >= 0; }

 private:
  void reset();
  std::int64_t id_ = -1;
  Close close_ = nullptr;
};

// The operating system's reason for the last HDF5 failure on this thread
// ("No space left on device"), or "" when HDF5 recorded none.
std::string hdf5_system_reason();

// Throws Hdf5Error "HDF5: could not <what>" (with the system's reason, such
// as "No space left on device", when HDF5's error stack holds one).
[[noreturn]] void hdf5_fail(const std::string& what);
// hdf5_fail(what) when `status` (an herr_t) is negative.
void hdf5_check(int status, const std::string& what);

// Silences HDF5's printing of its error stack on this thread (Loom reports
// errors itself) and, before the library first initialises, its exit
// handler. Call before any other HDF5 call, on every thread that makes one.
void silence_hdf5();

// "1.10.8": the HDF5 library this program runs with (loom --version).
std::string hdf5_library_version();

// A string type of UTF-8 text, variable length (size 0) or fixed.
Hdf5Handle utf8_string_type(std::size_t fixed_size = 0);

}  // namespace loom
