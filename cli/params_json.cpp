#include "cli/params_json.hpp"

#include "sim/core/string_literal.hpp"

#include <ostream>

#include "cli/summary_table.hpp"
#include "models/catalog/model_catalog.hpp"
#include "sim/run/model.hpp"

namespace loom {
namespace {

std::string_view kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kReal:
      return "real";
    case ValueKind::kInteger:
      return "integer";
    case ValueKind::kBoolean:
      return "boolean";
    case ValueKind::kChoice:
      return "choice";
    case ValueKind::kPath:
      return "path";
    case ValueKind::kNames:
      return "names";
  }
  return "real";
}

std::string json_value(const ParameterInfo& info, double value) {
  switch (info.kind) {
    case ValueKind::kBoolean:
      return value != 0.0 ? "true" : "false";
    case ValueKind::kChoice: {
      const auto index = static_cast<std::size_t>(value);
      return index < info.choices.size() ? string_literal(info.choices[index]) : "null";
    }
    case ValueKind::kPath:
      return "\"\"";  // paths default to none
    case ValueKind::kNames:
      return "[]";  // lists default to empty
    default:
      return json_number(value);
  }
}

std::string text_or_null(std::string_view text) {
  return text.empty() ? "null" : string_literal(text);
}

}  // namespace

void print_params_json(std::ostream& out, const std::vector<std::string>& model_names) {
  out << "{\"models\": [";
  for (std::size_t m = 0; m < model_names.size(); ++m) {
    auto model = make_model(model_names[m]);
    out << (m ? ",\n" : "\n") << " {\"name\": " << string_literal(model_names[m])
        << ", \"sections\": [";
    const auto sections = model->sections();
    for (std::size_t s = 0; s < sections.size(); ++s) {
      const ParameterSection& section = *sections[s];
      std::string off = "[";
      for (const std::string_view setting : section.switch_off())
        off += (off.size() > 1 ? ", " : "") + string_literal(setting);
      off += "]";
      out << (s ? ",\n" : "\n") << "  {\"name\": " << string_literal(section.name())
          << ", \"title\": " << string_literal(section.title()) << ", \"switch_off\": " << off
          << ", \"parameters\": [";
      const auto infos = section.parameters();
      for (std::size_t i = 0; i < infos.size(); ++i) {
        const ParameterInfo& p = infos[i];
        std::string choices = "[";
        for (std::size_t c = 0; c < p.choices.size(); ++c)
          choices += (c ? ", " : "") + string_literal(p.choices[c]);
        choices += "]";
        out << (i ? ",\n" : "\n") << "   {\"key\": " << string_literal(p.key)
            << ", \"kind\": " << string_literal(kind_name(p.kind))
            << ", \"default\": " << json_value(p, section.get(i))
            << ", \"min\": " << json_number(p.min) << ", \"max\": " << json_number(p.max)
            << ", \"unit\": " << string_literal(p.unit)
            << ", \"label\": " << string_literal(p.label)
            << ", \"description\": " << string_literal(p.description)
            << ", \"source\": " << string_literal(p.source) << ", \"choices\": " << choices
            << ", \"applies_when\": " << text_or_null(p.applies_when)
            << ", \"fixed_at_start\": " << text_or_null(p.fixed_at_start) << "}";
      }
      out << "]}";
    }
    out << "]}";
  }
  out << "\n]}\n";
}

}  // namespace loom
