#include "sim/input/toml_writer.hpp"

#include <cstdint>
#include <sstream>
#include <stdexcept>

#include "sim/core/string_literal.hpp"
#include "sim/input/input_file.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {

std::string format_current(const ParameterSection& section, std::size_t i) {
  const ParameterInfo& info = section.parameters()[i];
  if (info.kind == ValueKind::kPath) return string_literal(section.text(i));
  if (info.kind == ValueKind::kNames) {
    std::string list;
    for (const auto& name : split_names(section.text(i)))
      list += (list.empty() ? "" : ", ") + string_literal(name);
    return "[" + list + "]";
  }
  return format_value(info, section.get(i));
}

std::string resolved_toml(const ScenarioHeader& header, std::span<ParameterSection* const> sections,
                          const Schedule& schedule) {
  // A TOML integer holds up to 2^63-1; a larger seed is written as a string.
  const std::string seed = header.seed > static_cast<std::uint64_t>(INT64_MAX)
                               ? "\"" + std::to_string(header.seed) + "\""
                               : std::to_string(header.seed);
  std::ostringstream out;
  out << "# Resolved scenario: every parameter with the value that was used.\n";
  out << "[scenario]\nname = " << string_literal(header.name)
      << "\ndescription = " << string_literal(header.description)
      << "\nmodel = " << string_literal(header.model) << "\nreplicates = " << header.replicates
      << "\nseed = " << seed << "\n";
  for (const auto* s : sections) {
    out << "\n[" << s->name() << "]\n";
    const auto infos = s->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      out << infos[i].key << " = " << format_current(*s, i);
      if (infos[i].kind == ValueKind::kPath && !s->text(i).empty()) {
        // The file's bytes enter the resolved text, so the plan hash changes
        // when the file does (a resumed sweep then refuses to mix them).
        out << "  # contents " << input_fingerprint(s->text(i));
      } else if (!infos[i].unit.empty()) {
        out << "  # " << infos[i].unit;
      }
      out << "\n";
    }
  }
  for (const auto& change : schedule) {
    out << "\n[[schedule]]\nyear = " << change.year << "\nweek = " << change.week << "\n";
    if (!change.label.empty()) out << "label = " << string_literal(change.label) << "\n";
    for (const auto& v : change.values) {
      const ParameterInfo* info = nullptr;
      for (const auto* s : sections) {
        if (s->name() == v.section) info = s->find(v.key);
      }
      if (!info) throw std::invalid_argument("schedule: unknown key " + v.section + "." + v.key);
      out << string_literal(v.section + "." + v.key) << " = " << format_value(*info, v.value)
          << "\n";
    }
  }
  return out.str();
}

}  // namespace loom
