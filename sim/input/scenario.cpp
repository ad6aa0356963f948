#include "sim/input/scenario.hpp"

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <vector>

#include "sim/core/string_literal.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/scenario_document.hpp"
#include "sim/input/toml_values.hpp"

namespace loom {

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

namespace {

constexpr std::string_view kHeaderKeys[] = {"name",       "description", "model",
                                            "replicates", "seed",        "base"};

// A file path: a TOML string, relative to the scenario file's folder, kept
// absolute so that the stored scenario runs from any working directory.
// "" stays "" (no file). Whether the file exists and reads is the model's
// check (Model::validate), which names the key and where it was set.
// A file name with a NUL in it: the system would open only the part before
// it ("top-down.toml\u0000junk" loaded top-down.toml), so it is an error.
// `key`: where and which key, as the message starts.
void refuse_nul(const std::string& key, const std::string& text) {
  if (text.find('\0') != std::string::npos)
    throw ScenarioError(key + " contains a NUL character (\\u0000); a file name cannot");
}

std::string read_path(const std::string& file, const std::string& full_key,
                      const ParameterInfo& info, const toml::value& v) {
  if (!v.is_string()) {
    throw ScenarioError(where(file, v) + "'" + full_key + "' must be " + describe_range(info) +
                        ", not a " + type_name(v));
  }
  const std::string& text = v.as_string().str;
  refuse_nul(where(file, v) + "'" + full_key + "'", text);
  return resolve_data_path(text, std::filesystem::path(file).parent_path());
}

// A list of names: a TOML array of non-empty strings (no line breaks, the
// text's separator), each given once.
std::string read_names(const std::string& file, const std::string& full_key,
                       const ParameterInfo& info, const toml::value& v) {
  const auto wrong = [&](const toml::value& at, const std::string& why) {
    return ScenarioError(where(file, at) + "'" + full_key + "' " + why + ": allowed " +
                         describe_range(info));
  };
  if (!v.is_array()) throw wrong(v, "is a " + type_name(v));
  std::vector<std::string> names;
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) throw wrong(item, "holds a " + type_name(item));
    const std::string& name = item.as_string().str;
    refuse_nul(where(file, item) + "'" + full_key + "'", name);
    if (name.empty() || name.find_first_of("\r\n") != std::string::npos)
      throw wrong(item, "holds an empty name or one with a line break");
    if (std::find(names.begin(), names.end(), name) != names.end())
      throw wrong(item, "names '" + name + "' twice");
    names.push_back(name);
  }
  return join_names(names);
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
    throw ScenarioError(bad + "= " + string_literal(v.as_string().str) + allowed);
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
    refuse_nul(at + "scenario.base", base_text);
    std::filesystem::path base_path(base_text);
    if (base_path.is_relative()) {
      base_path = (std::filesystem::path(source_name).parent_path() / base_path).lexically_normal();
    }
    std::error_code ec;
    if (!std::filesystem::exists(base_path, ec)) {
      throw ScenarioError(at + "scenario.base: no scenario file '" + base_text + "' (looked for " +
                          base_path.lexically_normal().string() + ")");
    }
    if (!std::filesystem::is_regular_file(base_path, ec)) {  // says what it is instead
      try {
        read_input_file(base_path.string(), ScenarioLimits::kMaxBytes, "a scenario file");
      } catch (const InputFileError& e) {
        throw ScenarioError(at + "scenario.base: " + e.what());
      }
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
  std::string text;
  try {
    text = read_input_file(path.string(), ScenarioLimits::kMaxBytes, "a scenario file");
  } catch (const InputFileError& e) {
    throw ScenarioError(e.what());
  }
  // A file of comments only is no scenario: a preset cut short by a bad
  // copy once ran, silently, as the default school.
  bool sets_something = false;
  for (std::size_t at = 0; at < text.size() && !sets_something;) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::size_t first = text.find_first_not_of(" \t\r", at);
    sets_something = first < end && text[first] != '#';
    at = end + 1;
  }
  if (!sets_something) {
    throw ScenarioError(path.string() +
                        ": sets nothing (only comments or blank lines): is it cut short? A "
                        "scenario file has at least a [scenario] table");
  }
  if (chain.size() > ScenarioLimits::kMaxBaseDepth) {
    throw ScenarioError(path.string() + ": more than " +
                        std::to_string(ScenarioLimits::kMaxBaseDepth) +
                        " scenario files in one chain of bases; a scenario needs one or two");
  }
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

std::vector<std::filesystem::path> ScenarioFile::files() const {
  std::vector<std::filesystem::path> out;
  for (const auto& layer : document_->layers) out.emplace_back(layer.source);
  return out;
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
      ParameterSection* section = find_section(sections, section_name);
      if (section && section->name() != section_name && origins) {
        origins->note(where(file, table) + "note: [" + section_name + "] is now [" +
                      std::string(section->name()) + "]; rename it (the old name is still read)");
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
        const std::string full = std::string(section->name()) + "." + key;
        std::size_t index = 0;
        const ParameterInfo* info = section->find(key, &index);
        if (!info) {
          if (const auto why = section->retired(key); !why.empty())
            throw ScenarioError(where(file, v) + "'" + full + "' was removed: " + std::string(why));
          throw ScenarioError(where(file, v) + "unknown key '" + full + "'" +
                              suggestion(key, keys));
        }
        if (info->kind == ValueKind::kPath) {
          section->set_text(index, read_path(file, full, *info, v));
        } else if (info->kind == ValueKind::kNames) {
          section->set_text(index, read_names(file, full, *info, v));
        } else {
          section->set(index, read_value(file, full, *info, v));
        }
        if (origins) origins->record(full, line_of(file, v));
      }
    }
  }
}

const ParameterInfo& require_parameter(std::span<ParameterSection* const> sections,
                                       const std::string& key, const std::string& where,
                                       const std::string& what, const std::string& model) {
  if (const ParameterRef p = find_parameter(sections, key)) return *p.info;
  throw ScenarioError(where + ": " + what + ": unknown parameter '" + key + "' for model '" +
                      model + "'" + suggestion(key, parameter_names(sections)) + " (`loom params " +
                      model + "` lists them)");
}

}  // namespace loom
