#pragma once
// Looking into a finished results file's tables, and adding a table to it in
// place (loom analyze stores its indices next to the sweep they describe).
//
// Hdf5Writer (hdf5_file.hpp) only ever creates files, under a ".partial"
// name renamed when complete. Analysis results are small and derived, so
// they are added to the complete file instead of copying it (a sweep file
// can be gigabytes): the new table is written under a temporary name,
// flushed, and only then linked under its real name, the previous version
// unlinked last. An error at any step (disk full, a read-only file) leaves
// the file's earlier content as it was. The residual risk is a process
// killed while HDF5 writes its metadata, which HDF5 (without its
// journaling) cannot make atomic; the sweep's own datasets are not touched
// by any write, so they remain readable by HDF5 tools in that case too.
// Replacing a table leaves the old one's bytes unreclaimed (a few KB each
// time; h5repack reclaims them).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/output/hdf5_file.hpp"
#include "sim/run/table_column.hpp"

namespace loom {

struct TableField {
  enum class Type { kFloat, kInteger, kString, kOther };
  std::string name;
  Type type = Type::kOther;
};

// The fields of a compound table, in stored order. Throws Hdf5Error when
// the file cannot be opened or `table` is not a compound dataset.
std::vector<TableField> table_fields(const std::filesystem::path& file, const std::string& table);

// Whether `object` (a group or dataset) exists and carries attribute `name`.
bool has_attribute(const std::filesystem::path& file, const std::string& object,
                   const std::string& name);

struct TableAttributes {
  std::vector<std::pair<std::string, double>> numbers;
  std::vector<std::pair<std::string, std::int64_t>> integers;
  std::vector<std::pair<std::string, std::string>> texts;
};

// Writes `columns` as a compound table at `path` (groups created as
// needed), replacing any table already there, as described above. Throws
// Hdf5Error naming the file on failure.
void replace_table(const std::filesystem::path& file, const std::string& path,
                   std::span<const TableColumn> columns, const TableAttributes& attributes = {});

}  // namespace loom
