#pragma once
// Looking into a finished results file's tables, and adding a table to it
// (loom analyze stores its indices next to the sweep they describe).
//
// Hdf5Writer (hdf5_file.hpp) only ever creates files, under a ".partial"
// name renamed when complete. An added table follows the same rule: the
// file is copied to OUT.h5.updating, the table written into the copy,
// closed, read back and compared, synced, and the copy renamed over the
// original, all under the file's lock (output_guard.hpp). The original is
// never opened for writing, so a kill, a full disk or a failed write at any
// point leaves it byte for byte as it was (tests/cli/analyze_fault_test.py
// fails or kills every write of an analysis); a failure is an Hdf5Error,
// never a file reported as stored. Until 2026-12 tables were swapped inside
// the file, and a kill during HDF5's metadata writes could make the sweep
// unreadable. The cost: room for a copy of the file beside it while it is
// updated, and the time to copy it (about a second a gigabyte); a file
// with other hard links loses them (the name now points at the new copy).
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
// Hdf5Error naming the file on failure (a read-only file, a lock held by
// another Loom, no room for the copy, a failed write).
void replace_table(const std::filesystem::path& file, const std::string& path,
                   std::span<const TableColumn> columns, const TableAttributes& attributes = {});

}  // namespace loom
