#include "sim/output/hdf5_update.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <type_traits>

#include "sim/output/content_digest.hpp"
#include "sim/output/hdf5_handle.hpp"
#include "sim/output/output_guard.hpp"

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

// Writes the table into `work` (the copy), replacing any table at `path`,
// and closes it, checking every step: a failed write or close (HDF5 writes
// its metadata on close) is an error, never a file reported as stored.
void write_into(const std::filesystem::path& work, const std::string& path,
                std::span<const TableColumn> columns, const TableAttributes& attributes) {
  const hid_t f = open_file(work, H5F_ACC_RDWR);
  try {
    // Earlier versions of Loom swapped tables inside the file under these
    // names; a kill could leave them behind.
    for (const std::string& stale : {path + " (new)", path + " (old)", path}) {
      if (link_exists(f, stale))
        hdf5_check(H5Ldelete(f, stale.c_str(), H5P_DEFAULT), "remove " + stale);
    }
    write_table(f, path, columns);
    Hdf5Handle set(H5Dopen2(f, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
    write_attributes(set, attributes);
  } catch (...) {
    H5Fclose(f);
    throw;
  }
  hdf5_check(H5Fclose(f), "close " + work.string());
}

bool same_bits(const TableColumn& a, const TableColumn& b) {
  if (a.name != b.name || a.values.index() != b.values.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using V = std::decay_t<decltype(x)>;
        const auto& y = std::get<V>(b.values);
        if (x.size() != y.size()) return false;
        if constexpr (std::is_same_v<V, std::vector<std::string>>) {
          return x == y;
        } else {
          return x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof x[0]) == 0;
        }
      },
      a.values);
}

// Reads the table back from the closed copy: what is renamed into place is
// what was meant, bit for bit (NaN intervals included).
void verify(const std::filesystem::path& work, const std::string& path,
            std::span<const TableColumn> columns) {
  const std::vector<TableColumn> stored = Hdf5Reader(work).table(path);
  bool same = stored.size() == columns.size();
  for (std::size_t c = 0; same && c < columns.size(); ++c) same = same_bits(stored[c], columns[c]);
  if (!same) throw Hdf5Error("the table read back from " + work.string() + " differs");
}

// The copy gets the original's owner (when run as root on another user's
// file); its mode is the original's already (copy_file).
void keep_owner(const std::filesystem::path& file, const std::filesystem::path& work) {
  struct stat s {};
  if (stat(file.c_str(), &s) == 0 && geteuid() == 0) {
    if (chown(work.c_str(), s.st_uid, s.st_gid) != 0) {
      throw Hdf5Error("could not give " + work.string() + " its owner: " + std::strerror(errno));
    }
  }
}

// Data on disk before the rename, so a crash of the machine cannot leave
// the new name on a file whose bytes never arrived.
void sync_file(const std::filesystem::path& work) {
  const int fd = open(work.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) throw Hdf5Error("could not open " + work.string() + ": " + std::strerror(errno));
  const int synced = fsync(fd);
  const int error = errno;
  close(fd);
  if (synced != 0) throw Hdf5Error("could not sync " + work.string() + ": " + std::strerror(error));
}

// The rename itself on disk; a failure here is only reported (the file
// is already complete under its name).
void sync_folder(const std::filesystem::path& file) {
  const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

void remove_quietly(const std::filesystem::path& p) {
  std::error_code ignored;
  std::filesystem::remove(p, ignored);
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
  namespace fs = std::filesystem;
  fs::path work = file;
  work += ".updating";
  try {
    // Another Loom updating or writing this file holds its lock; links,
    // folders and devices are refused. `force`: the file may be one that
    // is not a complete Loom results file (tests' fixtures); it has been
    // read as a sweep already.
    const OutputGuard lock = guard_output(file, {}, /*force=*/true);
    if (access(file.c_str(), W_OK) != 0) {
      throw Hdf5Error(file.string() + " is read-only (" + std::strerror(errno) + ")");
    }
    remove_quietly(work);  // a copy left by a killed update
    std::error_code ec;
    fs::copy_file(file, work, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      remove_quietly(work);
      throw Hdf5Error("could not copy it to " + work.string() + " (" + ec.message() +
                      "); an update needs room for a copy of the file beside it");
    }
    try {
      keep_owner(file, work);
      write_into(work, path, columns, attributes);
      add_content_digests(work, {path});
      verify(work, path, columns);
      sync_file(work);
      fs::rename(work, file, ec);
      if (ec) throw Hdf5Error("could not rename " + work.string() + ": " + ec.message());
    } catch (...) {
      remove_quietly(work);
      throw;
    }
    sync_folder(file);
  } catch (const std::exception& e) {
    throw Hdf5Error("cannot store " + path + " in " + file.string() + ": " + e.what() +
                    "; the file is unchanged");
  }
}

}  // namespace loom
