// The writer of hdf5_file.hpp: results files written as .partial and
// renamed when complete.
#include "sim/output/hdf5_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

#include "sim/output/content_digest.hpp"
#include "sim/output/hdf5_handle.hpp"

namespace loom {
namespace {

hid_t link_properties() {
  const hid_t p = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(p, 1);
  return p;
}

void write_attribute(hid_t file, const std::string& object, const std::string& name, hid_t type,
                     const void* data) {
  Hdf5Handle obj(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "open " + object);
  if (H5Aexists(obj, name.c_str()) > 0) {
    // Rewritten in place when the type allows it (a streaming sink updates
    // its progress attributes many times); otherwise replaced.
    const hid_t existing = H5Aopen(obj, name.c_str(), H5P_DEFAULT);
    if (existing >= 0) {
      const hid_t stored = H5Aget_type(existing);
      const bool same = stored >= 0 && H5Tget_class(stored) == H5Tget_class(type);
      if (stored >= 0) H5Tclose(stored);
      const bool written = same && H5Awrite(existing, type, data) >= 0;
      H5Aclose(existing);
      if (written) return;
    }
    H5Adelete(obj, name.c_str());
  }
  Hdf5Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a dataspace");
  Hdf5Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                  "create attribute " + name);
  hdf5_check(H5Awrite(attr, type, data), "write attribute " + name);
}

}  // namespace

Hdf5Writer::Hdf5Writer(std::filesystem::path final_path) : final_path_(std::move(final_path)) {
  silence_hdf5();
  partial_path_ = final_path_;
  partial_path_ += ".partial";
  if (final_path_.has_parent_path()) std::filesystem::create_directories(final_path_.parent_path());
  // The HDF5 1.8 file format (readable by every HDF5 since 2008: h5py, R's
  // hdf5r, MATLAB) checksums the file's metadata (superblock, object
  // headers, B-trees, heaps), so a damaged file is reported as damaged
  // instead of being parsed into nonsense (the 1.6 default has no metadata
  // checksums; a flipped byte there can crash a reader).
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  file_ = H5Fcreate(partial_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  H5Pclose(fapl);
  if (file_ < 0) {
    const std::string reason = hdf5_system_reason();
    throw Hdf5Error("cannot create " + partial_path_.string() +
                    (reason.empty() ? "" : ": " + reason));
  }
}

Hdf5Writer::~Hdf5Writer() {
  if (committed_) return;
  silence_hdf5();
  if (file_ >= 0) {
    // Not committed (an error, often a write error): close what is still
    // open in this file before the file itself, ignoring further errors
    // (the .partial is deleted anyway). Closing the file with objects open
    // would leave it half-open until exit.
    const unsigned kinds = H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_LOCAL;
    const ssize_t count = H5Fget_obj_count(file_, kinds);
    if (count > 0) {
      std::vector<hid_t> ids(static_cast<std::size_t>(count));
      const ssize_t got = H5Fget_obj_ids(file_, kinds, ids.size(), ids.data());
      for (ssize_t i = 0; i < got; ++i) H5Oclose(ids[static_cast<std::size_t>(i)]);
    }
    H5Fclose(file_);
  }
  std::error_code ignored;
  std::filesystem::remove(partial_path_, ignored);
}

void Hdf5Writer::create_group(const std::string& path) {
  silence_hdf5();
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle g(H5Gcreate2(file_, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
               "create group " + path);
}

void Hdf5Writer::attribute(const std::string& object, const std::string& name,
                           const std::string& value) {
  silence_hdf5();
  Hdf5Handle type = utf8_string_type();
  const char* text = value.c_str();
  write_attribute(file_, object, name, type, &text);
}

void Hdf5Writer::attribute(const std::string& object, const std::string& name, double value) {
  silence_hdf5();
  write_attribute(file_, object, name, H5T_NATIVE_DOUBLE, &value);
}

void Hdf5Writer::attribute(const std::string& object, const std::string& name, std::int64_t value) {
  silence_hdf5();
  write_attribute(file_, object, name, H5T_NATIVE_INT64, &value);
}

void Hdf5Writer::attribute(const std::string& object, const std::string& name,
                           std::uint64_t value) {
  silence_hdf5();
  write_attribute(file_, object, name, H5T_NATIVE_UINT64, &value);
}

void Hdf5Writer::dataset(const std::string& path, std::span<const double> values,
                         const std::vector<std::uint64_t>& dims,
                         const std::vector<std::uint64_t>& chunk_dims) {
  silence_hdf5();
  std::vector<hsize_t> d(dims.begin(), dims.end());
  Hdf5Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose,
                   "create a dataspace for " + path);
  Hdf5Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  if (!chunk_dims.empty() && !values.empty()) {
    std::vector<hsize_t> c(chunk_dims.begin(), chunk_dims.end());
    hdf5_check(H5Pset_chunk(dcpl, static_cast<int>(c.size()), c.data()), "chunk " + path);
    hdf5_check(H5Pset_shuffle(dcpl), "shuffle " + path);
    hdf5_check(H5Pset_deflate(dcpl, 4), "compress " + path);
    // Fletcher32 on each chunk: a damaged chunk fails to read instead of
    // returning wrong numbers (costs 4 bytes a chunk and one pass).
    hdf5_check(H5Pset_fletcher32(dcpl), "checksum " + path);
  }
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle set(H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT),
                 H5Dclose, "create dataset " + path);
  if (!values.empty()) {
    hdf5_check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
               "write " + path);
  }
}

