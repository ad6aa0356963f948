#include "sim/output/hdf5_update.hpp"

#include "sim/output/hdf5_handle.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace loom {
namespace {

hid_t open_file(const std::filesystem::path& file, unsigned flags) {
  silence_hdf5();
  if (H5Fis_hdf5(file.c_str()) <= 0) throw Hdf5Error(file.string() + ": not an HDF5 file");
  // New objects in the same (1.8, checksummed) format as the writer's.
  Hdf5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
  H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  const hid_t id = H5Fopen(file.c_str(), flags, fapl);
  if (id < 0) {
    throw Hdf5Error("cannot open " + file.string() +
                    (flags == H5F_ACC_RDWR ? " for writing" : " for reading"));
  }
  return id;
}

bool link_exists(hid_t file, const std::string& path) {
  // H5Lexists needs every parent to exist; walk down the path.
  std::size_t at = 0;
  while (true) {
    at = path.find('/', at + 1);
    const std::string prefix = path.substr(0, at);
    if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (at == std::string::npos) return true;
  }
}

void write_attributes(hid_t object, const TableAttributes& a) {
  Hdf5Handle scalar(H5Screate(H5S_SCALAR), H5Sclose, "create a dataspace");
  auto put = [&](const std::string& name, hid_t type, const void* data) {
    Hdf5Handle attr(H5Acreate2(object, name.c_str(), type, scalar, H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose, "create attribute " + name);
    hdf5_check(H5Awrite(attr, type, data), "write attribute " + name);
  };
  for (const auto& [name, value] : a.numbers) put(name, H5T_NATIVE_DOUBLE, &value);
  for (const auto& [name, value] : a.integers) put(name, H5T_NATIVE_INT64, &value);
  Hdf5Handle text = utf8_string_type();
  for (const auto& [name, value] : a.texts) {
    const char* p = value.c_str();
    put(name, text, &p);
  }
}

// Writes the compound table at `path` (8 bytes a field in memory: a
// double, an int64 or a char*, the layout Hdf5Writer::table also uses).
void write_table(hid_t file, const std::string& path, std::span<const TableColumn> columns) {
  constexpr std::size_t kField = 8;
  static_assert(sizeof(char*) == kField);
  const std::size_t width = std::max<std::size_t>(columns.size(), 1) * kField;
  Hdf5Handle text = utf8_string_type();
  Hdf5Handle file_type(H5Tcreate(H5T_COMPOUND, width), H5Tclose, "make a table type");
  Hdf5Handle memory_type(H5Tcreate(H5T_COMPOUND, width), H5Tclose, "make a table type");
  std::size_t rows = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto size = std::visit([](const auto& v) { return v.size(); }, columns[c].values);
    if (c == 0) rows = size;
    if (size != rows) throw Hdf5Error("table " + path + ": columns differ in length");
    hid_t stored = H5T_IEEE_F64LE, native = H5T_NATIVE_DOUBLE;
    if (std::holds_alternative<std::vector<std::int64_t>>(columns[c].values)) {
      stored = H5T_STD_I64LE;
      native = H5T_NATIVE_INT64;
    } else if (std::holds_alternative<std::vector<std::string>>(columns[c].values)) {
      stored = native = text;
    }
    hdf5_check(H5Tinsert(file_type, columns[c].name.c_str(), c * kField, stored),
               "add column " + columns[c].name);
    hdf5_check(H5Tinsert(memory_type, columns[c].name.c_str(), c * kField, native),
               "add column " + columns[c].name);
  }
  std::vector<unsigned char> buffer(rows * width);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::visit(
        [&](const auto& column) {
          for (std::size_t r = 0; r < rows; ++r) {
            unsigned char* at = &buffer[r * width + c * kField];
            if constexpr (std::is_same_v<std::decay_t<decltype(column[r])>, std::string>) {
              const char* p = column[r].c_str();  // lives until the write
              std::memcpy(at, &p, kField);
            } else {
              std::memcpy(at, &column[r], kField);
            }
          }
        },
        columns[c].values);
  }
  const hsize_t n = rows;
  Hdf5Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create a dataspace for " + path);
  Hdf5Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "create link properties");
  hdf5_check(H5Pset_create_intermediate_group(lcpl, 1), "set link properties");
  Hdf5Handle set(H5Dcreate2(file, path.c_str(), file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose, "create table " + path);
  if (n) {
    hdf5_check(H5Dwrite(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
               "write " + path);
  }
}

}  // namespace

