#include "sim/input/scenario.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <toml.hpp>
#include <vector>

#include "sim/run/run_plan.hpp"

namespace loom {

// One file of an inheritance chain: its TOML and the name errors give it.
struct ScenarioLayer {
  toml::value root;
  std::string source;
};

struct ScenarioFile::Document {
  std::vector<ScenarioLayer> layers;  // the root-most base first, this file last
  std::map<std::string, std::string, std::less<>> header_origins;  // "model" -> "x.toml:3"
};

namespace {

std::string printable_message(const std::string& message) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(message.size());
  std::size_t line_start = 0;
  bool cut = false;
  for (const char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += '\n';
      line_start = out.size();
      cut = false;
      continue;
    }
    if (cut) continue;
    if (out.size() - line_start >= ScenarioError::kMaxLine && (c & 0xc0) != 0x80) {
      out += "...";
      cut = true;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

ScenarioError::ScenarioError(const std::string& message)
    : std::runtime_error(printable_message(message)) {}

ScenarioFile::ScenarioFile() : document_(std::make_unique<Document>()) {}
ScenarioFile::~ScenarioFile() = default;
ScenarioFile::ScenarioFile(ScenarioFile&&) noexcept = default;
ScenarioFile& ScenarioFile::operator=(ScenarioFile&&) noexcept = default;

namespace {

std::string limit_error(const std::string& file, std::size_t line, const std::string& why) {
  return file + ":" + std::to_string(line) + ": " + why;
}

// The length of the well-formed UTF-8 sequence at s[i] (1 for ASCII), or 0
// when s[i] does not start one (shortest form, no surrogates, <= U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    length = 2;
    code = c & 0x1fu;
  } else if (c >= 0xe0 && c <= 0xef) {
    length = 3;
    code = c & 0x0fu;
  } else if (c >= 0xf0 && c <= 0xf4) {
    length = 4;
    code = c & 0x07u;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xc0) != 0x80) return 0;
    code = code << 6 | (next & 0x3fu);
  }
  if (length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) return 0;
  if (length == 4 && (code < 0x10000 || code > 0x10ffff)) return 0;
  return length;
}

