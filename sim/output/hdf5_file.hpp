#pragma once
// Loom's HDF5 results files: a writer (hdf5_writer.cpp) and a reader for
// tests and tools (hdf5_reader.cpp); in-place updates are hdf5_update.hpp,
// the HDF5 handle they share is hdf5_handle.hpp.
//
// The writer creates "<name>.partial" and only renames it to <name> in
// commit(), after every dataset is written and the file is closed. A run that
// crashes or is killed leaves at most a ".partial" file, never a file under
// the real name that looks complete. The root attribute `complete = 1` is
// written last as a second guard for readers.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sim/run/table_column.hpp"

namespace loom {

class Hdf5Error : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The deflate level of streamed (extendible float64) datasets.
inline constexpr int kStreamDeflateLevel = 4;

class Hdf5Writer {
 public:
  explicit Hdf5Writer(std::filesystem::path final_path);
  ~Hdf5Writer();
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  const std::filesystem::path& partial_path() const { return partial_path_; }

  void create_group(const std::string& path);
  // Attributes on a group or dataset that already exists ("/" is the root).
  void attribute(const std::string& object, const std::string& name, const std::string& value);
  void attribute(const std::string& object, const std::string& name, double value);
  void attribute(const std::string& object, const std::string& name, std::int64_t value);
  // Unsigned 64-bit (seeds): stored as uint64 so h5py and R read it exactly.
  void attribute(const std::string& object, const std::string& name, std::uint64_t value);

  // An n-dimensional float64 dataset. chunk_dims empty = contiguous; else
  // chunked with shuffle + deflate (level 4: most of the gain, little time).
  void dataset(const std::string& path, std::span<const double> values,
               const std::vector<std::uint64_t>& dims,
               const std::vector<std::uint64_t>& chunk_dims = {});
  void dataset(const std::string& path, std::span<const std::int64_t> values,
               const std::vector<std::uint64_t>& dims);
  void strings(const std::string& path, std::span<const std::string> values);
  void text(const std::string& path, const std::string& value);
  // A table: one compound row per record, one field per column (float64,
  // int64 or a variable-length UTF-8 string), which h5py reads as a
  // structured array and pandas as a DataFrame.
  void table(const std::string& path, std::span<const TableColumn> columns);

  // Extendible datasets for streaming: created empty, grown along the first
  // dimension by append calls, so finished units go to disk as they come
  // and nothing is held until the end.
  //
  // A float64 dataset of shape (0, row_dims...), unlimited along the first
  // dimension, chunked `chunk_rows` rows at a time with shuffle + deflate 4
  // + Fletcher-32 (kStreamDeflateLevel; sim/output/chunk_codec.hpp encodes alike).
  void extendible_dataset(const std::string& path, const std::vector<std::uint64_t>& row_dims,
                          std::uint64_t chunk_rows = 1);
  // Appends values.size() / (product of row_dims) rows.
  void append(const std::string& path, std::span<const double> values);
  // Appends one row that a worker already encoded as a whole chunk
  // (sim/output/chunk_codec.hpp; the dataset's chunks must be one row each), with
  // H5Dwrite_chunk: no filtering on the writing thread.
  void append_encoded_row(const std::string& path, std::span<const unsigned char> chunk);
  // A table (as table()) with no rows, unlimited, chunked `chunk_rows` rows
  // with shuffle + deflate (kStreamDeflateLevel) + Fletcher-32.
  // The columns' names and types are taken from `columns` (values ignored).
  void extendible_table(const std::string& path, std::span<const TableColumn> columns,
                        std::uint64_t chunk_rows = 1024);
  // Appends rows (every column the same length, same names and types).
  void append(const std::string& path, std::span<const TableColumn> columns);
  // Writes HDF5's buffers to the .partial file, so a crash loses only what
  // came after the last flush (the file stays under its .partial name).
  void flush();

  // Marks the file complete, closes it and renames it to its final name.
  void commit();

 private:
  std::filesystem::path final_path_;
  std::filesystem::path partial_path_;
  std::int64_t file_ = -1;
  bool committed_ = false;
};

// Minimal reader used by tests and tools: what datasets a file holds and
// their raw bytes in a fixed (native) layout.
class Hdf5Reader {
 public:
  explicit Hdf5Reader(const std::filesystem::path& path);
  ~Hdf5Reader();
  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;

  std::vector<std::string> dataset_paths() const;  // sorted, absolute
  std::vector<std::uint64_t> shape(const std::string& path) const;
  std::vector<double> doubles(const std::string& path) const;
  std::vector<std::string> strings(const std::string& path) const;  // 1-D or scalar
  // Bytes of the dataset as stored type converted to native memory order;
  // variable-length strings (alone or as table fields) are returned as their
  // text, so the bytes never contain pointers and can be hashed.
  std::vector<unsigned char> raw_bytes(const std::string& path) const;
  // One field of a table written by Hdf5Writer::table.
  std::vector<double> column_doubles(const std::string& table, const std::string& field) const;
  std::vector<std::string> column_strings(const std::string& table, const std::string& field) const;
  std::string string_attribute(const std::string& object, const std::string& name) const;
  double number_attribute(const std::string& object, const std::string& name) const;
  // Exact for unsigned 64-bit attributes (seeds, plan hashes).
  std::uint64_t unsigned_attribute(const std::string& object, const std::string& name) const;
  bool has_attribute(const std::string& object, const std::string& name) const;
  bool has(const std::string& path) const;
  // True when the dataset's chunks carry Fletcher32 checksums (verified by
  // HDF5 on every read: a damaged chunk fails to read).
  bool has_checksum(const std::string& path) const;
  std::uint64_t file_size() const { return file_size_; }
  // Rows [first, first + count) of a float64 dataset (first dimension).
  std::vector<double> rows(const std::string& path, std::uint64_t first, std::uint64_t count) const;
  // A whole table written by Hdf5Writer::table / extendible_table, with
  // each column in its stored kind (float64, int64, string).
  std::vector<TableColumn> table(const std::string& path) const;

 private:
  // Elements of a dataset, refused (Hdf5Error) when their stored size could
  // not fit in the file: a damaged or forged header can claim any extent,
  // which would otherwise be allocated (std::bad_alloc). Compressed data may
  // expand up to 1032-fold (zlib's limit), so that is allowed when the
  // dataset is compressed.
  std::size_t checked_elements(std::int64_t set, std::int64_t space, const std::string& path) const;

  std::int64_t file_ = -1;
  std::uint64_t file_size_ = 0;
};

}  // namespace loom