void Hdf5Writer::dataset(const std::string& path, std::span<const std::int64_t> values,
                         const std::vector<std::uint64_t>& dims) {
  silence_hdf5();
  std::vector<hsize_t> d(dims.begin(), dims.end());
  Hdf5Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose,
                   "create a dataspace for " + path);
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle set(
      H5Dcreate2(file_, path.c_str(), H5T_STD_I64LE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, "create dataset " + path);
  if (!values.empty()) {
    hdf5_check(H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
               "write " + path);
  }
}

void Hdf5Writer::strings(const std::string& path, std::span<const std::string> values) {
  silence_hdf5();
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t n = values.size();
  Hdf5Handle type = utf8_string_type();
  Hdf5Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create a dataspace for " + path);
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle set(H5Dcreate2(file_, path.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose, "create dataset " + path);
  if (n)
    hdf5_check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
               "write " + path);
}

void Hdf5Writer::text(const std::string& path, const std::string& value) {
  silence_hdf5();
  Hdf5Handle type = utf8_string_type();
  Hdf5Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a dataspace");
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle set(H5Dcreate2(file_, path.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose, "create dataset " + path);
  const char* p = value.c_str();
  hdf5_check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), "write " + path);
}

namespace {

// A table field takes 8 bytes in memory (a float64, an int64 or the char*
// of a variable-length string) or, for fixed-width text, its width; rows
// are a fixed-size buffer with the fields in column order.
constexpr std::size_t kField = 8;
static_assert(sizeof(char*) == kField);

bool fixed_text(const TableColumn& c) {
  return c.text_width > 0 && std::holds_alternative<std::vector<std::string>>(c.values);
}

std::size_t field_size(const TableColumn& c) {
  return fixed_text(c) ? c.text_width : kField;
}

std::size_t row_size(std::span<const TableColumn> columns) {
  std::size_t size = 0;
  for (const auto& c : columns) size += field_size(c);
  return std::max<std::size_t>(size, 1);
}

struct TableTypes {
  Hdf5Handle text_type = utf8_string_type();
  std::vector<Hdf5Handle> fixed_types;  // kept open until the types are used
  Hdf5Handle file_type;
  Hdf5Handle memory_type;
  explicit TableTypes(std::span<const TableColumn> columns)
      : file_type(H5Tcreate(H5T_COMPOUND, row_size(columns)), H5Tclose, "make a table type"),
        memory_type(H5Tcreate(H5T_COMPOUND, row_size(columns)), H5Tclose, "make a table type") {
    std::size_t offset = 0;
    for (const auto& column : columns) {
      const auto& values = column.values;
      hid_t stored = H5T_IEEE_F64LE, native = H5T_NATIVE_DOUBLE;
      if (std::holds_alternative<std::vector<std::int64_t>>(values)) {
        stored = H5T_STD_I64LE;
        native = H5T_NATIVE_INT64;
      } else if (fixed_text(column)) {
        fixed_types.push_back(utf8_string_type(column.text_width));
        H5Tset_strpad(fixed_types.back(), H5T_STR_NULLPAD);  // all `width` bytes can be text
        stored = native = fixed_types.back();
      } else if (std::holds_alternative<std::vector<std::string>>(values)) {
        stored = native = text_type;
      }
      hdf5_check(H5Tinsert(file_type, column.name.c_str(), offset, stored),
                 "add column " + column.name);
      hdf5_check(H5Tinsert(memory_type, column.name.c_str(), offset, native),
                 "add column " + column.name);
      offset += field_size(column);
    }
  }
};

std::size_t table_rows(std::span<const TableColumn> columns) {
  if (columns.empty()) return 0;
  return std::visit([](const auto& v) { return v.size(); }, columns.front().values);
}

// Rows packed for the memory type; variable-length string fields point
// into `columns`, fixed-width ones hold the text NUL-padded.
std::vector<unsigned char> table_buffer(const std::string& path,
                                        std::span<const TableColumn> columns) {
  const std::size_t row = row_size(columns);
  const std::size_t rows = table_rows(columns);
  std::vector<unsigned char> buffer(rows * row, 0);
  std::size_t offset = 0;
  for (const auto& c : columns) {
    std::visit(
        [&](const auto& column) {
          if (column.size() != rows)
            throw Hdf5Error("table " + path + ": columns differ in length");
          for (std::size_t r = 0; r < rows; ++r) {
            using T = std::decay_t<decltype(column[r])>;
            unsigned char* at = &buffer[r * row + offset];
            if constexpr (std::is_same_v<T, std::string>) {
              if (c.text_width > 0) {
                if (column[r].size() > c.text_width) {
                  throw Hdf5Error("table " + path + ": column '" + c.name + "' row " +
                                  std::to_string(r) + " holds " + std::to_string(column[r].size()) +
                                  " bytes of text, more " + "than its width of " +
                                  std::to_string(c.text_width));
                }
                std::memcpy(at, column[r].data(), column[r].size());
              } else {
                const char* text = column[r].c_str();  // lives until the write
                std::memcpy(at, &text, kField);
              }
            } else {
              std::memcpy(at, &column[r], kField);
            }
          }
        },
        c.values);
    offset += field_size(c);
  }
  return buffer;
}

// Grows a dataset by `rows` along its first dimension and selects the new
// rows; returns (file space, memory space).
std::pair<hid_t, hid_t> grow(hid_t set, std::uint64_t rows, const std::string& path) {
  Hdf5Handle old_space(H5Dget_space(set), H5Sclose, "get the dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(old_space);
  if (rank < 1) throw Hdf5Error("HDF5: " + path + " is not extendible");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(old_space, dims.data(), nullptr);
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = dims[0];
  count[0] = rows;
  dims[0] += rows;
  hdf5_check(H5Dset_extent(set, dims.data()), "extend " + path);
  const hid_t file_space = H5Dget_space(set);
  if (file_space < 0) throw Hdf5Error("HDF5: could not get the dataspace of " + path);
  H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  const hid_t memory_space = H5Screate_simple(rank, count.data(), nullptr);
  return {file_space, memory_space};
}

}  // namespace

void Hdf5Writer::table(const std::string& path, std::span<const TableColumn> columns) {
  silence_hdf5();
  const TableTypes types(columns);
  const std::vector<unsigned char> buffer = table_buffer(path, columns);
  const hsize_t n = table_rows(columns);
  Hdf5Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create a dataspace for " + path);
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle set(
      H5Dcreate2(file_, path.c_str(), types.file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, "create table " + path);
  if (n)
    hdf5_check(H5Dwrite(set, types.memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
               "write " + path);
}

void Hdf5Writer::extendible_dataset(const std::string& path,
                                    const std::vector<std::uint64_t>& row_dims,
                                    std::uint64_t chunk_rows) {
  silence_hdf5();
  std::vector<hsize_t> dims{0}, max_dims{H5S_UNLIMITED}, chunk{std::max<hsize_t>(chunk_rows, 1)};
  for (const auto d : row_dims) {
    dims.push_back(d);
    max_dims.push_back(d);
    chunk.push_back(std::max<hsize_t>(d, 1));
  }
  Hdf5Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
                   H5Sclose, "create a dataspace for " + path);
  Hdf5Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  hdf5_check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "chunk " + path);
  hdf5_check(H5Pset_shuffle(dcpl), "shuffle " + path);
  hdf5_check(H5Pset_deflate(dcpl, kStreamDeflateLevel), "compress " + path);
  hdf5_check(H5Pset_fletcher32(dcpl), "checksum " + path);
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle set(H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT),
                 H5Dclose, "create dataset " + path);
}

