// The reader of hdf5_file.hpp (tests and tools that know what a file holds).
#include "sim/output/hdf5_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

#include "sim/output/hdf5_handle.hpp"

namespace loom {

Hdf5Reader::Hdf5Reader(const std::filesystem::path& path) {
  silence_hdf5();
  if (H5Fis_hdf5(path.c_str()) <= 0) throw Hdf5Error(path.string() + ": not an HDF5 file");
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw Hdf5Error("cannot open " + path.string());
  std::error_code ec;
  file_size_ = std::filesystem::file_size(path, ec);
}

std::size_t Hdf5Reader::checked_elements(std::int64_t set, std::int64_t space,
                                         const std::string& path) const {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) hdf5_fail("read the shape of " + path);
  Hdf5Handle type(H5Dget_type(set), H5Tclose, "read the type of " + path);
  const std::size_t element = std::max<std::size_t>(H5Tget_size(type), 1);
  Hdf5Handle dcpl(H5Dget_create_plist(set), H5Pclose, "read the properties of " + path);
  bool compressed = false;
  const int filters = H5Pget_nfilters(dcpl);
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    std::size_t count = 0;
    unsigned config = 0;
    if (H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &count, nullptr, 0, nullptr,
                       &config) == H5Z_FILTER_DEFLATE) {
      compressed = true;
    }
  }
  const double stored = static_cast<double>(n) * static_cast<double>(element);
  const double room = static_cast<double>(file_size_) * (compressed ? 1032.0 : 1.0) + 4096.0;
  if (file_size_ > 0 && stored > room) {
    throw Hdf5Error(path + " claims " + std::to_string(n) + " elements (" +
                    std::to_string(static_cast<std::uint64_t>(stored)) +
                    " bytes), more than a file of " + std::to_string(file_size_) +
                    " bytes can hold: the file is damaged");
  }
  return static_cast<std::size_t>(n);
}

bool Hdf5Reader::has_attribute(const std::string& object, const std::string& name) const {
  silence_hdf5();
  return H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::uint64_t Hdf5Reader::unsigned_attribute(const std::string& object,
                                             const std::string& name) const {
  silence_hdf5();
  Hdf5Handle attr(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                  H5Aclose, "open attribute " + object + " " + name);
  std::uint64_t value = 0;
  hdf5_check(H5Aread(attr, H5T_NATIVE_UINT64, &value), "read attribute " + name);
  return value;
}

bool Hdf5Reader::has_checksum(const std::string& path) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle dcpl(H5Dget_create_plist(set), H5Pclose, "read the properties of " + path);
  const int filters = H5Pget_nfilters(dcpl);
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0;
    std::size_t count = 0;
    unsigned config = 0;
    if (H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &count, nullptr, 0, nullptr,
                       &config) == H5Z_FILTER_FLETCHER32) {
      return true;
    }
  }
  return false;
}

Hdf5Reader::~Hdf5Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

std::vector<std::string> Hdf5Reader::dataset_paths() const {
  silence_hdf5();
  std::vector<std::string> paths;
  auto visit = [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
    if (info->type == H5O_TYPE_DATASET) {
      static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
    }
    return 0;
  };
  hdf5_check(H5Ovisit(file_, H5_INDEX_NAME, H5_ITER_INC, visit, &paths), "list datasets");
  std::sort(paths.begin(), paths.end());
  return paths;
}

bool Hdf5Reader::has(const std::string& path) const {
  silence_hdf5();
  return H5Lexists(file_, path.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::uint64_t> Hdf5Reader::shape(const std::string& path) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> d(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space, d.data(), nullptr);
  return {d.begin(), d.end()};
}

std::vector<double> Hdf5Reader::doubles(const std::string& path) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  std::vector<double> values(checked_elements(set, space, path));
  if (!values.empty()) {
    hdf5_check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
               "read " + path);
  }
  return values;
}

std::vector<std::string> Hdf5Reader::strings(const std::string& path) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  Hdf5Handle type = utf8_string_type();
  std::vector<char*> pointers(checked_elements(set, space, path), nullptr);
  if (pointers.empty()) return {};
  hdf5_check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "read " + path);
  // A damaged global heap can give a null string (loom story once stopped
  // on "basic_string: construction from null"): the file is damaged.
  const bool any_null = std::find(pointers.begin(), pointers.end(), nullptr) != pointers.end();
  std::vector<std::string> out;
  if (!any_null) out.assign(pointers.begin(), pointers.end());
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
  if (any_null) throw Hdf5Error(path + ": a string could not be read (the file is damaged)");
  return out;
}

