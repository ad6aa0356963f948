#include "viewer/data/h5_read.hpp"

#include <hdf5.h>

#include <cstring>
#include <system_error>

namespace loom::viewer::h5 {
namespace {

// Refuse datasets larger than this many elements instead of trying to
// allocate them: a corrupt header can claim any shape.
constexpr hssize_t kMaxElements = hssize_t{1} << 28;

Object wrap(hid_t id, herr_t (*close)(hid_t), const std::string& what) {
  if (id < 0) throw ReadError(what);
  return Object(id, close);
}

Object open_dataset(const Object& location, const std::string& path) {
  if (!is_dataset(location, path)) {
    throw ReadError(exists(location, path) ? "'" + path + "' is not a dataset"
                                           : "'" + path + "' is missing");
  }
  return wrap(H5Dopen2(location.id(), path.c_str(), H5P_DEFAULT), H5Dclose,
              "'" + path + "' cannot be opened");
}

std::size_t element_count(hid_t space, const std::string& path) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) throw ReadError("'" + path + "' has an unreadable shape");
  if (n > kMaxElements) throw ReadError("'" + path + "' is too large to show");
  return static_cast<std::size_t>(n);
}

Object string_memory_type(bool variable, std::size_t fixed_size) {
  Object t = wrap(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  H5Tset_size(t.id(), variable ? H5T_VARIABLE : fixed_size);
  H5Tset_cset(t.id(), H5T_CSET_UTF8);
  return t;
}

// Reads variable- or fixed-length strings into `out`, given the stored
// string type and a function that does the H5Dread/H5Aread with a memory
// type. HDF5 converts between variable and fixed strings only in newer
// versions, so each storage gets its own memory type.
template <class Read>
std::vector<std::string> read_string_values(hid_t stored, hid_t space, std::size_t n,
                                            const std::string& what, Read read) {
  std::vector<std::string> out;
  out.reserve(n);
  if (H5Tis_variable_str(stored) > 0) {
    Object memory = string_memory_type(true, 0);
    std::vector<char*> pointers(n, nullptr);
    if (n && read(memory.id(), pointers.data()) < 0) throw ReadError(what + " cannot be read");
    for (char* p : pointers) out.emplace_back(p ? p : "");
    if (n) H5Dvlen_reclaim(memory.id(), space, H5P_DEFAULT, pointers.data());
  } else {
    const std::size_t size = H5Tget_size(stored);
    if (size == 0) throw ReadError(what + " has strings of size 0");
    Object memory = string_memory_type(false, size);
    std::vector<char> buffer(n * size + 1, '\0');
    if (n && read(memory.id(), buffer.data()) < 0) throw ReadError(what + " cannot be read");
    for (std::size_t i = 0; i < n; ++i) {
      const char* start = buffer.data() + i * size;
      out.emplace_back(start, strnlen(start, size));
    }
  }
  return out;
}

}  // namespace

Object open_file(const std::filesystem::path& path) {
  silence_hdf5();  // the viewer reports problems in its window
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw ReadError(path.string() + ": no such file");
  if (std::filesystem::is_directory(path, ec)) throw ReadError(path.string() + " is a folder");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 == 0) {
    throw ReadError(path.filename().string() +
                    " is not an HDF5 file. Loom results files are HDF5 files made by "
                    "`loom run` or `loom compare`.");
  }
  if (is_hdf5 < 0) throw ReadError(path.string() + " cannot be read");
  return wrap(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
              path.filename().string() + " looks like HDF5 but cannot be opened (damaged?)");
}

