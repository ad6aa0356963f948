#include "models/school_network/network_files.hpp"

#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "models/school/school_setup.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/parameter.hpp"

namespace loom {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Plain CSV as spreadsheets write it for numbers and ids: no quoted commas
// (a quoted field keeps its quotes stripped, nothing more).
std::vector<std::string> split(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string_view f =
        trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    fields.emplace_back(f);
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// One CSV file read line by line, with the header's columns located.
class CsvReader {
 public:
  // The file's bytes as this process first read them (input_file.hpp): a
  // file edited during a run changes none of its replicates.
  CsvReader(const std::string& path, std::vector<std::string_view> columns) : path_(path) {
    try {
      bytes_ = input_snapshot(path);
    } catch (const InputFileError& e) {
      throw NetworkFileError(e.what());
    }
    in_.str(*bytes_);
    std::vector<std::string> header;
    if (!next(header)) throw NetworkFileError(path + ": is empty (a header row is needed)");
    header_line_ = line_;
    for (const auto column : columns) {
      std::optional<std::size_t> at;
      for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == column) at = i;
      if (!at)
        throw fail(header_line_, "the header has no column '" + std::string(column) +
                                     "' (needed: " + joined(columns) + ")");
      index_.push_back(*at);
      width_ = std::max(width_, *at + 1);
    }
  }

  // The next data row's needed fields, in the order asked for.
  bool row(std::vector<std::string>& out) {
    std::vector<std::string> fields;
    if (!next(fields)) return false;
    if (fields.size() < width_)
      throw fail(line_, "has " + std::to_string(fields.size()) + " fields, the header has " +
                            std::to_string(width_) + " or more");
    out.clear();
    for (const std::size_t i : index_) out.push_back(fields[i]);
    return true;
  }

  NetworkFileError fail(int line, const std::string& what) const {
    return NetworkFileError(path_ + ":" + std::to_string(line) + ": " + what);
  }
  int line() const { return line_; }

 private:
  static std::string joined(const std::vector<std::string_view>& v) {
    std::string s;
    for (const auto x : v) s += (s.empty() ? "" : ",") + std::string(x);
    return s;
  }
  bool next(std::vector<std::string>& fields) {
    std::string text;
    while (std::getline(in_, text)) {
      ++line_;
      const std::string_view t = trim(text);
      if (t.empty() || t.front() == '#') continue;
      fields = split(t);
      return true;
    }
    return false;
  }

  std::string path_;
  std::shared_ptr<const std::string> bytes_;
  std::istringstream in_;
  int line_ = 0;
  int header_line_ = 0;
  std::vector<std::size_t> index_;
  std::size_t width_ = 0;
};

template <class T>
std::optional<T> number(const std::string& text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// A value checked against the school model's own range for its key.
double checked(const CsvReader& csv, const std::string& text, std::string_view key, bool whole) {
  const ParameterInfo* info = school_setup_table().infos.data();
  for (const auto& i : school_setup_table().infos)
    if (i.key == key) info = &i;
  std::optional<double> v;
  if (!whole) {
    v = number<double>(text);
  } else if (const auto w = number<long long>(text)) {
    v = static_cast<double>(*w);
  }
  const std::string name(key);
  if (!v)
    throw csv.fail(csv.line(),
                   name + " '" + text + "' is not " + (whole ? "a whole number" : "a number"));
  if (const std::string problem = validate_value(*info, *v); !problem.empty())
    throw csv.fail(csv.line(), name + " " + text + " " + problem);
  return *v;
}

}  // namespace

std::vector<SchoolRow> read_schools_file(const std::string& path) {
  CsvReader csv(path, {"id", "students", "teachers", "poverty", "style"});
  std::vector<SchoolRow> rows;
  std::map<std::string, int> seen;  // id -> line
  std::vector<std::string> f;
  while (csv.row(f)) {
    SchoolRow r;
    r.id = f[0];
    if (r.id.empty()) throw csv.fail(csv.line(), "empty school id");
    if (const auto [it, fresh] = seen.emplace(r.id, csv.line()); !fresh)
      throw csv.fail(csv.line(), "school id '" + r.id + "' already given on line " +
                                     std::to_string(it->second));
    r.students = static_cast<int>(checked(csv, f[1], "students", true));
    r.teachers = static_cast<int>(checked(csv, f[2], "teachers", true));
    r.poverty = checked(csv, f[3], "poverty", false);
    r.style = f[4];
    if (r.style != "shared" && r.style != "top-down" && r.style != "as-set")
      throw csv.fail(csv.line(), "style '" + r.style + "' must be shared, top-down or as-set");
    rows.push_back(std::move(r));
  }
  if (rows.size() < 2) throw NetworkFileError(path + ": a network needs at least 2 schools");
  return rows;
}

std::vector<std::string> school_ids(const std::vector<SchoolRow>& rows) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const auto& row : rows) ids.push_back(row.id);
  return ids;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> read_edges_file(
    const std::string& path, const std::vector<std::string>& ids, std::uint32_t schools) {
  CsvReader csv(path, {"source", "target"});
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::uint32_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
  const auto school = [&](const std::string& text) {
    if (!ids.empty()) {
      const auto it = index.find(text);
      if (it == index.end())
        throw csv.fail(csv.line(), "unknown school id '" + text + "' (not in schools.file)");
      return it->second;
    }
    const auto v = number<long long>(text);
    if (!v || *v < 0 || *v >= schools)
      throw csv.fail(
          csv.line(),
          "unknown school id '" + text + "' (ids are 0 to " + std::to_string(schools - 1) +
              " without a schools.file; network.schools = " + std::to_string(schools) + ")");
    return static_cast<std::uint32_t>(*v);
  };
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  std::vector<std::string> f;
  while (csv.row(f)) {
    const std::uint32_t a = school(f[0]), b = school(f[1]);
    if (a == b) throw csv.fail(csv.line(), "school '" + f[0] + "' is tied to itself");
    pairs.emplace_back(a, b);
  }
  return pairs;
}

}  // namespace loom
