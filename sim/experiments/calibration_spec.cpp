#include "sim/experiments/calibration_spec.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <toml.hpp>

#include "sim/input/toml_values.hpp"

namespace loom {
namespace {

const std::vector<std::string> kCalibrateKeys = {"base",
                                                 "model",
                                                 "method",
                                                 "particles",
                                                 "replicates",
                                                 "generations",
                                                 "min_acceptance",
                                                 "seed",
                                                 "tolerance_quantile",
                                                 "waves",
                                                 "points_per_wave",
                                                 "cutoff",
                                                 "candidates",
                                                 "baseline"};
const std::vector<std::string> kMethods = {"abc-smc", "history-matching"};
const std::vector<std::string> kPriorKeys = {"distribution", "min", "max", "a", "b"};
const std::vector<std::string> kTargetKeys = {"value", "sd", "source", "minus_baseline"};

std::string list(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void only_keys(const std::string& file, const toml::value& table, const std::string& what,
               const std::vector<std::string>& allowed) {
  for (const auto& [key, value] : table.as_table()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw ScenarioError(where(file, value) + "unknown key " + what + key +
                          "; allowed: " + list(allowed) + suggestion(key, allowed));
  }
}

double number(const std::string& file, const toml::value& v, const std::string& key) {
  if (v.is_integer()) return static_cast<double>(v.as_integer());
  if (v.is_floating() && std::isfinite(v.as_floating())) return v.as_floating();
  throw ScenarioError(where(file, v) + key + " must be a number, not " + type_name(v));
}

std::int64_t whole(const std::string& file, const toml::value& v, const std::string& key,
                   std::int64_t min, std::int64_t max, const std::string& what) {
  if (!v.is_integer() || v.as_integer() < min || v.as_integer() > max)
    throw ScenarioError(where(file, v) + key + " must be a whole number from " +
                        std::to_string(min) + " to " + std::to_string(max) + " (" + what + ")");
  return v.as_integer();
}

double fraction(const std::string& file, const toml::value& v, const std::string& key, double min,
                double max, const std::string& what) {
  const double x = number(file, v, key);
  if (!(x > min && x < max)) {
    std::ostringstream s;
    s << where(file, v) << key << " must lie strictly between " << min << " and " << max << " ("
      << what << ")";
    throw ScenarioError(s.str());
  }
  return x;
}

CalibrationPrior read_prior(const std::string& file, const std::string& key,
                            const toml::value& value) {
  CalibrationPrior p;
  p.key = key;
  p.where = line_of(file, value);
  const std::string name = "priors.\"" + key + "\"";
  if (!value.is_table())
    throw ScenarioError(where(file, value) + name +
                        " must be a table: { min = ..., max = ... } or { distribution = \"beta\", "
                        "a = 2, b = 2, min = ..., max = ... }");
  only_keys(file, value, name + ".", kPriorKeys);
  if (value.contains("distribution")) {
    const toml::value& d = value.at("distribution");
    const std::string shape = d.is_string() ? d.as_string().str : "";
    if (shape == "beta") {
      p.shape = PriorShape::kBeta;
    } else if (shape != "uniform") {
      throw ScenarioError(where(file, d) + name + ".distribution must be \"uniform\" or \"beta\"" +
                          suggestion(shape, {"uniform", "beta"}));
    }
  }
  if (!value.contains("min") || !value.contains("max"))
    throw ScenarioError(where(file, value) + name + " needs min and max (the prior's range)");
  p.min = number(file, value.at("min"), name + ".min");
  p.max = number(file, value.at("max"), name + ".max");
  if (!(p.min < p.max)) throw ScenarioError(where(file, value) + name + ": min must be below max");
  const bool has_shape = value.contains("a") || value.contains("b");
  if (p.shape == PriorShape::kBeta) {
    for (const char* k : {"a", "b"}) {
      if (!value.contains(k))
        throw ScenarioError(where(file, value) + name + ": a beta prior needs a and b (> 0)");
      const double x = number(file, value.at(k), name + "." + k);
      if (!(x > 0.0 && x <= 1000.0))
        throw ScenarioError(where(file, value.at(k)) + name + "." + k +
                            " must be above 0 and at most 1000");
      (k[0] == 'a' ? p.a : p.b) = x;
    }
  } else if (has_shape) {
    throw ScenarioError(where(file, value) + name +
                        ": a and b shape a beta prior; add distribution = \"beta\"");
  }
  return p;
}

CalibrationTarget read_target(const std::string& file, const std::string& key,
                              const toml::value& value) {
  CalibrationTarget t;
  t.name = key;
  t.where = line_of(file, value);
  const std::string name = "targets.\"" + key + "\"";
  if (!value.is_table())
    throw ScenarioError(where(file, value) + name +
                        " must be a table: { value = ..., sd = ..., source = \"...\" }");
  only_keys(file, value, name + ".", kTargetKeys);
  if (!value.contains("value") || !value.contains("sd"))
    throw ScenarioError(where(file, value) + name +
                        " needs value (what was observed) and sd (its uncertainty, > 0)");
  t.value = number(file, value.at("value"), name + ".value");
  t.sd = number(file, value.at("sd"), name + ".sd");
  if (!(t.sd > 0.0))
    throw ScenarioError(where(file, value.at("sd")) + name +
                        ".sd must be above 0 (the distance divides by it)");
  if (value.contains("source")) {
    const toml::value& s = value.at("source");
    if (!s.is_string()) throw ScenarioError(where(file, s) + name + ".source must be a string");
    t.source = s.as_string().str;
  }
  if (value.contains("minus_baseline")) {
    const toml::value& m = value.at("minus_baseline");
    if (!m.is_boolean())
      throw ScenarioError(where(file, m) + name + ".minus_baseline must be true or false");
    t.minus_baseline = m.as_boolean();
  }
  return t;
}

// Tables in file order (toml11 keeps them unordered).
template <class T, class Read>
std::vector<T> in_file_order(const std::string& file, const toml::value& table, Read read) {
  std::vector<std::pair<std::size_t, T>> items;
  for (const auto& [key, value] : table.as_table())
    items.emplace_back(value.location().line(), read(file, key, value));
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<T> out;
  for (auto& [line, item] : items) out.push_back(std::move(item));
  return out;
}

}  // namespace

double CalibrationPrior::density(double x) const {
  if (!(x >= min && x <= max)) return 0.0;
  if (shape == PriorShape::kUniform) return 1.0 / (max - min);
  const double u = (x - min) / (max - min);
  return boost::math::pdf(boost::math::beta_distribution<double>(a, b), u) / (max - min);
}

double CalibrationPrior::quantile(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  if (shape == PriorShape::kUniform) return min + u * (max - min);
  return min + boost::math::quantile(boost::math::beta_distribution<double>(a, b), u) * (max - min);
}

double CalibrationTarget::value_in(const RunOutput& run, const OutputLayout& layout) const {
  if (!is_metric) return run.summary.at(column);
  return run.series.at(step * layout.metrics.size() + column);
}

std::vector<std::string> prior_keys(const std::vector<CalibrationPrior>& priors) {
  std::vector<std::string> keys;
  for (const auto& p : priors) keys.push_back(p.key);
  return keys;
}

CalibrationSpec parse_calibration_spec(const std::string& text, const std::string& source_name) {
  const toml::value root = parse_study_toml(text, source_name);
  const std::string& file = source_name;
  CalibrationSpec spec;
  spec.path = source_name;
  spec.text = text;
  for (const auto& [key, value] : root.as_table()) {
    if (key != "calibrate" && key != "priors" && key != "targets")
      throw ScenarioError(where(file, value) + "unknown table [" + key +
                          "]: a calibration file has [calibrate], [priors] and [targets]" +
                          suggestion(key, {"calibrate", "priors", "targets"}));
  }
  for (const char* table : {"calibrate", "priors", "targets"}) {
    if (!root.contains(table) || !root.at(table).is_table() || root.at(table).as_table().empty())
      throw ScenarioError(file + ": no [" + table +
                          "] table, or an empty one (see docs/calibration.md)");
  }
  const toml::value& c = root.at("calibrate");
  only_keys(file, c, "calibrate.", kCalibrateKeys);
  const bool has_base = c.contains("base"), has_model = c.contains("model");
  if (has_base == has_model)
    throw ScenarioError(where(file, c) +
                        "[calibrate] needs exactly one of `base` (a scenario file) or `model` (a "
                        "model with its defaults)");
  const toml::value& b = c.at(has_base ? "base" : "model");
  if (!b.is_string())
    throw ScenarioError(where(file, b) + "calibrate." + (has_base ? "base" : "model") +
                        " must be a string");
  spec.base_where = line_of(file, b);
  if (has_base) {
    spec.base = b.as_string().str;
    spec.base_path = study_path(spec.base, source_name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec.base_path, ec))
      throw ScenarioError(where(file, b) + "calibrate.base: no scenario file '" + spec.base +
                          "' (looked for " + spec.base_path.string() + ")");
  } else {
    spec.model = b.as_string().str;
  }
  if (c.contains("baseline")) {
    const toml::value& v = c.at("baseline");
    if (!v.is_string()) throw ScenarioError(where(file, v) + "calibrate.baseline must be a string");
    spec.baseline = v.as_string().str;
    spec.baseline_where = line_of(file, v);
    spec.baseline_path = study_path(spec.baseline, source_name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec.baseline_path, ec))
      throw ScenarioError(where(file, v) + "calibrate.baseline: no scenario file '" +
                          spec.baseline + "' (looked for " + spec.baseline_path.string() + ")");
  }
  spec.method_where = line_of(file, c);
  if (c.contains("method")) {
    const toml::value& m = c.at("method");
    spec.method = m.is_string() ? m.as_string().str : "";
    spec.method_where = line_of(file, m);
    if (std::find(kMethods.begin(), kMethods.end(), spec.method) == kMethods.end())
      throw ScenarioError(where(file, m) + "calibrate.method = '" + spec.method +
                          "' is not a method; allowed: " + list(kMethods) +
                          suggestion(spec.method, kMethods));
  }
  auto get_int = [&](const char* key, std::int64_t& out, std::int64_t min, std::int64_t max,
                     const char* what) {
    if (c.contains(key))
      out = whole(file, c.at(key), std::string("calibrate.") + key, min, max, what);
  };
  get_int("particles", spec.particles, 10, 1'000'000, "population size");
  get_int("replicates", spec.replicates, 1, 100'000, "runs per particle");
  get_int("generations", spec.generations, 1, 1000, "populations after the prior sample");
  get_int("waves", spec.waves, 1, 100, "history-matching waves");
  get_int("points_per_wave", spec.points_per_wave, 4, 1'000'000, "design points per wave");
  get_int("candidates", spec.candidates, 100, 10'000'000, "points searched per wave");
  if (c.contains("min_acceptance"))
    spec.min_acceptance = fraction(file, c.at("min_acceptance"), "calibrate.min_acceptance", 0, 1,
                                   "a share of proposals");
  if (c.contains("tolerance_quantile"))
    spec.tolerance_quantile = fraction(file, c.at("tolerance_quantile"),
                                       "calibrate.tolerance_quantile", 0, 1, "a quantile");
  if (c.contains("cutoff"))
    spec.cutoff = fraction(file, c.at("cutoff"), "calibrate.cutoff", 0, 100,
                           "implausibility cut-off; 3 is usual");
  if (c.contains("seed")) {
    const toml::value& v = c.at("seed");
    std::optional<std::uint64_t> seed;
    if (v.is_integer() && v.as_integer() >= 0) seed = static_cast<std::uint64_t>(v.as_integer());
    if (v.is_string()) seed = parse_seed(v.as_string().str);
    if (!seed)
      throw ScenarioError(where(file, v) + "calibrate.seed must be " + std::string(kSeedRange));
    spec.seed = *seed;
  }
  spec.priors = in_file_order<CalibrationPrior>(file, root.at("priors"), read_prior);
  spec.targets = in_file_order<CalibrationTarget>(file, root.at("targets"), read_target);
  for (const auto& t : spec.targets) {
    if (t.minus_baseline && spec.baseline.empty())
      throw ScenarioError(t.where + ": targets.\"" + t.name +
                          "\".minus_baseline needs calibrate.baseline (the scenario to subtract)");
  }
  return spec;
}

CalibrationSpec load_calibration_spec(const std::filesystem::path& path) {
  return parse_calibration_spec(read_study_file(path, "calibration"), path.string());
}

void resolve_calibration(CalibrationSpec& spec, std::span<ParameterSection* const> sections,
                         const OutputLayout& layout) {
  for (auto& p : spec.priors) {
    const ParameterInfo& info = require_parameter(sections, p.key, p.where, "priors", spec.model);
    if (info.kind != ValueKind::kReal)
      throw ScenarioError(p.where + ": priors.\"" + p.key + "\" is " + describe_range(info) +
                          ": only real-valued parameters can be calibrated (compare the levels "
                          "of a whole-number or choice parameter with scenarios instead)");
    if (!validate_value(info, p.min).empty() || !validate_value(info, p.max).empty())
      throw ScenarioError(p.where + ": priors.\"" + p.key + "\": range " +
                          format_value(info, p.min) + " to " + format_value(info, p.max) +
                          " is outside the allowed range " + describe_range(info));
    for (const auto& q : spec.priors) {
      if (&q == &p) break;
      if (q.key == p.key) throw ScenarioError(p.where + ": priors: '" + p.key + "' twice");
    }
    p.info = &info;
  }
  std::vector<std::string> outputs = layout.summary;
  for (const auto& m : layout.metrics)
    outputs.push_back(m + (layout.steps_per_year > 0 ? "@year1" : "@" + layout.time_label + "1"));
  for (auto& t : spec.targets) {
    const auto at = t.name.find('@');
    const std::string field = t.name.substr(0, at);
    const auto unknown = [&](const std::string& why) {
      return ScenarioError(t.where + ": targets.\"" + t.name + "\": " + why +
                           suggestion(t.name, outputs) + " (`loom params " + spec.model +
                           "` lists the outputs)");
    };
    if (at == std::string::npos) {
      const auto f = std::find(layout.summary.begin(), layout.summary.end(), field);
      if (f == layout.summary.end())
        throw unknown("not a summary field of model '" + spec.model + "'");
      t.column = static_cast<std::size_t>(f - layout.summary.begin());
      continue;
    }
    const auto m = std::find(layout.metrics.begin(), layout.metrics.end(), field);
    if (m == layout.metrics.end())
      throw unknown("'" + field + "' is not a time-series metric of model '" + spec.model + "'");
    t.is_metric = true;
    t.column = static_cast<std::size_t>(m - layout.metrics.begin());
    const std::string when = t.name.substr(at + 1);
    const bool by_year = when.rfind("year", 0) == 0 && layout.steps_per_year > 0;
    const std::string unit = by_year ? "year" : layout.time_label;
    std::int64_t n = 0;
    if (when.rfind(unit, 0) == 0 && when.size() > unit.size() && when.size() - unit.size() < 7 &&
        std::all_of(when.begin() + static_cast<std::ptrdiff_t>(unit.size()), when.end(),
                    [](char ch) { return ch >= '0' && ch <= '9'; }))
      n = std::stoll(when.substr(unit.size()));
    const std::int64_t step = by_year ? n * layout.steps_per_year : n;
    if (n < 1 || step > layout.steps)
      throw ScenarioError(
          t.where + ": targets.\"" + t.name + "\": the time must be " +
          (layout.steps_per_year > 0
               ? "year1 to year" + std::to_string(layout.steps / layout.steps_per_year) + " or "
               : "") +
          layout.time_label + "1 to " + layout.time_label + std::to_string(layout.steps) +
          " (the end of that year or step)");
    t.step = static_cast<std::size_t>(step - 1);
  }
}

}  // namespace loom
