#include "scenario.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <toml.hpp>
#include <vector>

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

ScenarioFile::ScenarioFile() : document_(std::make_unique<Document>()) {}
ScenarioFile::~ScenarioFile() = default;
ScenarioFile::ScenarioFile(ScenarioFile&&) noexcept = default;
ScenarioFile& ScenarioFile::operator=(ScenarioFile&&) noexcept = default;

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
        value = static_cast<double>(v.as_integer());
      } else {
        throw wrong_type("a number");
      }
      break;
    case ValueKind::kInteger:
      if (!v.is_integer()) throw wrong_type("a whole number");
      value = static_cast<double>(v.as_integer());
      break;
    case ValueKind::kBoolean:
      if (!v.is_boolean()) throw wrong_type("true or false");
      value = v.as_boolean() ? 1.0 : 0.0;
      break;
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

// Reads this file's [scenario] fields over `h` (the base's, or defaults)
// and records where each was set.
void read_header(const std::string& file, const toml::value& root, ScenarioHeader& h,
                 std::map<std::string, std::string, std::less<>>& origins) {
  if (!root.contains("scenario")) return;
  const toml::value& table = root.at("scenario");
  if (!table.is_table()) throw ScenarioError(where(file, table) + "'scenario' must be a table");
  const std::vector<std::string> names(std::begin(kHeaderKeys), std::end(kHeaderKeys));
  for (const auto& [key, v] : table.as_table()) {
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
      if (!v.is_integer() || v.as_integer() < 1 || v.as_integer() > 1000000)
        throw ScenarioError(where(file, v) + "'" + full +
                            "' must be a whole number from 1 to 1000000 (replicate runs)");
      h.replicates = static_cast<int>(v.as_integer());
    } else if (key == "seed") {
      if (!v.is_integer() || v.as_integer() < 0)
        throw ScenarioError(where(file, v) + "'" + full + "' must be a whole number from 0 up");
      h.seed = static_cast<std::uint64_t>(v.as_integer());
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
  std::ifstream in(path);
  if (!in) throw ScenarioError(path.string() + ": cannot open scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_layer(text.str(), path.string(), chain);
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
  std::vector<std::string> section_names{"scenario"};
  for (const auto* s : sections) section_names.emplace_back(s->name());
  for (const ScenarioLayer& layer : document_->layers) {
    const std::string& file = layer.source;
    for (const auto& [section_name, table] : layer.root.as_table()) {
      if (section_name == "scenario") continue;
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
        section->set(index, read_value(file, full, *info, v));
        if (origins) origins->record(full, line_of(file, v));
      }
    }
  }
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

std::string resolved_toml(const ScenarioHeader& header,
                          std::span<ParameterSection* const> sections) {
  const auto quoted = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::ostringstream out;
  out << "# Resolved scenario: every parameter with the value that was used.\n";
  out << "[scenario]\nname = " << quoted(header.name)
      << "\ndescription = " << quoted(header.description) << "\nmodel = " << quoted(header.model)
      << "\nreplicates = " << header.replicates << "\nseed = " << header.seed << "\n";
  for (const auto* s : sections) {
    out << "\n[" << s->name() << "]\n";
    const auto infos = s->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      out << infos[i].key << " = " << format_value(infos[i], s->get(i));
      if (!infos[i].unit.empty()) out << "  # " << infos[i].unit;
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace loom