// Scans TOML text just well enough to find strings, comments, brackets and
// keys; anything it does not understand is left for the parser to report.
class LimitScanner {
 public:
  LimitScanner(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  void run() {
    using L = ScenarioLimits;
    if (text_.size() > L::kMaxBytes) {
      throw ScenarioError(file_ + ": the file has " + std::to_string(text_.size()) +
                          " bytes; a scenario file may have at most " +
                          std::to_string(L::kMaxBytes) + " (1 MiB)");
    }
    // TOML is UTF-8; toml11 3.7 reads out of bounds when it reports some
    // invalid sequences (found by the fuzzer), so they never reach it.
    for (std::size_t at = 0; at < text_.size();) {
      const std::size_t length = utf8_length(text_, at);
      if (length == 0) {
        const auto line =
            1 + std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(at), '\n');
        static constexpr char kHex[] = "0123456789ABCDEF";
        const auto byte = static_cast<unsigned char>(text_[at]);
        throw ScenarioError(limit_error(file_, static_cast<std::size_t>(line),
                                        std::string("not valid UTF-8 (byte 0x") + kHex[byte >> 4] +
                                            kHex[byte & 0xf] +
                                            "); a scenario file must be UTF-8 text"));
      }
      at += length;
    }
    bool key_position = true;  // at the start of a line outside any value, or in { }
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
        if (stack_.empty()) key_position = true;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
      } else if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') ++i_;
      } else if (key_position) {
        key_position = false;
        if (c == '[' && stack_.empty()) {  // [table] or [[array of tables]]
          ++i_;
          if (i_ < text_.size() && text_[i_] == '[') ++i_;
          while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t')) ++i_;
        }
        scan_key();
      } else if (c == '"' || c == '\'') {
        skip_string();
      } else if (c == '[' || c == '{') {
        stack_.push_back(c);
        if (stack_.size() > L::kMaxDepth) {
          throw ScenarioError(limit_error(file_, line_,
                                          "values nested more than " +
                                              std::to_string(L::kMaxDepth) +
                                              " levels deep ([ and {); a scenario needs none"));
        }
        if (c == '{') key_position = true;
        ++i_;
      } else if (c == ']' || c == '}') {
        if (!stack_.empty()) stack_.pop_back();
        ++i_;
      } else if (c == ',') {
        if (!stack_.empty() && stack_.back() == '{') key_position = true;
        ++i_;
      } else {
        ++i_;
      }
    }
  }

 private:
  // Skips a basic or literal string, single- or multi-line, starting at i_.
  void skip_string() {
    const char quote = text_[i_];
    const bool multi = i_ + 2 < text_.size() && text_[i_ + 1] == quote && text_[i_ + 2] == quote;
    i_ += multi ? 3 : 1;
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        if (!multi) return;  // unterminated: the parser says so
        ++line_;
      } else if (c == '\\' && quote == '"' && i_ + 1 < text_.size() && text_[i_ + 1] != '\n') {
        i_ += 2;
        continue;
      } else if (c == quote) {
        if (!multi) {
          ++i_;
          return;
        }
        if (i_ + 2 < text_.size() && text_[i_ + 1] == quote && text_[i_ + 2] == quote) {
          i_ += 3;
          while (i_ < text_.size() && text_[i_] == quote) ++i_;  // """"" ends in quotes
          return;
        }
      }
      ++i_;
    }
  }

  // A (dotted) key from i_ up to '=', a bracket, a comma or the end of the line.
  void scan_key() {
    using L = ScenarioLimits;
    const std::size_t start = i_, line = line_;
    std::size_t parts = 1, end = i_;
    while (i_ < text_.size()) {
      const char c = text_[i_];
      // A key holds no brackets, commas or comments: they are left to run()
      // so that nesting is counted even in a broken key.
      if (c == '=' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == '\n' ||
          c == '#')
        break;
      if (c == '"' || c == '\'') {
        skip_string();
        end = i_;
        continue;
      }
      if (c == '.') ++parts;
      if (c != ' ' && c != '\t' && c != '\r') end = i_ + 1;
      ++i_;
    }
    if (parts > L::kMaxKeyParts) {
      throw ScenarioError(limit_error(
          file_, line,
          "a key with " + std::to_string(parts) + " dotted parts; at most " +
              std::to_string(L::kMaxKeyParts) + " (a scenario's are like leadership.insiders)"));
    }
    if (end - start > L::kMaxKeyLength) {
      throw ScenarioError(limit_error(file_, line,
                                      "a key of " + std::to_string(end - start) +
                                          " characters; at most " +
                                          std::to_string(L::kMaxKeyLength)));
    }
    if (++keys_ > L::kMaxKeys) {
      throw ScenarioError(limit_error(
          file_, line,
          "more than " + std::to_string(L::kMaxKeys) + " keys and table headers in one file"));
    }
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t i_ = 0, line_ = 1, keys_ = 0;
  std::string stack_;  // the open '[' and '{'
};

}  // namespace

void check_scenario_limits(std::string_view text, const std::string& source_name) {
  LimitScanner(text, source_name).run();
}

std::optional<std::uint64_t> parse_seed(std::string_view text) {
  std::uint64_t value = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    if (text.size() > 16) return std::nullopt;
    for (char c : text) {
      int digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return std::nullopt;
      }
      value = value << 4 | static_cast<std::uint64_t>(digit);
    }
    return value;
  }
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::string resolve_data_path(std::string_view text, const std::filesystem::path& folder) {
  if (text.empty()) return {};
  std::filesystem::path path{std::string(text)};
  if (path.is_relative()) path = folder / path;
  return std::filesystem::absolute(path).lexically_normal().string();
}

std::string format_current(const ParameterSection& section, std::size_t i) {
  const ParameterInfo& info = section.parameters()[i];
  return info.kind == ValueKind::kPath ? toml_quoted(section.text(i))
                                       : format_value(info, section.get(i));
}

