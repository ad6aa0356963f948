#include "sim/experiments/sweep_spec.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <toml.hpp>

#include "sim/experiments/experiment_design.hpp"
#include "sim/input/toml_values.hpp"

namespace loom {
namespace {

constexpr std::string_view kSweepKeys[] = {"base",       "model", "design", "samples",
                                           "replicates", "seed",  "record", "morris_levels"};
constexpr std::string_view kDesigns[] = {"grid", "lhs", "sobol", "morris"};
constexpr std::string_view kRecords[] = {"summary", "timeseries", "all"};
constexpr std::string_view kFactorKeys[] = {"min", "max", "levels"};
// A sweep larger than this is almost certainly a typo (and would not fit a
// points table in memory); cluster users split such a study into sweeps.
constexpr std::uint64_t kMaxPoints = 50'000'000;

template <std::size_t N>
std::vector<std::string> names_of(const std::string_view (&list)[N]) {
  return {std::begin(list), std::end(list)};
}

template <std::size_t N>
std::string one_of(const std::string_view (&list)[N]) {
  std::string s;
  for (const auto& n : list) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

template <std::size_t N>
bool member(const std::string_view (&list)[N], const std::string& s) {
  for (const auto& n : list) {
    if (n == s) return true;
  }
  return false;
}

const std::string& need_string(const std::string& file, const std::string& key,
                               const toml::value& v) {
  if (!v.is_string())
    throw ScenarioError(line_of(file, v) + ": sweep." + key + " must be a string");
  return v.as_string().str;
}

std::int64_t need_integer(const std::string& file, const std::string& key, const toml::value& v,
                          std::int64_t min, std::int64_t max, const std::string& what) {
  if (!v.is_integer() || v.as_integer() < min || v.as_integer() > max) {
    throw ScenarioError(line_of(file, v) + ": sweep." + key + " must be a whole number from " +
                        std::to_string(min) + " to " + std::to_string(max) + " (" + what + ")");
  }
  return v.as_integer();
}

double need_number(const std::string& at, const std::string& key, const toml::value& v) {
  if (v.is_integer()) return static_cast<double>(v.as_integer());
  if (v.is_floating()) return v.as_floating();
  throw ScenarioError(at + ": factors.\"" + key + "\": expected a number");
}

}  // namespace

double SweepFactor::value_at(double u) const {
  if (!levels.empty()) {
    return levels[level_of(std::clamp(u, 0.0, 1.0), levels.size())];
  }
  double v = min + std::clamp(u, 0.0, 1.0) * (max - min);
  if (info && info->kind == ValueKind::kInteger) v = std::clamp(std::round(v), min, max);
  return v;
}

SweepSpec parse_sweep_spec(const std::string& text, const std::string& source_name) {
  const toml::value root = parse_study_toml(text, source_name);
  SweepSpec spec;
  spec.path = source_name;
  spec.text = text;
  const std::string& file = source_name;
  for (const auto& [key, value] : root.as_table()) {
    if (key != "sweep" && key != "factors") {
      throw ScenarioError(line_of(file, value) + ": unknown table [" + key +
                          "]: a sweep file has [sweep] and [factors]" +
                          suggestion(key, {"sweep", "factors"}));
    }
  }
  if (!root.contains("sweep") || !root.at("sweep").is_table())
    throw ScenarioError(file + ": no [sweep] table (see docs/sweeps.md)");
  const toml::value& sweep = root.at("sweep");
  for (const auto& [key, value] : sweep.as_table()) {
    if (!member(kSweepKeys, key)) {
      throw ScenarioError(line_of(file, value) + ": unknown key sweep." + key + "; allowed: " +
                          one_of(kSweepKeys) + suggestion(key, names_of(kSweepKeys)));
    }
  }
  const bool has_base = sweep.contains("base"), has_model = sweep.contains("model");
  if (has_base == has_model) {
    throw ScenarioError(line_of(file, sweep) +
                        ": [sweep] needs exactly one of `base` (a scenario file) or `model` "
                        "(a model with its defaults)");
  }
  if (has_base) {
    const toml::value& v = sweep.at("base");
    spec.base = need_string(file, "base", v);
    spec.base_where = line_of(file, v);
    spec.base_path = study_path(spec.base, source_name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec.base_path, ec)) {
      throw ScenarioError(spec.base_where + ": sweep.base: no scenario file '" + spec.base +
                          "' (looked for " + spec.base_path.string() + ")");
    }
  } else {
    spec.model = need_string(file, "model", sweep.at("model"));
    spec.base_where = line_of(file, sweep.at("model"));
  }
  spec.design_where = line_of(file, sweep);
  if (sweep.contains("design")) {
    const toml::value& v = sweep.at("design");
    spec.design = need_string(file, "design", v);
    spec.design_where = line_of(file, v);
    if (!member(kDesigns, spec.design)) {
      throw ScenarioError(spec.design_where + ": sweep.design = '" + spec.design +
                          "' is not a design; allowed: " + one_of(kDesigns) +
                          suggestion(spec.design, names_of(kDesigns)));
    }
  }
  spec.samples_where = spec.design_where;
  if (sweep.contains("samples")) {
    const toml::value& v = sweep.at("samples");
    spec.samples = need_integer(file, "samples", v, 2, 10'000'000,
                                "lhs points, sobol base samples or morris trajectories");
    spec.samples_where = line_of(file, v);
  } else if (spec.design != "grid") {
    throw ScenarioError(spec.design_where + ": sweep.samples is missing: design '" + spec.design +
                        "' needs it (a whole number from 2 to 10000000)");
  }
  if (sweep.contains("replicates"))
    spec.replicates =
        need_integer(file, "replicates", sweep.at("replicates"), 1, 1'000'000, "runs per point");
  if (sweep.contains("seed")) {
    const toml::value& v = sweep.at("seed");
    std::optional<std::uint64_t> seed;
    if (v.is_integer() && v.as_integer() >= 0) seed = static_cast<std::uint64_t>(v.as_integer());
    if (v.is_string()) seed = parse_seed(v.as_string().str);
    if (!seed)
      throw ScenarioError(line_of(file, v) + ": sweep.seed must be " + std::string(kSeedRange));
    spec.seed = *seed;
  }
  if (sweep.contains("record")) {
    const toml::value& v = sweep.at("record");
    spec.record = need_string(file, "record", v);
    if (!member(kRecords, spec.record)) {
      throw ScenarioError(line_of(file, v) + ": sweep.record = '" + spec.record + "'; allowed: " +
                          one_of(kRecords) + suggestion(spec.record, names_of(kRecords)));
    }
  }
  if (sweep.contains("morris_levels")) {
    const toml::value& v = sweep.at("morris_levels");
    spec.morris_levels = need_integer(file, "morris_levels", v, 2, 1000, "an even number");
    if (spec.morris_levels % 2 != 0)
      throw ScenarioError(line_of(file, v) +
                          ": sweep.morris_levels must be even (Morris 1991: the "
                          "step p/(2(p-1)) then gives a balanced design)");
  }

