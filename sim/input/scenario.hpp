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
// Limits: before the TOML parser sees a file, its raw text is checked
// against ScenarioLimits (size, bracket nesting, number and length of keys,
// parts of a dotted key), so a hostile or broken file is refused with its
// file and line instead of exhausting the parser's stack or time.
//
// Seeds are unsigned 64-bit. A TOML integer is signed 64-bit, so `seed` is a
// whole number from 0 to 9223372036854775807, or a quoted string holding a
// decimal or 0x-hex number up to 18446744073709551615; anything else,
// including an integer literal too large for TOML, is an error.
//
// Origins: every value remembers where it was set ("file:line", or the --set
// argument), so a check that combines parameters (Model::validate, which
// throws ParameterConflict) can say where the offending values came from.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/input/parameter.hpp"
#include "sim/input/schedule.hpp"

namespace loom {

// Messages quote the file's text and go to a terminal: control characters
// other than newline and tab are shown as \u00XX, and a line longer than
// ScenarioError::kMaxLine bytes is cut (with "...").
class ScenarioError : public std::runtime_error {
 public:
  static constexpr std::size_t kMaxLine = 400;
  explicit ScenarioError(const std::string& message);
  explicit ScenarioError(const char* message) : ScenarioError(std::string(message)) {}
};

// What a scenario file may hold, checked on the raw text before parsing.
// A real scenario is a few kB with a few hundred keys of two or three parts.
struct ScenarioLimits {
  static constexpr std::size_t kMaxBytes = 1 << 20;  // 1 MiB per file
  // Files in one chain of bases (3,000 once took 3.1 GB and 39 s).
  static constexpr std::size_t kMaxBaseDepth = 16;
  static constexpr std::size_t kMaxDepth = 64;       // nested [ and { in values
  static constexpr std::size_t kMaxKeys = 10000;     // keys and table headers
  static constexpr std::size_t kMaxKeyLength = 256;  // characters of one (dotted) key
  static constexpr std::size_t kMaxKeyParts = 16;    // parts of one dotted key
};

// Throws ScenarioError ("file:line: ...") when `text` exceeds a limit.
void check_scenario_limits(std::string_view text, const std::string& source_name);

// A seed as the command line and a quoted `seed` spell it: decimal digits
// or 0x followed by 1 to 16 hex digits, from 0 to 2^64-1, nothing else (no
// sign, no spaces). nullopt when the text is not such a number.
std::optional<std::uint64_t> parse_seed(std::string_view text);
// What a seed may be, for error messages.
inline constexpr std::string_view kSeedRange =
    "a whole number from 0 to 18446744073709551615 (decimal, or hex as 0x...)";

// A kPath value as stored: "" stays "", an absolute path is kept, a relative
// one is taken relative to `folder`; the result is absolute and normalised.
std::string resolve_data_path(std::string_view text, const std::filesystem::path& folder);

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
  // Notes made while reading (a section under its former name), each
  // "file:line: ..." or "--set ...: ...", for the caller to print.
  void note(std::string text) { notes_.push_back(std::move(text)); }
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  std::map<std::string, std::string, std::less<>> origins_;
  std::vector<std::string> notes_;
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
  // Every file read: this one and its bases, root-most base first.
  std::vector<std::filesystem::path> files() const;

  // Where a [scenario] field was set ("file:line"), or the file name when
  // it was not (e.g. "model" for an "unknown model" error).
  std::string header_origin(std::string_view key) const;

  // Copies every value in the file (bases first) into the sections,
  // validating each, and records where each came from in `origins`.
  void apply(std::span<ParameterSection* const> sections, ValueOrigins* origins = nullptr) const;

  // The [[schedule]] entries in force (this file's, else the nearest
  // base's; see sim/input/schedule.hpp), each value read and range-checked like
  // any key, in time order. Throws ScenarioError naming file and line for
  // an unknown or fixed key, a bad value, or a year or week below 1; the
  // upper bounds (school.years, school.weeks_per_year) are the model's to
  // check once every value is known (check_schedule in models/catalog/scenario_runner.hpp).
  Schedule schedule(std::span<ParameterSection* const> sections) const;

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

// "section.key" -> its info in `sections`, or a ScenarioError at `where`
// ("spec.toml:12: factors: unknown parameter ...") naming the nearest valid
// key and `loom params MODEL`. For study files (sweeps, calibrations).
const ParameterInfo& require_parameter(std::span<ParameterSection* const> sections,
                                       const std::string& key, const std::string& where,
                                       const std::string& what, const std::string& model);

}  // namespace loom
