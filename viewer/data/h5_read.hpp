#pragma once
// Tolerant HDF5 reading for the viewer (HDF5 C API).
//
// sim/output/hdf5_file.hpp's reader serves tests and tools that know exactly what a
// file holds. The viewer opens files a user drops on the window, which may be
// foreign, truncated, or written by an older or newer Loom. So here every
// read reports what is missing or of the wrong kind in words, attributes and
// tables may be absent, and compound tables (h5py structured arrays) are read
// field by field by name, in whatever order and integer/float width the
// writer chose.
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/output/hdf5_handle.hpp"

namespace loom::viewer::h5 {

// Every failure of this module. The message is meant for the user.
class ReadError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An open HDF5 object (file, group or dataset), closed on destruction.
using Object = Hdf5Handle;

// Opens a file read-only. Throws ReadError naming the file when it is
// missing, unreadable or not HDF5.
Object open_file(const std::filesystem::path& path);

// True if `path` (absolute or relative to `location`) names an object;
// missing intermediate groups count as "no".
bool exists(const Object& location, const std::string& path);
bool is_group(const Object& location, const std::string& path);
bool is_dataset(const Object& location, const std::string& path);

// Names of the groups directly under `path`, in HDF5's (alphabetical) order.
std::vector<std::string> child_groups(const Object& location, const std::string& path);

// Attributes of the object at `path`; nullopt when absent or of another kind.
std::optional<std::string> string_attribute(const Object& location, const std::string& path,
                                            const std::string& name);
std::optional<double> number_attribute(const Object& location, const std::string& path,
                                       const std::string& name);

// A numeric dataset converted to double, with its shape.
struct Doubles {
  std::vector<double> values;
  std::vector<std::uint64_t> shape;
};
Doubles read_doubles(const Object& location, const std::string& path);

// A scalar or 1-D string dataset (variable- or fixed-length).
std::vector<std::string> read_strings(const Object& location, const std::string& path);

// A 1-D compound dataset (a table), read one named field at a time.
class Table {
 public:
  Table(const Object& location, const std::string& path);
  const std::string& path() const { return path_; }
  std::size_t rows() const { return rows_; }
  const std::vector<std::string>& fields() const { return fields_; }
  bool has(const std::string& field) const;
  // Each throws ReadError if the field is missing or cannot be converted.
  std::vector<std::int64_t> integers(const std::string& field) const;
  std::vector<double> doubles(const std::string& field) const;
  std::vector<std::string> strings(const std::string& field) const;
  // Optional columns (older files lack them): the values, or `fallback` for
  // every row when the field is missing.
  std::vector<std::int64_t> integers_or(const std::string& field, std::int64_t fallback) const {
    return has(field) ? integers(field) : std::vector<std::int64_t>(rows_, fallback);
  }
  std::vector<double> doubles_or(const std::string& field, double fallback) const {
    return has(field) ? doubles(field) : std::vector<double>(rows_, fallback);
  }
  std::vector<std::string> strings_or(const std::string& field) const {
    return has(field) ? strings(field) : std::vector<std::string>(rows_);
  }
  // Throws ReadError naming the first missing field.
  void require(std::initializer_list<const char*> needed) const {
    for (const char* f : needed)
      if (!has(f)) throw ReadError("'" + path_ + "' has no field '" + f + "'");
  }

 private:
  std::string path_;
  Object dataset_;
  std::size_t rows_ = 0;
  std::vector<std::string> fields_;
};

}  // namespace loom::viewer::h5
