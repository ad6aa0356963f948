#pragma once
// Real networks from files: a table of schools (schools.file) and an edge
// list of ties between them (network.edges_file, topology "file").
//
// Both are CSV with a header row; blank lines and lines starting with '#'
// are skipped, fields are trimmed, columns may come in any order (names
// compared without regard to case) and extra columns are ignored (a weight,
// a name). Dialects as spreadsheets write them are read: comma, semicolon
// (then "0,35" is a decimal comma) or tab separated, found from the header;
// a UTF-8 byte-order mark; RFC 4180 quoting. A workbook (.xlsx, .xls, .ods)
// or UTF-16 text is refused with how to save it as CSV UTF-8.
//
//   schools.file:        id,students,teachers,poverty,style
//                        style is "shared", "top-down" or "as-set"
//                        (as-set: the scenario's own leadership levers;
//                        any case, and "top down" or "top_down")
//   network.edges_file:  source,target   (school ids; ties are undirected)
//
// Ids are the schools file's `id` text when a schools file is given (row
// order is the school's index in the outputs); otherwise S-1 .. S-n, which
// an edge list may also give as the whole numbers 0 .. network.schools - 1
// (the 0-based index; older files). A tie given twice, or in both directions, is one
// tie. Every problem throws NetworkFileError naming the file and line
// ("ties.csv:14: unknown school id 'S-99'"), so nothing runs on a file that
// was read only in part.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace loom {

class NetworkFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Ids are at most this many bytes: output tables store them at a fixed
// width, which gzip compresses (a file of 10,000 schools' weekly rows would
// otherwise hold its ids uncompressed).
inline constexpr std::size_t kSchoolIdWidth = 64;

struct SchoolRow {
  std::string id;
  int students = 0;
  int teachers = 0;
  double poverty = 0.0;
  std::string style;  // "shared", "top-down" or "as-set"
};

// Students and teachers must lie in the school model's allowed ranges
// (school.students, school.teachers), poverty in 0..1; ids must be unique.
std::vector<SchoolRow> read_schools_file(const std::string& path);

// The rows' ids in row order: what an edge list names schools by.
std::vector<std::string> school_ids(const std::vector<SchoolRow>& rows);
// The ids of n schools without a schools file: S-1 .. S-n.
std::vector<std::string> default_school_ids(std::uint32_t n);

// `ids`: the schools file's ids (empty: S-1 .. S-n, or the whole numbers
// 0 .. schools - 1).
// Rejects unknown ids, self-loops and rows without two fields.
std::vector<std::pair<std::uint32_t, std::uint32_t>> read_edges_file(
    const std::string& path, const std::vector<std::string>& ids, std::uint32_t schools);

}  // namespace loom