// FNV-1a of a file's bytes, or "unreadable" (the model's check says why).
static std::string file_fingerprint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "unreadable";
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return "fnv1a64 " + hash_hex(fnv1a64(bytes));
}

std::string toml_quoted(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A multi-byte UTF-8 sequence: copied when well formed, else one
    // U+FFFD per bad byte.
    if (const std::size_t length = utf8_length(s, i); length > 0) {
      out.append(s.substr(i, length));
      i += length;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
  }
  return out + "\"";
}

namespace {

constexpr std::string_view kHeaderKeys[] = {"name",       "description", "model",
                                            "replicates", "seed",        "base"};

std::string line_of(const std::string& file, const toml::value& v) {
  return file + ":" + std::to_string(v.location().line());
}

std::string where(const std::string& file, const toml::value& v) {
  return line_of(file, v) + ": ";
}

std::string suggestion(std::string_view word, const std::vector<std::string>& names) {
  const std::string near = nearest_name(word, names);
  return near.empty() ? std::string() : "; did you mean '" + near + "'?";
}

std::string type_name(const toml::value& v) {
  std::ostringstream s;
  s << v.type();
  return s.str();
}

// The integer literal as written in the file ("0xffff_ffff"), or "" when
// its position is unknown.
std::string integer_token(const toml::value& v) {
  const auto loc = v.location();
  const std::string& line = loc.line_str();
  if (loc.column() < 1 || loc.column() - 1 > line.size()) return "";
  return line.substr(loc.column() - 1, loc.region());
}

// toml11 reads an integer literal beyond the signed 64-bit range as the
// nearest limit, without a word; this finds out from the literal itself.
bool integer_overflowed(const toml::value& v) {
  const std::int64_t value = v.as_integer();
  if (value != INT64_MAX && value != INT64_MIN) return false;
  std::string_view token;
  const std::string text = integer_token(v);
  token = text;
  bool negative = false;
  if (!token.empty() && (token[0] == '+' || token[0] == '-')) {
    negative = token[0] == '-';
    token.remove_prefix(1);
  }
  std::uint64_t base = 10;
  if (token.size() > 2 && token[0] == '0' &&
      (token[1] == 'x' || token[1] == 'o' || token[1] == 'b')) {
    base = token[1] == 'x' ? 16 : token[1] == 'o' ? 8 : 2;
    token.remove_prefix(2);
  }
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  std::uint64_t magnitude = 0;
  for (char c : token) {
    if (c == '_') continue;
    std::uint64_t digit = 16;
    if (c >= '0' && c <= '9') digit = static_cast<std::uint64_t>(c - '0');
    if (c >= 'a' && c <= 'f') digit = static_cast<std::uint64_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') digit = static_cast<std::uint64_t>(c - 'A' + 10);
    if (digit >= base) return false;  // not a plain literal: trust the parser
    if (magnitude > (limit - digit) / base) return true;
    magnitude = magnitude * base + digit;
  }
  return false;
}

// v.as_integer(), refusing a literal the parser silently clamped.
std::int64_t checked_integer(const std::string& file, const std::string& full_key,
                             const toml::value& v, std::string_view hint = {}) {
  if (integer_overflowed(v)) {
    throw ScenarioError(where(file, v) + "'" + full_key + "' = " + integer_token(v) +
                        " is outside the range of a TOML integer (-9223372036854775808 to "
                        "9223372036854775807)" +
                        std::string(hint));
  }
  return v.as_integer();
}

// Reads one TOML value as the kind the parameter expects.
double read_value(const std::string& file, const std::string& full_key, const ParameterInfo& info,
                  const toml::value& v) {
  double value = 0.0;
  const auto wrong_type = [&](std::string_view expected) {
    return ScenarioError(where(file, v) + "'" + full_key + "' must be " + std::string(expected) +
                         " (" + describe_range(info) + "), not a " + type_name(v));
  };
  switch (info.kind) {
    case ValueKind::kReal:
      if (v.is_floating()) {
        value = v.as_floating();
      } else if (v.is_integer()) {
        value = static_cast<double>(checked_integer(file, full_key, v));
      } else {
        throw wrong_type("a number");
      }
      break;
    case ValueKind::kInteger:
      if (!v.is_integer()) throw wrong_type("a whole number");
      value = static_cast<double>(checked_integer(file, full_key, v));
      break;
    case ValueKind::kBoolean:
      if (!v.is_boolean()) throw wrong_type("true or false");
      value = v.as_boolean() ? 1.0 : 0.0;
      break;
    case ValueKind::kPath:
      // Paths are read by ScenarioFile::apply; anywhere else (a schedule) they cannot go.
      throw ScenarioError(where(file, v) + "'" + full_key +
                          "' is a file path: it is read once, at the start of a run");
    case ValueKind::kChoice:
      if (!v.is_string()) throw wrong_type("a quoted word");
      try {
        value = parse_value_text(info, v.as_string().str);
      } catch (const std::invalid_argument& e) {
        throw ScenarioError(where(file, v) + "'" + full_key + "': " + e.what());
      }
      break;
  }
  if (const std::string problem = validate_value(info, value); !problem.empty()) {
    throw ScenarioError(where(file, v) + "'" + full_key + "' = " + format_value(info, value) + " " +
                        problem);
  }
  return value;
}

// A file path: a TOML string, relative to the scenario file's folder, kept
// absolute so that the stored scenario runs from any working directory.
// "" stays "" (no file). Whether the file exists and reads is the model's
// check (Model::validate), which names the key and where it was set.
std::string read_path(const std::string& file, const std::string& full_key,
                      const ParameterInfo& info, const toml::value& v) {
  if (!v.is_string()) {
    throw ScenarioError(where(file, v) + "'" + full_key + "' must be " + describe_range(info) +
                        ", not a " + type_name(v));
  }
  return resolve_data_path(v.as_string().str, std::filesystem::path(file).parent_path());
}

// A seed: a TOML integer from 0 to 2^63-1, or a quoted decimal or 0x-hex
// number up to 2^64-1 (a TOML integer cannot hold more).
std::uint64_t read_seed(const std::string& file, const toml::value& v) {
  const std::string bad = where(file, v) + "'scenario.seed' ";
  const std::string allowed = " must be " + std::string(kSeedRange);
  if (v.is_integer()) {
    const std::int64_t seed = checked_integer(
        file, "scenario.seed", v,
        "; write a seed above 9223372036854775807 in quotes, e.g. seed = \"18446744073709551615\"");
    if (seed < 0) throw ScenarioError(bad + "= " + integer_token(v) + allowed);
    return static_cast<std::uint64_t>(seed);
  }
  if (v.is_string()) {
    if (const auto seed = parse_seed(v.as_string().str)) return *seed;
    throw ScenarioError(bad + "= " + toml_quoted(v.as_string().str) + allowed);
  }
  throw ScenarioError(bad + allowed.substr(1) + ", not a " + type_name(v));
}

// Reads this file's [scenario] fields over `h` (the base's, or defaults)
// and records where each was set.
void read_header(const std::string& file, const toml::value& root, ScenarioHeader& h,
                 std::map<std::string, std::string, std::less<>>& origins) {
  if (!root.contains("scenario")) return;
  const toml::value& table = root.at("scenario");
  if (!table.is_table()) throw ScenarioError(where(file, table) + "'scenario' must be a table");
  const std::vector<std::string> names(std::begin(kHeaderKeys), std::end(kHeaderKeys));
  for (const auto& entry : table.as_table()) {
    // Not a structured binding: clang (the fuzz preset) cannot capture one.
    const std::string& key = entry.first;
    const toml::value& v = entry.second;
    const std::string full = "scenario." + key;
    const auto need_string = [&]() -> std::string {
      if (!v.is_string())
        throw ScenarioError(where(file, v) + "'" + full + "' must be a quoted text");
      return v.as_string().str;
    };
    origins[key] = line_of(file, v);
    if (key == "base") {
      need_string();  // followed by ScenarioFile::parse_layer
    } else if (key == "name") {
      h.name = need_string();
    } else if (key == "description") {
      h.description = need_string();
    } else if (key == "model") {
      h.model = need_string();
    } else if (key == "replicates") {
      if (!v.is_integer() || checked_integer(file, full, v) < 1 || v.as_integer() > 1000000)
        throw ScenarioError(where(file, v) + "'" + full +
                            "' must be a whole number from 1 to 1000000 (replicate runs)");
      h.replicates = static_cast<int>(v.as_integer());
    } else if (key == "seed") {
      h.seed = read_seed(file, v);
    } else {
      throw ScenarioError(where(file, v) + "unknown key '" + full + "'" + suggestion(key, names));
    }
  }
}

}  // namespace