  if (!root.contains("factors") || !root.at("factors").is_table() ||
      root.at("factors").as_table().empty()) {
    throw ScenarioError(file +
                        ": no [factors]: a sweep needs at least one factor, e.g. "
                        "\"school.poverty\" = { min = 0.1, max = 0.9 }");
  }
  // toml11 keeps tables unordered; the design's column order is the file's.
  std::vector<std::pair<std::size_t, SweepFactor>> ordered;
  for (const auto& [key, value] : root.at("factors").as_table()) {
    SweepFactor f;
    f.key = key;
    f.where = line_of(file, value);
    if (!value.is_table()) {
      throw ScenarioError(f.where + ": factors.\"" + key +
                          "\" must be a table: { min = ..., max = ... } or { levels = [...] }");
    }
    for (const auto& [k, v] : value.as_table()) {
      if (!member(kFactorKeys, k)) {
        throw ScenarioError(line_of(file, v) + ": factors.\"" + key + "\": unknown key '" + k +
                            "'; allowed: min, max, levels" + suggestion(k, names_of(kFactorKeys)));
      }
    }
    const bool has_min = value.contains("min"), has_max = value.contains("max");
    const bool has_levels = value.contains("levels");
    if (has_levels && (has_min || has_max)) {
      throw ScenarioError(f.where + ": factors.\"" + key +
                          "\": give either min and max, or levels, not both");
    }
    if (has_levels) {
      const toml::value& lv = value.at("levels");
      if (!lv.is_array() || lv.as_array().empty()) {
        throw ScenarioError(line_of(file, lv) + ": factors.\"" + key +
                            "\".levels must be a non-empty list, e.g. levels = [0.2, 0.5]");
      }
      for (const auto& item : lv.as_array()) {
        if (item.is_string()) {
          f.level_texts.push_back(item.as_string().str);
        } else if (item.is_integer()) {
          f.level_texts.push_back(std::to_string(item.as_integer()));
        } else if (item.is_floating()) {
          std::ostringstream s;
          s.precision(17);
          s << item.as_floating();
          f.level_texts.push_back(s.str());
        } else if (item.is_boolean()) {
          f.level_texts.push_back(item.as_boolean() ? "true" : "false");
        } else {
          throw ScenarioError(line_of(file, item) + ": factors.\"" + key +
                              "\".levels: a level must be a number, a string or a boolean");
        }
      }
    } else if (has_min && has_max) {
      f.has_range = true;
      f.min = need_number(line_of(file, value.at("min")), key, value.at("min"));
      f.max = need_number(line_of(file, value.at("max")), key, value.at("max"));
      if (!(f.min < f.max)) {
        throw ScenarioError(f.where + ": factors.\"" + key + "\": min (" + std::to_string(f.min) +
                            ") must be below max (" + std::to_string(f.max) + ")");
      }
    } else {
      throw ScenarioError(f.where + ": factors.\"" + key +
                          "\" needs min and max, or levels = [...]");
    }
    ordered.emplace_back(value.location().line(), std::move(f));
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [line, f] : ordered) spec.factors.push_back(std::move(f));
  if (spec.design == "grid") {
    for (const auto& f : spec.factors) {
      if (f.has_range) {
        throw ScenarioError(f.where + ": factors.\"" + f.key +
                            "\": a grid design needs levels = [...] for every factor (a range "
                            "has no grid points)");
      }
    }
  }
  if (spec.design == "sobol" && spec.factors.size() < 2)
    throw ScenarioError(spec.design_where + ": a sobol design needs at least 2 factors");
  if (sweep_point_count(spec) > kMaxPoints) {
    throw ScenarioError(spec.samples_where + ": the design has " +
                        std::to_string(sweep_point_count(spec)) + " points; at most " +
                        std::to_string(kMaxPoints) + " in one sweep (split the study)");
  }
  return spec;
}

SweepSpec load_sweep_spec(const std::filesystem::path& path) {
  return parse_sweep_spec(read_study_file(path, "sweep"), path.string());
}

void resolve_factors(SweepSpec& spec, std::span<ParameterSection* const> sections) {
  for (auto& f : spec.factors) {
    const ParameterInfo* info = &require_parameter(sections, f.key, f.where, "factors", spec.model);
    f.info = info;
    if (info->kind == ValueKind::kPath) {
      throw ScenarioError(f.where + ": factors.\"" + f.key +
                          "\" is a file path: a file cannot be swept (make one scenario per file "
                          "and set it as the sweep's base)");
    }
    if (info->kind == ValueKind::kNames) {
      throw ScenarioError(f.where + ": factors.\"" + f.key +
                          "\" is a list of names: it cannot be swept (compare scenarios that "
                          "name other schools, or use loom choose-seeds)");
    }
    if (f.has_range) {
      if (info->kind == ValueKind::kChoice || info->kind == ValueKind::kBoolean) {
        throw ScenarioError(f.where + ": factors.\"" + f.key + "\" is " + describe_range(*info) +
                            ": give levels = [...], not min/max");
      }
      for (const double v : {f.min, f.max}) {
        const std::string problem = validate_value(*info, v);
        if (!problem.empty()) {
          throw ScenarioError(f.where + ": factors.\"" + f.key + "\": range " +
                              format_value(*info, f.min) + " to " + format_value(*info, f.max) +
                              " is outside the allowed range " + describe_range(*info));
        }
      }
    } else {
      f.levels.clear();
      for (const auto& text : f.level_texts) {
        double v = 0.0;
        try {
          v = parse_value_text(*info, text);
        } catch (const std::invalid_argument& e) {
          throw ScenarioError(f.where + ": factors.\"" + f.key + "\": level '" + text +
                              "': " + e.what());
        }
        const std::string problem = validate_value(*info, v);
        if (!problem.empty())
          throw ScenarioError(f.where + ": factors.\"" + f.key + "\": level " + text + ": " +
                              problem);
        f.levels.push_back(v);
      }
    }
  }
  for (std::size_t i = 0; i < spec.factors.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (spec.factors[i].info == spec.factors[j].info)
        throw ScenarioError(spec.factors[i].where + ": factor '" + spec.factors[i].key +
                            "' is listed twice");
    }
  }
}

std::uint64_t sweep_point_count(const SweepSpec& spec) {
  const auto k = static_cast<std::uint64_t>(spec.factors.size());
  const auto n = static_cast<std::uint64_t>(spec.samples);
  if (spec.design == "grid") {
    std::uint64_t points = 1;
    for (const auto& f : spec.factors) {
      const auto levels = static_cast<std::uint64_t>(f.level_texts.size());
      if (levels != 0 && points > kMaxPoints * 2 / levels) return kMaxPoints * 2;
      points *= std::max<std::uint64_t>(levels, 1);
    }
    return points;
  }
  if (spec.design == "sobol") return n * (k + 2);
  if (spec.design == "morris") return n * (k + 1);
  return n;
}

}  // namespace loom