bool exists(const Object& location, const std::string& path) {
  if (path.empty() || path == "/") return true;
  // H5Lexists needs every intermediate link to exist, so walk the path one
  // component at a time: "/a/b/c" checks "/a", "/a/b", "/a/b/c".
  const bool absolute = path.front() == '/';
  std::string prefix;
  std::size_t start = absolute ? 1 : 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) {
      if (absolute || !prefix.empty()) prefix += '/';
      prefix += path.substr(start, end - start);
      if (H5Lexists(location.id(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    start = end + 1;
  }
  // A soft link may dangle: the object itself must exist too.
  return H5Oexists_by_name(location.id(), path.c_str(), H5P_DEFAULT) > 0;
}

namespace {
H5O_type_t object_type(const Object& location, const std::string& path) {
  if (!exists(location, path)) return H5O_TYPE_UNKNOWN;
  H5O_info_t info;
  if (H5Oget_info_by_name(location.id(), path.c_str(), &info, H5P_DEFAULT) < 0) {
    return H5O_TYPE_UNKNOWN;
  }
  return info.type;
}
}  // namespace

bool is_group(const Object& location, const std::string& path) {
  return object_type(location, path) == H5O_TYPE_GROUP;
}

bool is_dataset(const Object& location, const std::string& path) {
  return object_type(location, path) == H5O_TYPE_DATASET;
}

std::vector<std::string> child_groups(const Object& location, const std::string& path) {
  if (!is_group(location, path)) throw ReadError("'" + path + "' is not a group");
  Object group =
      wrap(H5Gopen2(location.id(), path.c_str(), H5P_DEFAULT), H5Gclose, "cannot open " + path);
  std::vector<std::string> names;
  auto visit = [](hid_t g, const char* name, const H5L_info_t*, void* data) -> herr_t {
    H5O_info_t info;
    if (H5Oget_info_by_name(g, name, &info, H5P_DEFAULT) >= 0 && info.type == H5O_TYPE_GROUP) {
      static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    }
    return 0;
  };
  if (H5Literate(group.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names) < 0) {
    throw ReadError("cannot list the groups in " + path);
  }
  return names;
}

std::optional<std::string> string_attribute(const Object& location, const std::string& path,
                                            const std::string& name) {
  if (!exists(location, path)) return std::nullopt;
  if (H5Aexists_by_name(location.id(), path.c_str(), name.c_str(), H5P_DEFAULT) <= 0) {
    return std::nullopt;
  }
  Object attr =
      wrap(H5Aopen_by_name(location.id(), path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
           H5Aclose, "attribute " + name + " cannot be opened");
  Object stored = wrap(H5Aget_type(attr.id()), H5Tclose, "attribute " + name + " has no type");
  if (H5Tget_class(stored.id()) != H5T_STRING) return std::nullopt;
  Object space = wrap(H5Aget_space(attr.id()), H5Sclose, "attribute " + name + " has no shape");
  if (element_count(space.id(), name) != 1) return std::nullopt;
  try {
    const auto values = read_string_values(
        stored.id(), space.id(), 1, "attribute " + name,
        [&](hid_t memory, void* buffer) { return H5Aread(attr.id(), memory, buffer); });
    return values.front();
  } catch (const ReadError&) {
    return std::nullopt;
  }
}

std::optional<double> number_attribute(const Object& location, const std::string& path,
                                       const std::string& name) {
  if (!exists(location, path)) return std::nullopt;
  if (H5Aexists_by_name(location.id(), path.c_str(), name.c_str(), H5P_DEFAULT) <= 0) {
    return std::nullopt;
  }
  Object attr =
      wrap(H5Aopen_by_name(location.id(), path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
           H5Aclose, "attribute " + name + " cannot be opened");
  Object stored = wrap(H5Aget_type(attr.id()), H5Tclose, "attribute " + name + " has no type");
  const H5T_class_t kind = H5Tget_class(stored.id());
  if (kind != H5T_INTEGER && kind != H5T_FLOAT) return std::nullopt;
  Object space = wrap(H5Aget_space(attr.id()), H5Sclose, "attribute " + name + " has no shape");
  if (element_count(space.id(), name) != 1) return std::nullopt;
  double value = 0.0;
  if (H5Aread(attr.id(), H5T_NATIVE_DOUBLE, &value) < 0) return std::nullopt;
  return value;
}

Doubles read_doubles(const Object& location, const std::string& path) {
  Object set = open_dataset(location, path);
  Object stored = wrap(H5Dget_type(set.id()), H5Tclose, "'" + path + "' has no type");
  const H5T_class_t kind = H5Tget_class(stored.id());
  if (kind != H5T_INTEGER && kind != H5T_FLOAT) throw ReadError("'" + path + "' is not numeric");
  Object space = wrap(H5Dget_space(set.id()), H5Sclose, "'" + path + "' has no shape");
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) throw ReadError("'" + path + "' has an unreadable shape");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  Doubles out;
  out.shape.assign(dims.begin(), dims.end());
  out.values.resize(element_count(space.id(), path));
  if (!out.values.empty() &&
      H5Dread(set.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()) < 0) {
    throw ReadError("'" + path + "' cannot be read (damaged file?)");
  }
  return out;
}

std::vector<std::string> read_strings(const Object& location, const std::string& path) {
  Object set = open_dataset(location, path);
  Object stored = wrap(H5Dget_type(set.id()), H5Tclose, "'" + path + "' has no type");
  if (H5Tget_class(stored.id()) != H5T_STRING) throw ReadError("'" + path + "' is not text");
  Object space = wrap(H5Dget_space(set.id()), H5Sclose, "'" + path + "' has no shape");
  if (H5Sget_simple_extent_ndims(space.id()) > 1) throw ReadError("'" + path + "' is not a list");
  const std::size_t n = element_count(space.id(), path);
  return read_string_values(
      stored.id(), space.id(), n, "'" + path + "'", [&](hid_t memory, void* buffer) {
        return H5Dread(set.id(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      });
}

// ---------------------------------------------------------------- tables

Table::Table(const Object& location, const std::string& path)
    : path_(path), dataset_(open_dataset(location, path)) {
  Object stored = wrap(H5Dget_type(dataset_.id()), H5Tclose, "'" + path + "' has no type");
  if (H5Tget_class(stored.id()) != H5T_COMPOUND) throw ReadError("'" + path + "' is not a table");
  Object space = wrap(H5Dget_space(dataset_.id()), H5Sclose, "'" + path + "' has no shape");
  if (H5Sget_simple_extent_ndims(space.id()) != 1) {
    throw ReadError("'" + path + "' is not a one-dimensional table");
  }
  rows_ = element_count(space.id(), path);
  const int members = H5Tget_nmembers(stored.id());
  for (int i = 0; i < members; ++i) {
    char* name = H5Tget_member_name(stored.id(), static_cast<unsigned>(i));
    if (name) {
      fields_.emplace_back(name);
      H5free_memory(name);
    }
  }
}

bool Table::has(const std::string& field) const {
  for (const auto& f : fields_) {
    if (f == field) return true;
  }
  return false;
}

namespace {

// The stored type of one field of a table.
Object member_type(const Object& dataset, const std::string& table, const std::string& field) {
  Object stored = wrap(H5Dget_type(dataset.id()), H5Tclose, "'" + table + "' has no type");
  const int index = H5Tget_member_index(stored.id(), field.c_str());
  if (index < 0) throw ReadError("'" + table + "' has no field '" + field + "'");
  return wrap(H5Tget_member_type(stored.id(), static_cast<unsigned>(index)), H5Tclose,
              "'" + table + "' field '" + field + "' has no type");
}

// Reads one numeric field: a one-member compound memory type makes HDF5
// pick that field by name and convert it to T.
template <class T>
std::vector<T> numeric_field(const Object& dataset, std::size_t rows, const std::string& table,
                             const std::string& field, hid_t native) {
  Object stored = member_type(dataset, table, field);
  const H5T_class_t kind = H5Tget_class(stored.id());
  if (kind != H5T_INTEGER && kind != H5T_FLOAT) {
    throw ReadError("'" + table + "' field '" + field + "' is not a number");
  }
  Object memory = wrap(H5Tcreate(H5T_COMPOUND, sizeof(T)), H5Tclose, "cannot make a field type");
  H5Tinsert(memory.id(), field.c_str(), 0, native);
  std::vector<T> values(rows);
  if (rows &&
      H5Dread(dataset.id(), memory.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw ReadError("'" + table + "' field '" + field + "' cannot be read");
  }
  return values;
}

}  // namespace

std::vector<std::int64_t> Table::integers(const std::string& field) const {
  return numeric_field<std::int64_t>(dataset_, rows_, path_, field, H5T_NATIVE_INT64);
}

std::vector<double> Table::doubles(const std::string& field) const {
  return numeric_field<double>(dataset_, rows_, path_, field, H5T_NATIVE_DOUBLE);
}

std::vector<std::string> Table::strings(const std::string& field) const {
  Object stored = member_type(dataset_, path_, field);
  if (H5Tget_class(stored.id()) != H5T_STRING) {
    throw ReadError("'" + path_ + "' field '" + field + "' is not text");
  }
  Object space = wrap(H5Dget_space(dataset_.id()), H5Sclose, "'" + path_ + "' has no shape");
  // The memory side is a one-member compound holding the string (a char*
  // for variable length, char[size] for fixed), so HDF5 matches by name.
  const bool variable = H5Tis_variable_str(stored.id()) > 0;
  const std::size_t size = variable ? sizeof(char*) : H5Tget_size(stored.id());
  Object text = string_memory_type(variable, size);
  Object memory = wrap(H5Tcreate(H5T_COMPOUND, size), H5Tclose, "cannot make a field type");
  H5Tinsert(memory.id(), field.c_str(), 0, text.id());
  std::vector<std::string> out;
  out.reserve(rows_);
  if (rows_ == 0) return out;
  if (variable) {
    std::vector<char*> pointers(rows_, nullptr);
    if (H5Dread(dataset_.id(), memory.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
      throw ReadError("'" + path_ + "' field '" + field + "' cannot be read");
    }
    for (char* p : pointers) out.emplace_back(p ? p : "");
    H5Dvlen_reclaim(memory.id(), space.id(), H5P_DEFAULT, pointers.data());
  } else {
    std::vector<char> buffer(rows_ * size + 1, '\0');
    if (H5Dread(dataset_.id(), memory.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
      throw ReadError("'" + path_ + "' field '" + field + "' cannot be read");
    }
    for (std::size_t i = 0; i < rows_; ++i) {
      const char* start = buffer.data() + i * size;
      out.emplace_back(start, strnlen(start, size));
    }
  }
  return out;
}

}  // namespace loom::viewer::h5
