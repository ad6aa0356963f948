#include "sim/input/toml_values.hpp"

#include <fstream>
#include <sstream>

#include "sim/input/scenario.hpp"

namespace loom {
namespace {

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

}  // namespace

std::string line_of(const std::string& file, const toml::value& v) {
  return file + ":" + std::to_string(v.location().line());
}

std::string where(const std::string& file, const toml::value& v) {
  return line_of(file, v) + ": ";
}

std::string type_name(const toml::value& v) {
  std::ostringstream s;
  s << v.type();
  return s.str();
}

std::string integer_token(const toml::value& v) {
  const auto loc = v.location();
  const std::string& line = loc.line_str();
  if (loc.column() < 1 || loc.column() - 1 > line.size()) return "";
  return line.substr(loc.column() - 1, loc.region());
}

std::int64_t checked_integer(const std::string& file, const std::string& full_key,
                             const toml::value& v, std::string_view hint) {
  if (integer_overflowed(v)) {
    throw ScenarioError(where(file, v) + "'" + full_key + "' = " + integer_token(v) +
                        " is outside the range of a TOML integer (-9223372036854775808 to "
                        "9223372036854775807)" +
                        std::string(hint));
  }
  return v.as_integer();
}

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
    case ValueKind::kNames:
      // Read by ScenarioFile::apply; anywhere else (a schedule) they cannot go.
      throw ScenarioError(where(file, v) + "'" + full_key + "' is " +
                          (info.kind == ValueKind::kPath ? "a file path" : "a list of names") +
                          ": it is read once, at the start of a run");
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

std::string read_study_file(const std::filesystem::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError("cannot read " + what + " file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

toml::value parse_study_toml(const std::string& text, const std::string& source_name) {
  check_scenario_limits(text, source_name);
  try {
    std::istringstream in(text);
    return toml::parse(in, source_name);
  } catch (const toml::syntax_error& e) {
    throw ScenarioError(source_name + ": not valid TOML:\n" + e.what());
  }
}

std::filesystem::path study_path(const std::string& written, const std::string& source_name) {
  std::filesystem::path p(written);
  if (p.is_relative()) p = std::filesystem::path(source_name).parent_path() / p;
  return p.lexically_normal();
}

}  // namespace loom