void Hdf5Writer::append_encoded_row(const std::string& path, std::span<const unsigned char> chunk) {
  silence_hdf5();  // called from worker threads: each silences its own error stack
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 1) throw Hdf5Error("HDF5: " + path + " is not extendible");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<hsize_t> offset(dims.size(), 0);
  offset[0] = dims[0];
  dims[0] += 1;
  hdf5_check(H5Dset_extent(set, dims.data()), "extend " + path);
  hdf5_check(H5Dwrite_chunk(set, H5P_DEFAULT, 0, offset.data(), chunk.size(), chunk.data()),
             "write a chunk of " + path);
}

void Hdf5Writer::append(const std::string& path, std::span<const double> values) {
  silence_hdf5();
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Hdf5Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 1)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::uint64_t row = 1;
  for (std::size_t i = 1; i < dims.size(); ++i) row *= dims[i];
  if (row == 0 || values.size() % row != 0)
    throw Hdf5Error("append to " + path + ": not a whole number of rows");
  const std::uint64_t rows = values.size() / row;
  if (rows == 0) return;
  const auto [file_space, memory_space] = grow(set, rows, path);
  Hdf5Handle f(file_space, H5Sclose, "select rows of " + path);
  Hdf5Handle m(memory_space, H5Sclose, "create a dataspace for " + path);
  hdf5_check(H5Dwrite(set, H5T_NATIVE_DOUBLE, m, f, H5P_DEFAULT, values.data()), "write " + path);
}