std::string ValueOrigins::of(std::string_view key) const {
  const auto found = origins_.find(key);
  return found == origins_.end() ? std::string() : found->second;
}

std::string ValueOrigins::explain(const ParameterConflict& conflict,
                                  const std::string& fallback) const {
  std::string blamed;
  for (const auto& key : conflict.keys()) {
    blamed = of(key);
    if (!blamed.empty()) break;
  }
  std::string message = (blamed.empty() ? fallback : blamed) + ": " + conflict.what();
  std::vector<std::string> others;
  for (const auto& key : conflict.keys()) {
    const std::string origin = of(key);
    if (!origin.empty() && origin != blamed) others.push_back(key + " was set at " + origin);
  }
  for (std::size_t i = 0; i < others.size(); ++i) message += (i ? "; " : " (") + others[i];
  if (!others.empty()) message += ")";
  return message;
}

namespace {

std::filesystem::path identity(const std::filesystem::path& path) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : canonical;
}

}  // namespace

ScenarioFile ScenarioFile::parse_layer(const std::string& text, const std::string& source_name,
                                       std::vector<std::filesystem::path>& chain) {
  ScenarioFile s;
  s.source_name_ = source_name;
  ScenarioLayer layer{{}, source_name};
  check_scenario_limits(text, source_name);
  try {
    std::istringstream in(text);
    layer.root = toml::parse(in, source_name);
  } catch (const toml::syntax_error& e) {
    throw ScenarioError(source_name + ": not valid TOML:\n" + e.what());
  }
  // The base, if any, supplies every value this file does not set.
  std::map<std::string, std::string, std::less<>> own_origins;
  ScenarioHeader own;
  read_header(source_name, layer.root, own, own_origins);
  const toml::value* base_key = nullptr;
  if (layer.root.contains("scenario") && layer.root.at("scenario").contains("base")) {
    base_key = &layer.root.at("scenario").at("base");
  }
  if (base_key) {
    const std::string base_text = base_key->as_string().str;
    const std::string at = where(source_name, *base_key);
    std::filesystem::path base_path(base_text);
    if (base_path.is_relative()) {
      base_path = (std::filesystem::path(source_name).parent_path() / base_path).lexically_normal();
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(base_path, ec)) {
      throw ScenarioError(at + "scenario.base: no scenario file '" + base_text + "' (looked for " +
                          base_path.lexically_normal().string() + ")");
    }
    const auto id = identity(base_path);
    if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
      std::string cycle;
      for (const auto& p : chain) cycle += p.filename().string() + " -> ";
      throw ScenarioError(at + "scenario.base = '" + base_text + "' makes a cycle: " + cycle +
                          id.filename().string());
    }
    chain.push_back(id);
    ScenarioFile base = load_layer(base_path, chain);
    chain.pop_back();
    const auto model_key = own_origins.find("model");
    if (model_key != own_origins.end() && own.model != base.header_.model) {
      throw ScenarioError(at + "scenario.base '" + base_text + "' is a scenario for model '" +
                          base.header_.model + "', this file for model '" + own.model + "'");
    }
    s.document_ = std::move(base.document_);
    s.header_ = base.header_;
  }
  read_header(source_name, layer.root, s.header_, s.document_->header_origins);
  s.document_->header_origins.erase("base");  // the resolved scenario has none
  s.document_->layers.push_back(std::move(layer));
  return s;
}

