#pragma once
// Parameter tables.
//
// Each model keeps its parameters in a plain struct (so code reads p.p1, a
// name the compiler checks) and describes every field once, in one table:
// key, default, allowed range, unit, a plain-language label, a description
// and the source of the default. That table drives scenario parsing and
// validation, `loom params`, docs/parameters.md, sweeps and viewer sliders.
#include <deque>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace loom {

// kPath: a file the model reads (an edge list, a table of schools), held as
// text in the struct; it crosses the double-valued interface below as 0 and
// through ParameterSection::text / set_text instead. A relative path in a
// scenario file is relative to that file's folder; an empty path means none.
// Paths cannot be swept, scheduled or moved on a slider.
// kNames: a list of names (school ids: seeding.named), held as text like a
// path (one name a line); a scenario file gives a TOML array of strings,
// --set a comma-separated list. Like paths, no sweep, schedule or slider.
enum class ValueKind { kReal, kInteger, kBoolean, kChoice, kPath, kNames };

// Kinds whose value is text (ParameterSection::text), not a number.
constexpr bool held_as_text(ValueKind kind) {
  return kind == ValueKind::kPath || kind == ValueKind::kNames;
}
// A kNames value's names, and the text that holds them.
std::vector<std::string> split_names(std::string_view text);
std::string join_names(const std::vector<std::string>& names);

struct ParameterInfo {
  std::string_view key;  // as written in scenario files
  ValueKind kind = ValueKind::kReal;
  double default_value = 0.0;    // for kChoice: index into choices
  double min = 0.0, max = 0.0;   // inclusive; for kChoice/kBoolean derived
  std::string_view unit;         // "probability per week", "staff", ...
  std::string_view label;        // plain language, for workshop sliders
  std::string_view description;  // what it does in the model
  std::string_view source;       // where the default comes from
  std::span<const std::string_view> choices = {};
  // When the value matters at all, as a condition on other parameters:
  // "equity.pause_every_weeks > 0". Empty = always. Conditions compare one
  // "section.key" with a literal (>, >=, <, <=, ==, !=) and combine with
  // "and" (binding tighter) and "or"; choices are quoted ("leaders"),
  // booleans are true/false. Shown by `loom params`, docs/parameters.md and
  // the viewer (which greys out a lever whose condition is false).
  std::string_view applies_when = {};
  // Why the value cannot change during a run ("sizes the school"), or empty
  // when a [[schedule]] entry may change it from a given week. Sizes,
  // the calendar, the student body and anything drawn at setup are fixed:
  // changing them mid-run would need the school rebuilt, not a lever moved.
  std::string_view fixed_at_start = {};
  // A choice of the school's leadership (its style, and what improvement
  // work it takes on), as opposed to a property of the school or of how
  // the world works. A model that gives its units a history before the run
  // (the school model) runs that history with the default of every
  // leadership choice, so scenarios that differ only in their choices start
  // from the same school (docs/model.md 3.1).
  bool leadership_choice = false;
};

// A section of a scenario file ([leadership], [turnover], ...) bound to the
// struct that holds its values. Values cross this interface as doubles
// (integers and booleans are exact in a double; choices are indices).
class ParameterSection {
 public:
  virtual ~ParameterSection() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view title() const = 0;
  virtual std::span<const ParameterInfo> parameters() const = 0;
  virtual double get(std::size_t index) const = 0;
  virtual void set(std::size_t index, double value) = 0;
  // The text of a kPath or kNames parameter ("" for other kinds, which
  // set_text ignores).
  virtual std::string text(std::size_t /*index*/) const { return {}; }
  // The name the section had before it was renamed ("" if never): a file
  // that still uses it is read, with a note to rename it.
  virtual std::string_view former_name() const { return {}; }
  // The "key=value" settings that switch the mechanism behind this section
  // off (empty for a section that is not a mechanism): applied together,
  // the model's own core remains (for the school, March's learning core).
  virtual std::span<const std::string_view> switch_off() const { return {}; }
  virtual void set_text(std::size_t /*index*/, std::string /*value*/) {}
  // Why a key this section once had is gone and what replaces it ("" when
  // `key` never was one): a file that still sets it gets that explanation
  // instead of "unknown key".
  virtual std::string_view retired(std::string_view /*key*/) const { return {}; }

