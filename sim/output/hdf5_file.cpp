#include "sim/output/hdf5_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

namespace loom {
namespace {

// The operating system's reason for the last HDF5 failure, when one is
// on HDF5's error stack ("No space left on device", "Disk quota
// exceeded"): HDF5's own message alone ("could not flush") does not say
// that the disk is full. Its file driver records errno's text in the
// description as "error message = '...'".
std::string system_reason() {
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

[[noreturn]] void fail(const std::string& what) {
  const std::string reason = system_reason();
  throw Hdf5Error("HDF5: could not " + what + (reason.empty() ? "" : ": " + reason));
}

// Closes an HDF5 handle when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) fail(what);
  }
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
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

hid_t string_type() {
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

hid_t link_properties() {
  const hid_t p = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(p, 1);
  return p;
}

void write_attribute(hid_t file, const std::string& object, const std::string& name, hid_t type,
                     const void* data) {
  Handle obj(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "open " + object);
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
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a dataspace");
  Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  check(H5Awrite(attr, type, data), "write attribute " + name);
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
    const std::string reason = system_reason();
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
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle g(H5Gcreate2(file_, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
           "create group " + path);
}

void Hdf5Writer::attribute(const std::string& object, const std::string& name,
                           const std::string& value) {
  silence_hdf5();
  Handle type(string_type(), H5Tclose, "make a string type");
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
  Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose,
               "create a dataspace for " + path);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  if (!chunk_dims.empty() && !values.empty()) {
    std::vector<hsize_t> c(chunk_dims.begin(), chunk_dims.end());
    check(H5Pset_chunk(dcpl, static_cast<int>(c.size()), c.data()), "chunk " + path);
    check(H5Pset_shuffle(dcpl), "shuffle " + path);
    check(H5Pset_deflate(dcpl, 4), "compress " + path);
    // Fletcher32 on each chunk: a damaged chunk fails to read instead of
    // returning wrong numbers (costs 4 bytes a chunk and one pass).
    check(H5Pset_fletcher32(dcpl), "checksum " + path);
  }
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle set(H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT),
             H5Dclose, "create dataset " + path);
  if (!values.empty()) {
    check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write " + path);
  }
}

void Hdf5Writer::dataset(const std::string& path, std::span<const std::int64_t> values,
                         const std::vector<std::uint64_t>& dims) {
  silence_hdf5();
  std::vector<hsize_t> d(dims.begin(), dims.end());
  Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose,
               "create a dataspace for " + path);
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle set(H5Dcreate2(file_, path.c_str(), H5T_STD_I64LE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
             H5Dclose, "create dataset " + path);
  if (!values.empty()) {
    check(H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write " + path);
  }
}

void Hdf5Writer::strings(const std::string& path, std::span<const std::string> values) {
  silence_hdf5();
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t n = values.size();
  Handle type(string_type(), H5Tclose, "make a string type");
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create a dataspace for " + path);
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle set(H5Dcreate2(file_, path.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
             "create dataset " + path);
  if (n)
    check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + path);
}

void Hdf5Writer::text(const std::string& path, const std::string& value) {
  silence_hdf5();
  Handle type(string_type(), H5Tclose, "make a string type");
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a dataspace");
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle set(H5Dcreate2(file_, path.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
             "create dataset " + path);
  const char* p = value.c_str();
  check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &p), "write " + path);
}

namespace {

// Every table field takes 8 bytes in memory: a float64, an int64 or a char*
// (variable-length string), so rows are a fixed-size buffer.
constexpr std::size_t kField = 8;
static_assert(sizeof(char*) == kField);

struct TableTypes {
  Handle text_type{string_type(), H5Tclose, "make a string type"};
  Handle file_type;
  Handle memory_type;
  explicit TableTypes(std::span<const TableColumn> columns)
      : file_type(H5Tcreate(H5T_COMPOUND, kField * std::max<std::size_t>(columns.size(), 1)),
                  H5Tclose, "make a table type"),
        memory_type(H5Tcreate(H5T_COMPOUND, kField * std::max<std::size_t>(columns.size(), 1)),
                    H5Tclose, "make a table type") {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto& values = columns[c].values;
      hid_t stored = H5T_IEEE_F64LE, native = H5T_NATIVE_DOUBLE;
      if (std::holds_alternative<std::vector<std::int64_t>>(values)) {
        stored = H5T_STD_I64LE;
        native = H5T_NATIVE_INT64;
      } else if (std::holds_alternative<std::vector<std::string>>(values)) {
        stored = native = text_type;
      }
      check(H5Tinsert(file_type, columns[c].name.c_str(), c * kField, stored),
            "add column " + columns[c].name);
      check(H5Tinsert(memory_type, columns[c].name.c_str(), c * kField, native),
            "add column " + columns[c].name);
    }
  }
};

std::size_t table_rows(std::span<const TableColumn> columns) {
  if (columns.empty()) return 0;
  return std::visit([](const auto& v) { return v.size(); }, columns.front().values);
}

// Rows packed for the memory type; string fields point into `columns`.
std::vector<unsigned char> table_buffer(const std::string& path,
                                        std::span<const TableColumn> columns) {
  const std::size_t row_size = kField * columns.size();
  const std::size_t rows = table_rows(columns);
  std::vector<unsigned char> buffer(rows * row_size);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::size_t offset = c * kField;
    std::visit(
        [&](const auto& column) {
          if (column.size() != rows)
            throw Hdf5Error("table " + path + ": columns differ in length");
          for (std::size_t r = 0; r < rows; ++r) {
            using T = std::decay_t<decltype(column[r])>;
            if constexpr (std::is_same_v<T, std::string>) {
              const char* text = column[r].c_str();  // lives until the write
              std::memcpy(&buffer[r * row_size + offset], &text, kField);
            } else {
              std::memcpy(&buffer[r * row_size + offset], &column[r], kField);
            }
          }
        },
        columns[c].values);
  }
  return buffer;
}

// Grows a dataset by `rows` along its first dimension and selects the new
// rows; returns (file space, memory space).
std::pair<hid_t, hid_t> grow(hid_t set, std::uint64_t rows, const std::string& path) {
  Handle old_space(H5Dget_space(set), H5Sclose, "get the dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(old_space);
  if (rank < 1) throw Hdf5Error("HDF5: " + path + " is not extendible");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(old_space, dims.data(), nullptr);
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = dims[0];
  count[0] = rows;
  dims[0] += rows;
  check(H5Dset_extent(set, dims.data()), "extend " + path);
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
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create a dataspace for " + path);
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle set(
      H5Dcreate2(file_, path.c_str(), types.file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
      H5Dclose, "create table " + path);
  if (n)
    check(H5Dwrite(set, types.memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
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
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
               H5Sclose, "create a dataspace for " + path);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "chunk " + path);
  check(H5Pset_shuffle(dcpl), "shuffle " + path);
  check(H5Pset_deflate(dcpl, kStreamDeflateLevel), "compress " + path);
  check(H5Pset_fletcher32(dcpl), "checksum " + path);
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle set(H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, lcpl, dcpl, H5P_DEFAULT),
             H5Dclose, "create dataset " + path);
}

void Hdf5Writer::append_encoded_row(const std::string& path, std::span<const unsigned char> chunk) {
  silence_hdf5();  // called from worker threads: each silences its own error stack
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 1) throw Hdf5Error("HDF5: " + path + " is not extendible");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<hsize_t> offset(dims.size(), 0);
  offset[0] = dims[0];
  dims[0] += 1;
  check(H5Dset_extent(set, dims.data()), "extend " + path);
  check(H5Dwrite_chunk(set, H5P_DEFAULT, 0, offset.data(), chunk.size(), chunk.data()),
        "write a chunk of " + path);
}

void Hdf5Writer::append(const std::string& path, std::span<const double> values) {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of " + path);
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
  Handle f(file_space, H5Sclose, "select rows of " + path);
  Handle m(memory_space, H5Sclose, "create a dataspace for " + path);
  check(H5Dwrite(set, H5T_NATIVE_DOUBLE, m, f, H5P_DEFAULT, values.data()), "write " + path);
}

void Hdf5Writer::extendible_table(const std::string& path, std::span<const TableColumn> columns,
                                  std::uint64_t chunk_rows) {
  silence_hdf5();
  const TableTypes types(columns);
  const hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = std::max<hsize_t>(chunk_rows, 1);
  Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "create a dataspace for " + path);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  check(H5Pset_chunk(dcpl, 1, &chunk), "chunk " + path);
  // Checksummed like the numeric datasets; variable-length strings live in
  // HDF5's global heap, which the checksum does not cover (only their
  // references in the rows).
  check(H5Pset_fletcher32(dcpl), "checksum " + path);
  Handle lcpl(link_properties(), H5Pclose, "create link properties");
  Handle set(H5Dcreate2(file_, path.c_str(), types.file_type, space, lcpl, dcpl, H5P_DEFAULT),
             H5Dclose, "create table " + path);
}