std::vector<unsigned char> Hdf5Reader::raw_bytes(const std::string& path) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle stored(H5Dget_type(set), H5Tclose, "read the type of " + path);
  if (H5Tis_variable_str(stored) > 0) {
    std::vector<unsigned char> bytes;
    for (const auto& s : strings(path)) {
      bytes.insert(bytes.end(), s.begin(), s.end());
      bytes.push_back(0);
    }
    return bytes;
  }
  Hdf5Handle native(H5Tget_native_type(stored, H5T_DIR_ASCEND), H5Tclose,
                    "map the type of " + path);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  const std::size_t n = checked_elements(set, space, path);
  const std::size_t row = H5Tget_size(native);
  std::vector<unsigned char> bytes(n * row);
  if (bytes.empty()) return bytes;
  hdf5_check(H5Dread(set, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()), "read " + path);
  if (H5Tget_class(native) != H5T_COMPOUND || H5Tdetect_class(native, H5T_STRING) <= 0) {
    return bytes;
  }
  // A table with string fields: replace each char* by the text it points to.
  std::vector<unsigned char> flat;
  const int members = H5Tget_nmembers(native);
  for (std::size_t r = 0; r < n; ++r) {
    for (int f = 0; f < members; ++f) {
      const std::size_t offset = H5Tget_member_offset(native, static_cast<unsigned>(f));
      Hdf5Handle member(H5Tget_member_type(native, static_cast<unsigned>(f)), H5Tclose,
                        "read a field type of " + path);
      const unsigned char* at = &bytes[r * row + offset];
      if (H5Tis_variable_str(member) > 0) {
        const char* text = nullptr;
        std::memcpy(&text, at, sizeof text);
        if (text) flat.insert(flat.end(), text, text + std::strlen(text));
        flat.push_back(0);
      } else if (H5Tget_class(member) == H5T_STRING) {
        // Fixed-width text: the text without its padding, as for
        // variable-length text, so the bytes do not depend on the storage.
        const auto width = H5Tget_size(member);
        const auto* end = static_cast<const unsigned char*>(std::memchr(at, 0, width));
        flat.insert(flat.end(), at, end ? end : at + width);
        flat.push_back(0);
      } else {
        flat.insert(flat.end(), at, at + H5Tget_size(member));
      }
    }
  }
  H5Dvlen_reclaim(native, space, H5P_DEFAULT, bytes.data());
  return flat;
}

namespace {

// A memory type holding just one named field of a table.
hid_t single_field_type(const std::string& field, hid_t field_type, std::size_t size) {
  const hid_t t = H5Tcreate(H5T_COMPOUND, size);
  H5Tinsert(t, field.c_str(), 0, field_type);
  return t;
}

// The width of a table's fixed-width text field, or 0 (variable-length
// text, or not text).
std::size_t fixed_text_width(hid_t set, const std::string& field, const std::string& table) {
  Hdf5Handle stored(H5Dget_type(set), H5Tclose, "read the type of " + table);
  const int index = H5Tget_member_index(stored, field.c_str());
  if (index < 0) return 0;  // the read names the missing field
  Hdf5Handle member(H5Tget_member_type(stored, static_cast<unsigned>(index)), H5Tclose,
                    "read the type of field " + field + " of " + table);
  if (H5Tget_class(member) != H5T_STRING || H5Tis_variable_str(member) > 0) return 0;
  return H5Tget_size(member);
}

}  // namespace

std::vector<double> Hdf5Reader::column_doubles(const std::string& table,
                                               const std::string& field) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, table.c_str(), H5P_DEFAULT), H5Dclose, "open " + table);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + table);
  Hdf5Handle type(single_field_type(field, H5T_NATIVE_DOUBLE, sizeof(double)), H5Tclose,
                  "make a field type");
  std::vector<double> values(checked_elements(set, space, table));
  if (!values.empty()) {
    hdf5_check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
               "read field " + field + " of " + table);
  }
  return values;
}

