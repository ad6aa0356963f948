#pragma once
// Reading one TOML value of a scenario file, shared by the parts of the
// scenario reader (scenario.cpp: tables and layers; schedule.cpp: the
// [[schedule]] entries). Internal to sim/input: it exposes toml11.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <toml.hpp>
#include <vector>

#include "sim/input/parameter.hpp"

namespace loom {

// "file:line" of a value, and the same with ": " for an error's start.
std::string line_of(const std::string& file, const toml::value& v);
std::string where(const std::string& file, const toml::value& v);
// "; did you mean 'x'?" when a name is near `word`, else "".
std::string type_name(const toml::value& v);
// The integer literal as written in the file ("0xffff_ffff"), or "" when
// its position is unknown.
std::string integer_token(const toml::value& v);
// v.as_integer(), refusing a literal the parser silently clamped.
std::int64_t checked_integer(const std::string& file, const std::string& full_key,
                             const toml::value& v, std::string_view hint = {});
// Study files (sweeps, calibrations): their text read whole, parsed as TOML
// after the scenario size limits, and a path they name resolved against
// their folder. Each throws ScenarioError naming the file.
std::string read_study_file(const std::filesystem::path& path, const std::string& what);
toml::value parse_study_toml(const std::string& text, const std::string& source_name);
std::filesystem::path study_path(const std::string& written, const std::string& source_name);

// Reads one TOML value as the kind the parameter expects, range-checked.
double read_value(const std::string& file, const std::string& full_key, const ParameterInfo& info,
                  const toml::value& v);

}  // namespace loom