void Hdf5Writer::append(const std::string& path, std::span<const TableColumn> columns) {
  silence_hdf5();
  const std::size_t rows = table_rows(columns);
  if (rows == 0) return;
  const TableTypes types(columns);
  const std::vector<unsigned char> buffer = table_buffer(path, columns);
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  const auto [file_space, memory_space] = grow(set, rows, path);
  Handle f(file_space, H5Sclose, "select rows of " + path);
  Handle m(memory_space, H5Sclose, "create a dataspace for " + path);
  check(H5Dwrite(set, types.memory_type, m, f, H5P_DEFAULT, buffer.data()), "write " + path);
}

void Hdf5Writer::flush() {
  silence_hdf5();
  check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush " + partial_path_.string());
}

void Hdf5Writer::commit() {
  silence_hdf5();
  attribute("/", "complete", std::int64_t{1});
  check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush " + partial_path_.string());
  const herr_t closed = H5Fclose(file_);
  file_ = -1;
  check(closed, "close " + partial_path_.string());
  std::filesystem::rename(partial_path_, final_path_);
  committed_ = true;
}

// ---------------------------------------------------------------- reader

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
  if (n < 0) fail("read the shape of " + path);
  Handle type(H5Dget_type(set), H5Tclose, "read the type of " + path);
  const std::size_t element = std::max<std::size_t>(H5Tget_size(type), 1);
  Handle dcpl(H5Dget_create_plist(set), H5Pclose, "read the properties of " + path);
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
  Handle attr(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "open attribute " + object + " " + name);
  std::uint64_t value = 0;
  check(H5Aread(attr, H5T_NATIVE_UINT64, &value), "read attribute " + name);
  return value;
}

