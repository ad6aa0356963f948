#include "scenario.hpp"

#include <fstream>
#include <sstream>
#include <toml.hpp>
#include <vector>

namespace loom {

struct ScenarioFile::Document {
  toml::value root;
};

ScenarioFile::ScenarioFile() : document_(std::make_unique<Document>()) {}
ScenarioFile::~ScenarioFile() = default;
ScenarioFile::ScenarioFile(ScenarioFile&&) noexcept = default;
ScenarioFile& ScenarioFile::operator=(ScenarioFile&&) noexcept = default;

namespace {

constexpr std::string_view kHeaderKeys[] = {"name", "description", "model", "replicates", "seed"};

std::string where(const std::string& file, const toml::value& v) {
  return file + ":" + std::to_string(v.location().line()) + ": ";
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

ScenarioHeader read_header(const std::string& file, const toml::value& root) {
  ScenarioHeader h;
  if (!root.contains("scenario")) return h;
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
    if (key == "name") {
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
  return h;
}

}  // namespace

ScenarioFile ScenarioFile::parse(const std::string& text, const std::string& source_name) {
  ScenarioFile s;
  s.source_name_ = source_name;
  try {
    std::istringstream in(text);
    s.document_->root = toml::parse(in, source_name);
  } catch (const toml::syntax_error& e) {
    throw ScenarioError(source_name + ": not valid TOML:\n" + e.what());
  }
  s.header_ = read_header(source_name, s.document_->root);
  return s;
}

ScenarioFile ScenarioFile::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ScenarioError(path.string() + ": cannot open scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string());
}

void ScenarioFile::apply(std::span<ParameterSection* const> sections) const {
  const std::string& file = source_name_;
  std::vector<std::string> section_names{"scenario"};
  for (const auto* s : sections) section_names.emplace_back(s->name());
  for (const auto& [section_name, table] : document_->root.as_table()) {
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
        throw ScenarioError(where(file, v) + "unknown key '" + full + "'" + suggestion(key, keys));
      }
      section->set(index, read_value(file, full, *info, v));
    }
  }
}

void apply_override(std::span<ParameterSection* const> sections, std::string_view assignment) {
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
