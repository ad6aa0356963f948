#pragma once
// Scenario files: TOML presets in scenarios/, read with toml11 (Debian's
// libtoml11-dev), which keeps line numbers so errors can point at them.
//
// A file has a [scenario] table (name, description, model, replicates, seed)
// and one table per parameter section of the model it names. Every key is
// checked against the model's parameter tables: an unknown key, a wrong type
// or an out-of-range value stops loading with file, line, key, the allowed
// range and the nearest valid key.
//
// Inheritance: `base = "shared-leadership.toml"` in [scenario] loads that
// file first (recursively; a relative path is relative to this file's
// folder), then this file's keys override its values and its header fields.
// A missing base, a cycle, or a base for another model is an error naming
// this file and the line of `base`; errors inside a base name the base file.
//
// Origins: every value remembers where it was set ("file:line", or the --set
// argument), so a check that combines parameters (Model::validate, which
// throws ParameterConflict) can say where the offending values came from.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "parameter.hpp"

namespace loom {

class ScenarioError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ScenarioHeader {
  std::string name;         // shown in tables and the viewer
  std::string description;  // one plain-language sentence
  std::string model = "school";
  int replicates = 100;
  std::uint64_t seed = 1;
};

// Where each "section.key" got its value: "scenarios/x.toml:14" or
// "--set section.key=value". Keys left at their default have none.
class ValueOrigins {
 public:
  void record(const std::string& key, std::string origin) { origins_[key] = std::move(origin); }
  // "" when the key kept its default.
  std::string of(std::string_view key) const;
  // The conflict's message prefixed with where its first set key was set
  // (`fallback`, e.g. the scenario file, when all are defaults), plus where
  // any other involved key came from when that differs.
  std::string explain(const ParameterConflict& conflict, const std::string& fallback) const;

 private:
  std::map<std::string, std::string, std::less<>> origins_;
};

class ScenarioFile {
 public:
  // Reads the file and, recursively, the files named by `base`.
  static ScenarioFile load(const std::filesystem::path& path);
  // Text whose `base`, if any, is relative to source_name's folder.
  static ScenarioFile parse(const std::string& text, const std::string& source_name);
  ~ScenarioFile();
  ScenarioFile(ScenarioFile&&) noexcept;
  ScenarioFile& operator=(ScenarioFile&&) noexcept;

  const ScenarioHeader& header() const { return header_; }
  const std::string& source_name() const { return source_name_; }

  // Where a [scenario] field was set ("file:line"), or the file name when
  // it was not (e.g. "model" for an "unknown model" error).
  std::string header_origin(std::string_view key) const;

  // Copies every value in the file (bases first) into the sections,
  // validating each, and records where each came from in `origins`.
  void apply(std::span<ParameterSection* const> sections, ValueOrigins* origins = nullptr) const;

 private:
  ScenarioFile();
  static ScenarioFile parse_layer(const std::string& text, const std::string& source_name,
                                  std::vector<std::filesystem::path>& chain);
  static ScenarioFile load_layer(const std::filesystem::path& path,
                                 std::vector<std::filesystem::path>& chain);
  struct Document;
  std::unique_ptr<Document> document_;
  ScenarioHeader header_;
  std::string source_name_;
};

// Applies "section.key=value" (the --set option). Errors name the option;
// `origins`, if given, records the option as where the value came from.
void apply_override(std::span<ParameterSection* const> sections, std::string_view assignment,
                    ValueOrigins* origins = nullptr);

// The complete scenario as TOML: every parameter of every section with the
// value in force, so a results file says exactly what was run.
std::string resolved_toml(const ScenarioHeader& header,
                          std::span<ParameterSection* const> sections);

}  // namespace loom