void Hdf5Writer::extendible_table(const std::string& path, std::span<const TableColumn> columns,
                                  std::uint64_t chunk_rows) {
  silence_hdf5();
  const TableTypes types(columns);
  const hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = std::max<hsize_t>(chunk_rows, 1);
  Hdf5Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose,
                   "create a dataspace for " + path);
  Hdf5Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  hdf5_check(H5Pset_chunk(dcpl, 1, &chunk), "chunk " + path);
  // Compressed with gzip only, which h5py and R read without plugins.
  // Numeric rows (summary, a sweep's /sweep/runs: ~2x smaller) get shuffle +
  // deflate like the numeric datasets. Rows with fixed-width text (events)
  // get deflate level 1 without shuffle: shuffling kilobyte-wide rows byte
  // by byte gains nothing on text and, with level 4, made the serial writer
  // 4-5x slower (sweep_bench's writing share); level 1 keeps most of the
  // gain. Variable-length strings live in HDF5's global heap, which no
  // filter reaches: only their references in the rows are compressed.
  const bool text = std::any_of(columns.begin(), columns.end(), fixed_text);
  if (!text) hdf5_check(H5Pset_shuffle(dcpl), "shuffle " + path);
  hdf5_check(H5Pset_deflate(dcpl, text ? 1 : kStreamDeflateLevel), "compress " + path);
  // Checksummed like the numeric datasets; the checksum does not cover the
  // global heap either (only the strings' references in the rows).
  hdf5_check(H5Pset_fletcher32(dcpl), "checksum " + path);
  Hdf5Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Hdf5Handle set(H5Dcreate2(file_, path.c_str(), types.file_type, space, lcpl, dcpl, H5P_DEFAULT),
                 H5Dclose, "create table " + path);
}

void Hdf5Writer::append(const std::string& path, std::span<const TableColumn> columns) {
  silence_hdf5();
  const std::size_t rows = table_rows(columns);
  if (rows == 0) return;
  const TableTypes types(columns);
  const std::vector<unsigned char> buffer = table_buffer(path, columns);
  Hdf5Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  const auto [file_space, memory_space] = grow(set, rows, path);
  Hdf5Handle f(file_space, H5Sclose, "select rows of " + path);
  Hdf5Handle m(memory_space, H5Sclose, "create a dataspace for " + path);
  hdf5_check(H5Dwrite(set, types.memory_type, m, f, H5P_DEFAULT, buffer.data()), "write " + path);
}

void Hdf5Writer::flush() {
  silence_hdf5();
  hdf5_check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush " + partial_path_.string());
}

void Hdf5Writer::commit() {
  silence_hdf5();
  attribute("/", "complete", std::int64_t{1});
  hdf5_check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush " + partial_path_.string());
  const herr_t closed = H5Fclose(file_);
  file_ = -1;
  hdf5_check(closed, "close " + partial_path_.string());
  add_content_digests(partial_path_);  // content_digest.hpp
  std::filesystem::rename(partial_path_, final_path_);
  committed_ = true;
}

// ---------------------------------------------------------------- reader

}  // namespace loom