bool Hdf5Reader::has_checksum(const std::string& path) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle dcpl(H5Dget_create_plist(set), H5Pclose, "read the properties of " + path);
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
  check(H5Ovisit(file_, H5_INDEX_NAME, H5_ITER_INC, visit, &paths), "list datasets");
  std::sort(paths.begin(), paths.end());
  return paths;
}

bool Hdf5Reader::has(const std::string& path) const {
  silence_hdf5();
  return H5Lexists(file_, path.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::uint64_t> Hdf5Reader::shape(const std::string& path) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> d(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space, d.data(), nullptr);
  return {d.begin(), d.end()};
}

std::vector<double> Hdf5Reader::doubles(const std::string& path) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  std::vector<double> values(checked_elements(set, space, path));
  if (!values.empty()) {
    check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read " + path);
  }
  return values;
}

std::vector<std::string> Hdf5Reader::strings(const std::string& path) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  Handle type(string_type(), H5Tclose, "make a string type");
  std::vector<char*> pointers(checked_elements(set, space, path));
  if (pointers.empty()) return {};
  check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "read " + path);
  std::vector<std::string> out(pointers.begin(), pointers.end());
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
  return out;
}

std::vector<unsigned char> Hdf5Reader::raw_bytes(const std::string& path) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle stored(H5Dget_type(set), H5Tclose, "read the type of " + path);
  if (H5Tis_variable_str(stored) > 0) {
    std::vector<unsigned char> bytes;
    for (const auto& s : strings(path)) {
      bytes.insert(bytes.end(), s.begin(), s.end());
      bytes.push_back(0);
    }
    return bytes;
  }
  Handle native(H5Tget_native_type(stored, H5T_DIR_ASCEND), H5Tclose, "map the type of " + path);
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  const std::size_t n = checked_elements(set, space, path);
  const std::size_t row = H5Tget_size(native);
  std::vector<unsigned char> bytes(n * row);
  if (bytes.empty()) return bytes;
  check(H5Dread(set, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()), "read " + path);
  if (H5Tget_class(native) != H5T_COMPOUND || H5Tdetect_class(native, H5T_STRING) <= 0) {
    return bytes;
  }
  // A table with string fields: replace each char* by the text it points to.
  std::vector<unsigned char> flat;
  const int members = H5Tget_nmembers(native);
  for (std::size_t r = 0; r < n; ++r) {
    for (int f = 0; f < members; ++f) {
      const std::size_t offset = H5Tget_member_offset(native, static_cast<unsigned>(f));
      Handle member(H5Tget_member_type(native, static_cast<unsigned>(f)), H5Tclose,
                    "read a field type of " + path);
      const unsigned char* at = &bytes[r * row + offset];
      if (H5Tis_variable_str(member) > 0) {
        const char* text = nullptr;
        std::memcpy(&text, at, sizeof text);
        if (text) flat.insert(flat.end(), text, text + std::strlen(text));
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

}  // namespace

std::vector<double> Hdf5Reader::column_doubles(const std::string& table,
                                               const std::string& field) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, table.c_str(), H5P_DEFAULT), H5Dclose, "open " + table);
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + table);
  Handle type(single_field_type(field, H5T_NATIVE_DOUBLE, sizeof(double)), H5Tclose,
              "make a field type");
  std::vector<double> values(checked_elements(set, space, table));
  if (!values.empty()) {
    check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read field " + field + " of " + table);
  }
  return values;
}

