#pragma once
// Scenario files: TOML presets in scenarios/, read with toml11 (Debian's
// libtoml11-dev), which keeps line numbers so errors can point at them.
//
// A file has a [scenario] table (name, description, model, replicates, seed)
// and one table per parameter section of the model it names. Every key is
// checked against the model's parameter tables: an unknown key, a wrong type
// or an out-of-range value stops loading with file, line, key, the allowed
// range and the nearest valid key.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>

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

class ScenarioFile {
 public:
  static ScenarioFile load(const std::filesystem::path& path);
  static ScenarioFile parse(const std::string& text, const std::string& source_name);
  ~ScenarioFile();
  ScenarioFile(ScenarioFile&&) noexcept;
  ScenarioFile& operator=(ScenarioFile&&) noexcept;

  const ScenarioHeader& header() const { return header_; }
  const std::string& source_name() const { return source_name_; }

  // Copies every value in the file into the sections, validating each.
  void apply(std::span<ParameterSection* const> sections) const;

 private:
  ScenarioFile();
  struct Document;
  std::unique_ptr<Document> document_;
  ScenarioHeader header_;
  std::string source_name_;
};

// Applies "section.key=value" (the --set option). Errors name the option.
void apply_override(std::span<ParameterSection* const> sections, std::string_view assignment);

// The complete scenario as TOML: every parameter of every section with the
// value in force, so a results file says exactly what was run.
std::string resolved_toml(const ScenarioHeader& header,
                          std::span<ParameterSection* const> sections);

}  // namespace loom
