#include "models/school_network/network_files.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
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

// Lower case, for names compared without regard to case ("ID", "Shared").
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The delimiter of a file, from its header line: whichever of comma,
// semicolon (what spreadsheets write where the decimal mark is a comma) and
// tab occurs most often outside quotes; a one-column header means comma.
char detect_delimiter(std::string_view header) {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (const char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (tab > comma && tab >= semicolon) return '\t';
  if (semicolon > comma) return ';';
  return ',';
}

// One line's fields (RFC 4180 quoting: a quoted field may hold the
// delimiter, and "" inside it is one quote; a field spanning lines is not
// supported). Fields are trimmed of spaces outside quotes. nullopt: a quote
// left open.
std::optional<std::vector<std::string>> split(std::string_view line, char delimiter) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    const char c = i < line.size() ? line[i] : delimiter;
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else if (i == line.size()) {
        return std::nullopt;
      } else {
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      field.clear();
      quoted = was_quoted = true;
    } else if (c == delimiter) {
      fields.push_back(was_quoted ? field : std::string(trim(field)));
      field.clear();
      was_quoted = false;
    } else if (!was_quoted || (c != ' ' && c != '\t')) {
      field += c;
    }
  }
  return fields;
}

// Refuses what is not a UTF-8 text file but is often given for one: a
// spreadsheet workbook, or text saved as UTF-16. Returns the bytes without
// a UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one).
std::string_view csv_text(const std::string& path, const std::string& bytes) {
  const std::string_view b(bytes);
  const std::string ext = lower(std::filesystem::path(path).extension().string());
  if (b.starts_with(std::string_view("PK\x03\x04", 4)) ||
      b.starts_with(std::string_view("\xD0\xCF\x11\xE0", 4)) || ext == ".xlsx" || ext == ".xls" ||
      ext == ".ods") {
    throw NetworkFileError(path +
                           ": is a spreadsheet workbook, not a CSV file: open it in Excel or "
                           "LibreOffice and save it with File > Save As > 'CSV UTF-8 (comma "
                           "delimited)' (.csv), then name that file");
  }
  if (b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF"))
    throw NetworkFileError(path +
                           ": is UTF-16 text; save it as 'CSV UTF-8 (comma delimited)' instead");
  return b.starts_with("\xEF\xBB\xBF") ? b.substr(3) : b;
}

// One CSV file read line by line, with the header's columns located (names
// compared without regard to case), in any of the dialects spreadsheets
// write: comma, semicolon or tab separated, with or without a byte-order
// mark, fields quoted or not.
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
    in_.str(std::string(csv_text(path, *bytes_)));
    std::vector<std::string> header;
    if (!next(header, true)) throw NetworkFileError(path + ": is empty (a header row is needed)");
    header_line_ = line_;
    for (const auto column : columns) {
      std::optional<std::size_t> at;
      for (std::size_t i = 0; i < header.size(); ++i)
        if (lower(header[i]) == column) at = i;
      if (!at) {
        const char* name = delimiter_ == '\t' ? "tab" : delimiter_ == ';' ? "semicolon" : "comma";
        throw fail(header_line_, "the header has no column '" + std::string(column) +
                                     "' (needed: " + joined(columns) + "; read as " + name +
                                     "-separated, columns found: " + joined(header) + ")");
      }
      index_.push_back(*at);
      width_ = std::max(width_, *at + 1);
    }
  }

  // The next data row's needed fields, in the order asked for.
  bool row(std::vector<std::string>& out) {
    std::vector<std::string> fields;
    if (!next(fields, false)) return false;
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
  // Semicolon-separated files come from spreadsheets whose decimal mark is
  // a comma ("0,35").
  bool decimal_comma() const { return delimiter_ == ';'; }

 private:
  template <class Names>
  static std::string joined(const Names& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + std::string(x);
    return s;
  }
  bool next(std::vector<std::string>& fields, bool header) {
    std::string text;
    while (std::getline(in_, text)) {
      ++line_;
      const std::string_view t = trim(text);
      if (t.empty() || t.front() == '#') continue;
      if (header) delimiter_ = detect_delimiter(t);
      auto split_fields = split(t, delimiter_);
      if (!split_fields) throw fail(line_, "a quoted field is not closed (a \" is missing)");
      fields = std::move(*split_fields);
      return true;
    }
    return false;
  }

  std::string path_;
  std::shared_ptr<const std::string> bytes_;
  std::istringstream in_;
  int line_ = 0;
  int header_line_ = 0;
  char delimiter_ = ',';
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
    std::string decimal = text;
    if (csv.decimal_comma() && decimal.find('.') == std::string::npos)
      std::replace(decimal.begin(), decimal.end(), ',', '.');
    v = number<double>(decimal);
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
    if (r.id.size() > kSchoolIdWidth)
      throw csv.fail(csv.line(), "school id '" + r.id.substr(0, 20) + "...' is longer than " +
                                     std::to_string(kSchoolIdWidth) +
                                     " characters: use a short code (the name can go in "
                                     "another column)");
    if (const auto [it, fresh] = seen.emplace(r.id, csv.line()); !fresh)
      throw csv.fail(csv.line(), "school id '" + r.id + "' already given on line " +
                                     std::to_string(it->second));
    r.students = static_cast<int>(checked(csv, f[1], "students", true));
    r.teachers = static_cast<int>(checked(csv, f[2], "teachers", true));
    r.poverty = checked(csv, f[3], "poverty", false);
    // "Shared", "Top down" and "top_down" are what people type.
    r.style = lower(f[4]);
    std::replace(r.style.begin(), r.style.end(), ' ', '-');
    std::replace(r.style.begin(), r.style.end(), '_', '-');
    if (r.style != "shared" && r.style != "top-down" && r.style != "as-set")
      throw csv.fail(csv.line(), "style '" + f[4] + "' must be shared, top-down or as-set");
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

std::vector<std::string> default_school_ids(std::uint32_t n) {
  std::vector<std::string> ids;
  ids.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) ids.push_back("S-" + std::to_string(i + 1));
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
      if (it == index.end()) {
        throw csv.fail(csv.line(), "unknown school id '" + text + "' (not in schools.file" +
                                       suggestion(text, ids) + ")");
      }
      return it->second;
    }
    // S-k is school k - 1; a bare number is the 0-based index.
    if (text.size() > 2 && (text[0] == 'S' || text[0] == 's') && text[1] == '-') {
      const auto k = number<long long>(text.substr(2));
      if (k && *k >= 1 && *k <= schools) return static_cast<std::uint32_t>(*k - 1);
    } else if (const auto v = number<long long>(text); v && *v >= 0 && *v < schools) {
      return static_cast<std::uint32_t>(*v);
    }
    throw csv.fail(csv.line(),
                   "unknown school id '" + text + "' (without a schools.file ids are S-1 to S-" +
                       std::to_string(schools) + ", or 0 to " + std::to_string(schools - 1) +
                       "; network.schools = " + std::to_string(schools) + ")");
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