std::vector<std::string> Hdf5Reader::column_strings(const std::string& table,
                                                    const std::string& field) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, table.c_str(), H5P_DEFAULT), H5Dclose, "open " + table);
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + table);
  Handle text(string_type(), H5Tclose, "make a string type");
  Handle type(single_field_type(field, text, sizeof(char*)), H5Tclose, "make a field type");
  std::vector<char*> pointers(checked_elements(set, space, table));
  if (pointers.empty()) return {};
  check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
        "read field " + field + " of " + table);
  std::vector<std::string> out;
  out.reserve(pointers.size());
  for (const char* p : pointers) out.emplace_back(p ? p : "");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
  return out;
}

std::string Hdf5Reader::string_attribute(const std::string& object, const std::string& name) const {
  silence_hdf5();
  Handle attr(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "open attribute " + object + " " + name);
  Handle type(string_type(), H5Tclose, "make a string type");
  char* text = nullptr;
  check(H5Aread(attr, type, &text), "read attribute " + name);
  std::string out = text ? text : "";
  H5free_memory(text);
  return out;
}

double Hdf5Reader::number_attribute(const std::string& object, const std::string& name) const {
  silence_hdf5();
  Handle attr(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "open attribute " + object + " " + name);
  double value = 0.0;
  check(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
  return value;
}

std::vector<double> Hdf5Reader::rows(const std::string& path, std::uint64_t first,
                                     std::uint64_t count) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
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
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, extent.data(), nullptr),
        "select rows of " + path);
  Handle memory(H5Screate_simple(rank, extent.data(), nullptr), H5Sclose, "make a dataspace");
  check(H5Dread(set, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, values.data()), "read " + path);
  return values;
}

std::vector<TableColumn> Hdf5Reader::table(const std::string& path) const {
  silence_hdf5();
  Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle stored(H5Dget_type(set), H5Tclose, "read the type of " + path);
  if (H5Tget_class(stored) != H5T_COMPOUND) throw Hdf5Error(path + " is not a table");
  Handle space(H5Dget_space(set), H5Sclose, "read the shape of " + path);
  const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<TableColumn> columns;
  const int members = H5Tget_nmembers(stored);
  for (int f = 0; f < members; ++f) {
    char* raw_name = H5Tget_member_name(stored, static_cast<unsigned>(f));
    const std::string name = raw_name ? raw_name : "";
    H5free_memory(raw_name);
    const H5T_class_t kind = H5Tget_member_class(stored, static_cast<unsigned>(f));
    if (kind == H5T_STRING) {
      columns.push_back({name, column_strings(path, name)});
    } else if (kind == H5T_INTEGER) {
      Handle type(single_field_type(name, H5T_NATIVE_INT64, sizeof(std::int64_t)), H5Tclose,
                  "make a field type");
      std::vector<std::int64_t> values(rows);
      if (rows) {
        check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
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