ScenarioFile ScenarioFile::load_layer(const std::filesystem::path& path,
                                      std::vector<std::filesystem::path>& chain) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path.string() + ": cannot open scenario file");
  // One byte more than allowed is enough to refuse a file that is too big.
  std::string text(ScenarioLimits::kMaxBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw ScenarioError(path.string() + ": cannot read scenario file");
  return parse_layer(text, path.string(), chain);
}

ScenarioFile ScenarioFile::parse(const std::string& text, const std::string& source_name) {
  std::vector<std::filesystem::path> chain{identity(source_name)};
  return parse_layer(text, source_name, chain);
}

ScenarioFile ScenarioFile::load(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> chain{identity(path)};
  return load_layer(path, chain);
}

std::string ScenarioFile::header_origin(std::string_view key) const {
  const auto found = document_->header_origins.find(key);
  return found == document_->header_origins.end() ? source_name_ : found->second;
}

void ScenarioFile::apply(std::span<ParameterSection* const> sections, ValueOrigins* origins) const {
  std::vector<std::string> section_names{"scenario", "schedule"};
  for (const auto* s : sections) section_names.emplace_back(s->name());
  for (const ScenarioLayer& layer : document_->layers) {
    const std::string& file = layer.source;
    for (const auto& [section_name, table] : layer.root.as_table()) {
      if (section_name == "scenario" || section_name == "schedule") continue;
      ParameterSection* section = nullptr;
      for (auto* s : sections) {
        if (s->name() == section_name) section = s;
      }
      if (!section) {
        throw ScenarioError(where(file, table) + "unknown section [" + section_name +
                            "] for model '" + header_.model + "'" +
                            suggestion(section_name, section_names));
      }
      if (!table.is_table()) {
        throw ScenarioError(where(file, table) + "'" + section_name + "' must be a table");
      }
      std::vector<std::string> keys;
      for (const auto& info : section->parameters()) keys.emplace_back(info.key);
      for (const auto& [key, v] : table.as_table()) {
        const std::string full = section_name + "." + key;
        std::size_t index = 0;
        const ParameterInfo* info = section->find(key, &index);
        if (!info) {
          throw ScenarioError(where(file, v) + "unknown key '" + full + "'" +
                              suggestion(key, keys));
        }
        if (info->kind == ValueKind::kPath) {
          section->set_text(index, read_path(file, full, *info, v));
        } else {
          section->set(index, read_value(file, full, *info, v));
        }
        if (origins) origins->record(full, line_of(file, v));
      }
    }
  }
}

