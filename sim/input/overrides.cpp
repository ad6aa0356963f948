#include "sim/input/overrides.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "sim/input/toml_values.hpp"

namespace loom {

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
  if (section_name == "scenario") {  // the header, not a parameter table
    throw fail(
        "the [scenario] header is not a parameter: use -r/--replicates for replicates, "
        "-s/--seed for the seed, or set it in the scenario file");
  }
  const std::vector<std::string> all = parameter_names(sections);
  ParameterSection* section = find_section(sections, section_name);
  if (section && section->name() != section_name && origins) {
    origins->note("--set " + text + ": note: [" + section_name + "] is now [" +
                  std::string(section->name()) + "]");
  }
  std::size_t index = 0;
  const ParameterInfo* info = section ? section->find(key, &index) : nullptr;
  const std::string full = info ? std::string(section->name()) + "." + key : "";
  if (!info) {
    if (section && !section->retired(key).empty())
      throw fail("'" + section_name + "." + key +
                 "' was removed: " + std::string(section->retired(key)));
    throw fail("unknown key '" + section_name + "." + key + "'" +
               suggestion(section_name + "." + key, all));
  }
  if (info->kind == ValueKind::kNames) {  // comma-separated: S-1,S-7
    std::vector<std::string> names;
    std::string_view rest = value_text;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string_view name = rest.substr(0, comma);
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      if (name.empty()) throw fail("an empty name: allowed " + describe_range(*info));
      names.emplace_back(name);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    section->set_text(index, join_names(names));
    if (origins) origins->record(full, "--set " + text);
    return;
  }
  if (info->kind == ValueKind::kPath) {  // relative to the working directory
    section->set_text(index, resolve_data_path(value_text, std::filesystem::current_path()));
    if (origins) origins->record(full, "--set " + text);
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
  if (origins) origins->record(full, "--set " + text);
}

}  // namespace loom