std::vector<std::string> Hdf5Reader::column_strings(const std::string& table,
                                                    const std::string& field) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, table.c_str(), H5P_DEFAULT), H5Dclose, "open " + table);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + table);
  if (const std::size_t width = fixed_text_width(set, field, table); width > 0) {
    // Fixed-width text (sim/run/table_column.hpp): read as char[width].
    Hdf5Handle text = utf8_string_type(width);
    H5Tset_strpad(text, H5T_STR_NULLPAD);
    Hdf5Handle type(single_field_type(field, text, width), H5Tclose, "make a field type");
    const std::size_t n = checked_elements(set, space, table);
    std::vector<char> buffer(n * width);
    if (n == 0) return {};
    hdf5_check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
               "read field " + field + " of " + table);
    std::vector<std::string> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      out.emplace_back(&buffer[i * width], strnlen(&buffer[i * width], width));
    return out;
  }
  Hdf5Handle text = utf8_string_type();
  Hdf5Handle type(single_field_type(field, text, sizeof(char*)), H5Tclose, "make a field type");
  std::vector<char*> pointers(checked_elements(set, space, table));
  if (pointers.empty()) return {};
  hdf5_check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
             "read field " + field + " of " + table);
  std::vector<std::string> out;
  out.reserve(pointers.size());
  for (const char* p : pointers) out.emplace_back(p ? p : "");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
  return out;
}

std::string Hdf5Reader::string_attribute(const std::string& object, const std::string& name) const {
  silence_hdf5();
  Hdf5Handle attr(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                  H5Aclose, "open attribute " + object + " " + name);
  Hdf5Handle type = utf8_string_type();
  char* text = nullptr;
  hdf5_check(H5Aread(attr, type, &text), "read attribute " + name);
  std::string out = text ? text : "";
  H5free_memory(text);
  return out;
}

double Hdf5Reader::number_attribute(const std::string& object, const std::string& name) const {
  silence_hdf5();
  Hdf5Handle attr(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                  H5Aclose, "open attribute " + object + " " + name);
  double value = 0.0;
  hdf5_check(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
  return value;
}

std::vector<double> Hdf5Reader::rows(const std::string& path, std::uint64_t first,
                                     std::uint64_t count) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 1) throw Hdf5Error(path + " has no rows");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  if (first + count > dims[0]) throw Hdf5Error(path + ": rows out of range");
  std::vector<hsize_t> start(dims.size(), 0), extent = dims;
  start[0] = first;
  extent[0] = count;
  std::size_t n = 1;
  for (const auto d : extent) n *= static_cast<std::size_t>(d);
  std::vector<double> values(n);
  if (n == 0) return values;
  hdf5_check(
      H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, extent.data(), nullptr),
      "select rows of " + path);
  Hdf5Handle memory(H5Screate_simple(rank, extent.data(), nullptr), H5Sclose, "make a dataspace");
  hdf5_check(H5Dread(set, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, values.data()),
             "read " + path);
  return values;
}

std::vector<TableColumn> Hdf5Reader::table(const std::string& path) const {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle stored(H5Dget_type(set), H5Tclose, "read the type of " + path);
  if (H5Tget_class(stored) != H5T_COMPOUND) throw Hdf5Error(path + " is not a table");
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<TableColumn> columns;
  const int members = H5Tget_nmembers(stored);
  for (int f = 0; f < members; ++f) {
    char* raw_name = H5Tget_member_name(stored, static_cast<unsigned>(f));
    const std::string name = raw_name ? raw_name : "";
    H5free_memory(raw_name);
    const H5T_class_t kind = H5Tget_member_class(stored, static_cast<unsigned>(f));
    if (kind == H5T_STRING) {
      // Fixed-width text keeps its width, so a copy is stored alike.
      columns.push_back({name, column_strings(path, name), fixed_text_width(set, name, path)});
    } else if (kind == H5T_INTEGER) {
      Hdf5Handle type(single_field_type(name, H5T_NATIVE_INT64, sizeof(std::int64_t)), H5Tclose,
                      "make a field type");
      std::vector<std::int64_t> values(rows);
      if (rows) {
        hdf5_check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                   "read field " + name + " of " + path);
      }
      columns.push_back({name, std::move(values)});
    } else {
      columns.push_back({name, column_doubles(path, name)});
    }
  }
  return columns;
}

}  // namespace loom