namespace {

// Every "section.key" of the sections, for suggestions.
std::vector<std::string> all_keys(std::span<ParameterSection* const> sections) {
  std::vector<std::string> all;
  for (const auto* s : sections) {
    for (const auto& info : s->parameters())
      all.push_back(std::string(s->name()) + "." + std::string(info.key));
  }
  return all;
}

// The "section.key" = value pairs of one entry: quoted keys
// ("leadership.blame" = 0.1) as they are, dotted keys (leadership.blame =
// 0.1, which TOML reads as a table) flattened back to "section.key".
void entry_pairs(const std::string& prefix, const toml::value& table,
                 std::vector<std::pair<std::string, const toml::value*>>& out) {
  for (const auto& [key, v] : table.as_table()) {
    const std::string full = prefix.empty() ? key : prefix + "." + key;
    if (v.is_table()) {
      entry_pairs(full, v, out);
    } else {
      out.emplace_back(full, &v);
    }
  }
}

// A year or week: a whole number from 1 (the upper bound is the model's).
int schedule_time(const std::string& file, const std::string& what, const toml::value& v) {
  constexpr std::int64_t kMax = 100000;  // far beyond any calendar; keeps step() in range
  if (!v.is_integer() || checked_integer(file, "schedule." + what, v) < 1 ||
      v.as_integer() > kMax) {
    throw ScenarioError(where(file, v) + "[[schedule]] '" + what +
                        "' must be a whole number from 1 (the " +
                        (what == "year" ? "first school year" : "first week of the year") +
                        ") up to " + (what == "year" ? "school.years" : "school.weeks_per_year"));
  }
  return static_cast<int>(v.as_integer());
}

}  // namespace