  const ParameterInfo* find(std::string_view key, std::size_t* index = nullptr) const;
};

// The files the sections' path parameters name (network.edges_file, ...):
// the data a run will read, which no output may replace.
std::vector<std::filesystem::path> data_files(std::span<ParameterSection* const> sections);

template <class P>
using FieldPointer = std::variant<double P::*, int P::*, bool P::*, std::string P::*>;

// A model's table: its infos plus, in the same order, where each value lives.
template <class P>
struct ParameterTable {
  std::string_view section;
  std::string_view title;
  std::vector<ParameterInfo> infos;
  std::vector<FieldPointer<P>> fields;
  std::string_view former_section = {};           // ParameterSection::former_name
  std::vector<std::string_view> switch_off = {};  // ParameterSection::switch_off
  std::deque<std::string> owned_conditions = {};  // text behind applies_when_all's conditions
  // Keys the section no longer has, each with what replaced it
  // (ParameterSection::retired).
  std::vector<std::pair<std::string_view, std::string_view>> retired_keys = {};

  void add(FieldPointer<P> field, ParameterInfo info) {
    fields.push_back(field);
    infos.push_back(info);
  }
  // Sets ParameterInfo::applies_when of the parameter added last.
  void applies_when(std::string_view condition) { infos.back().applies_when = condition; }
  // Makes every parameter added so far, except the listed keys, apply only
  // when `condition` holds too (a mechanism's switch: "pdsa.enabled ==
  // true"); a parameter with a condition of its own gets both, joined by
  // "and".
  void applies_when_all(std::string_view condition,
                        std::initializer_list<std::string_view> except = {}) {
    for (auto& info : infos) {
      bool skip = false;
      for (const std::string_view key : except) skip = skip || key == info.key;
      if (skip) continue;
      owned_conditions.push_back(info.applies_when.empty() ? std::string(condition)
                                                           : std::string(condition) + " and " +
                                                                 std::string(info.applies_when));
      info.applies_when = owned_conditions.back();
    }
  }
  // Marks these parameters as leadership choices (ParameterInfo); a key
  // the table does not have is a programming error.
  void leadership_choices(std::initializer_list<std::string_view> keys) {
    for (const std::string_view key : keys) {
      bool found = false;
      for (auto& info : infos) {
        if (info.key != key) continue;
        info.leadership_choice = true;
        found = true;
      }
      if (!found) throw std::logic_error("leadership_choices: no key " + std::string(key));
    }
  }
  // Marks the parameter added last as fixed for the whole run (why: shown
  // by `loom params` and in the error for a [[schedule]] entry that sets it).
  void fixed_at_start(std::string_view why) { infos.back().fixed_at_start = why; }
  // Paths default to "" (none).
  P defaults() const {
    P p{};
    for (std::size_t i = 0; i < infos.size(); ++i) write(p, i, infos[i].default_value);
    return p;
  }
  // A path reads as 0 and ignores writes here (read_text / write_text).
  double read(const P& p, std::size_t i) const {
    return std::visit(
        [&](auto member) {
          using T = std::remove_cvref_t<decltype(p.*member)>;
          if constexpr (std::is_same_v<T, std::string>) {
            return 0.0;
          } else {
            return static_cast<double>(p.*member);
          }
        },
        fields[i]);
  }
  void write(P& p, std::size_t i, double v) const {
    std::visit(
        [&](auto member) {
          using T = std::remove_reference_t<decltype(p.*member)>;
          if constexpr (std::is_same_v<T, bool>) {
            p.*member = v != 0.0;
          } else if constexpr (!std::is_same_v<T, std::string>) {
            p.*member = static_cast<T>(v);
          }
        },
        fields[i]);
  }
  std::string read_text(const P& p, std::size_t i) const {
    const auto* member = std::get_if<std::string P::*>(&fields[i]);
    return member ? p.**member : std::string{};
  }
  void write_text(P& p, std::size_t i, std::string v) const {
    if (const auto* member = std::get_if<std::string P::*>(&fields[i])) p.** member = std::move(v);
  }
};