std::vector<TableField> table_fields(const std::filesystem::path& file, const std::string& table) {
  Hdf5Handle f(open_file(file, H5F_ACC_RDONLY), H5Fclose, "open " + file.string());
  if (!link_exists(f, table)) throw Hdf5Error(file.string() + " has no table " + table);
  Hdf5Handle set(H5Dopen2(f, table.c_str(), H5P_DEFAULT), H5Dclose, "open " + table);
  Hdf5Handle type(H5Dget_type(set), H5Tclose, "read the type of " + table);
  if (H5Tget_class(type) != H5T_COMPOUND) throw Hdf5Error(table + " is not a table");
  std::vector<TableField> fields;
  const int n = H5Tget_nmembers(type);
  for (int i = 0; i < n; ++i) {
    const auto index = static_cast<unsigned>(i);
    char* name = H5Tget_member_name(type, index);
    TableField field;
    field.name = name ? name : "";
    H5free_memory(name);
    switch (H5Tget_member_class(type, index)) {
      case H5T_FLOAT:
        field.type = TableField::Type::kFloat;
        break;
      case H5T_INTEGER:
        field.type = TableField::Type::kInteger;
        break;
      case H5T_STRING:
        field.type = TableField::Type::kString;
        break;
      default:
        field.type = TableField::Type::kOther;
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

bool has_attribute(const std::filesystem::path& file, const std::string& object,
                   const std::string& name) {
  Hdf5Handle f(open_file(file, H5F_ACC_RDONLY), H5Fclose, "open " + file.string());
  if (!link_exists(f, object) && object != "/") return false;
  return H5Aexists_by_name(f, object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

void replace_table(const std::filesystem::path& file, const std::string& path,
                   std::span<const TableColumn> columns, const TableAttributes& attributes) {
  const std::string fresh = path + " (new)", old = path + " (old)";
  try {
    Hdf5Handle f(open_file(file, H5F_ACC_RDWR), H5Fclose, "open " + file.string());
    // Leftovers of an interrupted earlier replacement: a half-written new
    // table goes; a previous table moved aside gets its name back.
    if (link_exists(f, fresh))
      hdf5_check(H5Ldelete(f, fresh.c_str(), H5P_DEFAULT), "remove " + fresh);
    if (link_exists(f, old)) {
      if (link_exists(f, path)) {
        hdf5_check(H5Ldelete(f, old.c_str(), H5P_DEFAULT), "remove " + old);
      } else {
        hdf5_check(H5Lmove(f, old.c_str(), f, path.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                   "restore " + path);
      }
    }
    try {
      write_table(f, fresh, columns);
      Hdf5Handle set(H5Dopen2(f, fresh.c_str(), H5P_DEFAULT), H5Dclose, "open " + fresh);
      write_attributes(set, attributes);
    } catch (const Hdf5Error&) {
      if (link_exists(f, fresh)) H5Ldelete(f, fresh.c_str(), H5P_DEFAULT);
      throw;
    }
    hdf5_check(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush " + file.string());
    // Swap: the previous table moves aside, the new one takes its name,
    // then the previous one goes. If the second move fails the first is
    // undone.
    const bool had_old = link_exists(f, path);
    if (had_old)
      hdf5_check(H5Lmove(f, path.c_str(), f, old.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                 "move " + path);
    if (H5Lmove(f, fresh.c_str(), f, path.c_str(), H5P_DEFAULT, H5P_DEFAULT) < 0) {
      if (had_old) H5Lmove(f, old.c_str(), f, path.c_str(), H5P_DEFAULT, H5P_DEFAULT);
      H5Ldelete(f, fresh.c_str(), H5P_DEFAULT);
      throw Hdf5Error("HDF5: could not link " + path);
    }
    if (had_old) hdf5_check(H5Ldelete(f, old.c_str(), H5P_DEFAULT), "remove " + old);
    hdf5_check(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush " + file.string());
  } catch (const Hdf5Error& e) {
    throw Hdf5Error("cannot store " + path + " in " + file.string() + ": " + e.what());
  }
}

}  // namespace loom