Schedule ScenarioFile::schedule(std::span<ParameterSection* const> sections) const {
  // The nearest layer with a schedule supplies it whole (sim/input/schedule.hpp).
  const ScenarioLayer* from = nullptr;
  for (const ScenarioLayer& layer : document_->layers) {
    if (layer.root.contains("schedule")) from = &layer;
  }
  Schedule schedule;
  if (!from) return schedule;
  const std::string& file = from->source;
  const toml::value& list = from->root.at("schedule");
  if (!list.is_array()) {
    throw ScenarioError(where(file, list) +
                        "'schedule' must be [[schedule]] entries (or schedule = [] for none)");
  }
  const std::vector<std::string> keys = all_keys(sections);
  for (const toml::value& entry : list.as_array()) {
    if (!entry.is_table()) {
      throw ScenarioError(where(file, entry) + "each [[schedule]] entry must be a table");
    }
    ScheduledChange change;
    if (!entry.contains("year")) {
      throw ScenarioError(where(file, entry) +
                          "a [[schedule]] entry needs a 'year' (1 = the first school year)");
    }
    change.origin = line_of(file, entry.at("year"));
    change.year = schedule_time(file, "year", entry.at("year"));
    if (entry.contains("week")) change.week = schedule_time(file, "week", entry.at("week"));
    if (entry.contains("label")) {
      const toml::value& label = entry.at("label");
      if (!label.is_string())
        throw ScenarioError(where(file, label) + "[[schedule]] 'label' must be a quoted text");
      change.label = label.as_string().str;
    }
    std::vector<std::pair<std::string, const toml::value*>> pairs;
    entry_pairs("", entry, pairs);
    for (const auto& [full, v] : pairs) {
      if (full == "year" || full == "week" || full == "label") continue;
      const auto dot = full.find('.');
      ParameterSection* section = nullptr;
      std::size_t index = 0;
      const ParameterInfo* info = nullptr;
      if (dot != std::string::npos) {
        for (auto* s : sections) {
          if (s->name() == full.substr(0, dot)) section = s;
        }
        if (section) info = section->find(full.substr(dot + 1), &index);
      }
      if (!info) {
        throw ScenarioError(where(file, *v) + "[[schedule]]: unknown key '" + full +
                            "' (an entry sets \"section.key\" = value, or year, week, label)" +
                            suggestion(full, keys));
      }
      if (!info->fixed_at_start.empty()) {
        throw ScenarioError(where(file, *v) + "[[schedule]]: '" + full +
                            "' cannot change during a run: it is fixed at the start (" +
                            std::string(info->fixed_at_start) + "); set it in [" +
                            std::string(section->name()) + "] instead");
      }
      change.values.push_back({std::string(section->name()), std::string(info->key),
                               read_value(file, full, *info, *v), line_of(file, *v)});
    }
    // In the order of the parameter tables, so the resolved scenario and
    // the story list them the same way whatever order the file used.
    const auto rank = [&](const ScheduledValue& v) {
      std::size_t at = 0, index = 0;
      for (; at < sections.size() && sections[at]->name() != v.section; ++at) {
      }
      if (at < sections.size()) sections[at]->find(v.key, &index);
      return std::pair(at, index);
    };
    std::stable_sort(change.values.begin(), change.values.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    if (change.values.empty()) {
      throw ScenarioError(change.origin +
                          ": this [[schedule]] entry sets nothing: add "
                          "\"section.key\" = value lines, e.g. \"leadership.blame\" = 0.1");
    }
    schedule.push_back(std::move(change));
  }
  std::stable_sort(schedule.begin(), schedule.end(), [](const auto& a, const auto& b) {
    return a.year != b.year ? a.year < b.year : a.week < b.week;
  });
  return schedule;
}

void apply_override(std::span<ParameterSection* const> sections, std::string_view assignment,
                    ValueOrigins* origins) {
  const std::string text(assignment);
  const auto fail = [&](const std::string& why) {
    return ScenarioError("--set " + text + ": " + why);
  };
  const auto eq = assignment.find('=');
  const auto dot = assignment.find('.');
  if (eq == std::string_view::npos || dot == std::string_view::npos || dot > eq) {
    throw fail("expected section.key=value, e.g. leadership.socialisation_pressure=0.2");
  }
  const std::string section_name(assignment.substr(0, dot));
  const std::string key(assignment.substr(dot + 1, eq - dot - 1));
  const std::string_view value_text = assignment.substr(eq + 1);
  std::vector<std::string> all;
  ParameterSection* section = nullptr;
  for (auto* s : sections) {
    for (const auto& info : s->parameters())
      all.push_back(std::string(s->name()) + "." + std::string(info.key));
    if (s->name() == section_name) section = s;
  }
  std::size_t index = 0;
  const ParameterInfo* info = section ? section->find(key, &index) : nullptr;
  if (!info) {
    throw fail("unknown key '" + section_name + "." + key + "'" +
               suggestion(section_name + "." + key, all));
  }
  if (info->kind == ValueKind::kPath) {  // relative to the working directory
    section->set_text(index, resolve_data_path(value_text, std::filesystem::current_path()));
    if (origins) origins->record(section_name + "." + key, "--set " + text);
    return;
  }
  double value = 0.0;
  try {
    value = parse_value_text(*info, value_text);
  } catch (const std::invalid_argument& e) {
    throw fail(e.what() + std::string(": allowed ") + describe_range(*info));
  }
  if (const std::string problem = validate_value(*info, value); !problem.empty()) {
    throw fail("'" + section_name + "." + key + "' = " + std::string(value_text) + " " + problem);
  }
  section->set(index, value);
  if (origins) origins->record(section_name + "." + key, "--set " + text);
}

std::string resolved_toml(const ScenarioHeader& header, std::span<ParameterSection* const> sections,
                          const Schedule& schedule) {
  // A TOML integer holds up to 2^63-1; a larger seed is written as a string.
  const std::string seed = header.seed > static_cast<std::uint64_t>(INT64_MAX)
                               ? "\"" + std::to_string(header.seed) + "\""
                               : std::to_string(header.seed);
  std::ostringstream out;
  out << "# Resolved scenario: every parameter with the value that was used.\n";
  out << "[scenario]\nname = " << toml_quoted(header.name)
      << "\ndescription = " << toml_quoted(header.description)
      << "\nmodel = " << toml_quoted(header.model) << "\nreplicates = " << header.replicates
      << "\nseed = " << seed << "\n";
  for (const auto* s : sections) {
    out << "\n[" << s->name() << "]\n";
    const auto infos = s->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      out << infos[i].key << " = " << format_current(*s, i);
      if (infos[i].kind == ValueKind::kPath && !s->text(i).empty()) {
        // The file's bytes enter the resolved text, so the plan hash changes
        // when the file does (a resumed sweep then refuses to mix them).
        out << "  # contents " << file_fingerprint(s->text(i));
      } else if (!infos[i].unit.empty()) {
        out << "  # " << infos[i].unit;
      }
      out << "\n";
    }
  }
  for (const auto& change : schedule) {
    out << "\n[[schedule]]\nyear = " << change.year << "\nweek = " << change.week << "\n";
    if (!change.label.empty()) out << "label = " << toml_quoted(change.label) << "\n";
    for (const auto& v : change.values) {
      const ParameterInfo* info = nullptr;
      for (const auto* s : sections) {
        if (s->name() == v.section) info = s->find(v.key);
      }
      if (!info) throw std::invalid_argument("schedule: unknown key " + v.section + "." + v.key);
      out << toml_quoted(v.section + "." + v.key) << " = " << format_value(*info, v.value) << "\n";
    }
  }
  return out.str();
}

}  // namespace loom