// Binds a table to one live struct.
template <class P>
class BoundSection final : public ParameterSection {
 public:
  BoundSection(const ParameterTable<P>& table, P& values) : table_(table), values_(values) {}
  std::string_view name() const override { return table_.section; }
  std::string_view title() const override { return table_.title; }
  std::string_view former_name() const override { return table_.former_section; }
  std::span<const std::string_view> switch_off() const override { return table_.switch_off; }
  std::string_view retired(std::string_view key) const override {
    for (const auto& [old, why] : table_.retired_keys)
      if (old == key) return why;
    return {};
  }
  std::span<const ParameterInfo> parameters() const override { return table_.infos; }
  double get(std::size_t i) const override { return table_.read(values_, i); }
  void set(std::size_t i, double v) override { table_.write(values_, i, v); }
  std::string text(std::size_t i) const override { return table_.read_text(values_, i); }
  void set_text(std::size_t i, std::string v) override {
    table_.write_text(values_, i, std::move(v));
  }

 private:
  const ParameterTable<P>& table_;
  P& values_;
};

// The section called `name`, or else the one that was called so before it
// was renamed (ParameterSection::former_name); nullptr when none.
ParameterSection* find_section(std::span<ParameterSection* const> sections, std::string_view name);

// The parameter named "section.key" among `sections` (the section found as
// find_section finds it, so a former section name still works): its
// section, description and index; empty when the name has no dot or either
// part is unknown. The one reading of such a name (scenario keys, schedules,
// conditions, sweep and calibration parameters, the viewer's labels).
struct ParameterRef {
  ParameterSection* section = nullptr;
  const ParameterInfo* info = nullptr;
  std::size_t index = 0;
  explicit operator bool() const { return info != nullptr; }
};
ParameterRef find_parameter(std::span<ParameterSection* const> sections, std::string_view name);

// Every parameter of `sections` as "section.key", in table order (what an
// unknown name is compared with for a suggestion).
std::vector<std::string> parameter_names(std::span<ParameterSection* const> sections);

// Checks a value against its info. Returns an empty string when valid,
// otherwise what is wrong including the allowed range and unit.
std::string validate_value(const ParameterInfo& info, double value);

// Parses the text form used by --set and by the viewer ("0.3", "true",
// "disaggregated"). Throws std::invalid_argument with a readable message.
double parse_value_text(const ParameterInfo& info, std::string_view text);

// "0 to 1 (probability per week)", "one of: leaders, everyone".
std::string describe_range(const ParameterInfo& info);
// The value as a scenario file would spell it (TOML literal).
std::string format_value(const ParameterInfo& info, double value);

// A check that combines parameters failed (Model::validate). `keys` are the
// "section.key"s involved, the one to blame first, so the caller can say
// where each value was set (scenario file and line, or --set).
class ParameterConflict : public std::invalid_argument {
 public:
  ParameterConflict(const std::string& message, std::vector<std::string> keys)
      : std::invalid_argument(message), keys_(std::move(keys)) {}
  const std::vector<std::string>& keys() const { return keys_; }

 private:
  std::vector<std::string> keys_;
};

// Evaluates an applies_when condition against live values. `lookup` returns
// the info and current value of "section.key", or nullopt when there is no
// such key. Throws std::invalid_argument when the condition is malformed or
// names an unknown key or choice (a unit test checks every table's).
struct ConditionOperand {
  const ParameterInfo* info = nullptr;
  double value = 0.0;
};
bool condition_holds(
    std::string_view condition,
    const std::function<std::optional<ConditionOperand>(std::string_view)>& lookup);
// The same against sections (e.g. a model's), by "section.key".
bool condition_holds(std::string_view condition, std::span<ParameterSection* const> sections);

// The nearest of `candidates` to `word` by edit distance, or "" when nothing
// is close enough to be a plausible typo.
std::string nearest_name(std::string_view word, std::span<const std::string> candidates);
// The same for a message: "; did you mean 'near'?", or "" when nothing is near.
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace loom
