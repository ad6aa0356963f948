#include "sim/experiments/sweep_analysis.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "sim/experiments/sensitivity.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_probe.hpp"
#include "sim/output/hdf5_update.hpp"

namespace loom {
namespace {

constexpr const char* kFormat = "loom-sweep-1";

std::invalid_argument file_error(const SweepFile& sweep, const std::string& message) {
  return std::invalid_argument(sweep.path.string() + ": " + message);
}

std::string joined(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& item : items) s += (s.empty() ? "" : ", ") + item;
  return s.empty() ? "(none)" : s;
}

std::size_t count_attribute(const Hdf5Reader& in, const SweepFile& sweep, const char* name) {
  const double v = in.number_attribute("/sweep", name);
  if (!(v >= 0.0) || v != std::floor(v))
    throw file_error(sweep, std::string("/sweep attribute ") + name + " is not a count");
  return static_cast<std::size_t>(v);
}

// A categorical factor's level indices from its stored texts: levels own
// consecutive shares of [0, 1] in the order the spec lists them
// (level_of), so ordering the distinct texts by the smallest u at which
// each appears gives that order back without the spec. A level no point
// visited is skipped (the indices stay consecutive).
void set_levels(FactorColumn& column, const std::vector<std::string>& texts,
                const std::vector<double>& u) {
  std::map<std::string, double> lowest;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto [it, added] = lowest.emplace(texts[i], u[i]);
    if (!added) it->second = std::min(it->second, u[i]);
  }
  std::vector<std::pair<double, std::string>> order;
  for (const auto& [text, low] : lowest) order.emplace_back(low, text);
  std::sort(order.begin(), order.end());
  std::map<std::string, double> index;
  column.levels.clear();
  for (std::size_t i = 0; i < order.size(); ++i) {
    index[order[i].second] = static_cast<double>(i);
    column.levels.push_back(order[i].second);
  }
  column.values.resize(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) column.values[i] = index[texts[i]];
}

DesignMatrix unit_coordinates(const Hdf5Reader& in, const SweepFile& sweep) {
  DesignMatrix d;
  d.rows = sweep.points;
  d.cols = sweep.factors.size();
  d.u.resize(d.rows * d.cols);
  for (std::size_t c = 0; c < d.cols; ++c) {
    const auto column = in.column_doubles("/sweep/points", "u:" + sweep.factors[c]);
    for (std::size_t r = 0; r < d.rows; ++r) d.u[r * d.cols + c] = column[r];
  }
  return d;
}

Eigen::MatrixXd natural_values(const SweepFile& sweep) {
  const auto columns = factor_columns(sweep);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(sweep.points),
                    static_cast<Eigen::Index>(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::size_t r = 0; r < sweep.points; ++r)
      x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = columns[c].values[r];
  }
  return x;
}

}  // namespace

SensitivityMethod parse_sensitivity_method(std::string_view text) {
  if (text == "sobol") return SensitivityMethod::kSobol;
  if (text == "morris") return SensitivityMethod::kMorris;
  if (text == "regression") return SensitivityMethod::kRegression;
  throw std::invalid_argument("unknown method '" + std::string(text) +
                              "' (allowed: sobol, morris, regression)");
}

const char* sensitivity_method_name(SensitivityMethod method) {
  switch (method) {
    case SensitivityMethod::kSobol:
      return "sobol";
    case SensitivityMethod::kMorris:
      return "morris";
    case SensitivityMethod::kRegression:
      return "regression";
  }
  return "?";
}

SensitivityMethod default_method(DesignKind design) {
  if (design == DesignKind::kSobol) return SensitivityMethod::kSobol;
  if (design == DesignKind::kMorris) return SensitivityMethod::kMorris;
  return SensitivityMethod::kRegression;
}

SweepFile open_sweep(const std::filesystem::path& path) {
  SweepFile sweep;
  sweep.path = path;
  try {
    require_safe_to_read(path);
    const Hdf5Reader in(path);
    if (!in.has("/sweep"))
      throw file_error(sweep, "not a sweep results file (no /sweep group; made by loom sweep?)");
    const std::string format = has_attribute(path, "/sweep", "format")
                                   ? in.string_attribute("/sweep", "format")
                                   : std::string("(none)");
    if (format != kFormat)
      throw file_error(sweep, "/sweep has format " + format + ", this loom reads " + kFormat);
    if (!has_attribute(path, "/sweep", "complete") ||
        in.number_attribute("/sweep", "complete") != 1.0) {
      throw file_error(sweep,
                       "the sweep is not complete (attribute /sweep/complete is not 1): finish it "
                       "with loom sweep --resume, or merge all its shards with loom merge, first");
    }
    // One shard holds every N-th run, so its points lack replicates: say
    // what to do instead of "point 0 has 1 runs ... (a damaged file)".
    if (has_attribute(path, "/sweep", "shard_count") &&
        in.number_attribute("/sweep", "shard_count") > 1.0) {
      const auto index = static_cast<long long>(in.number_attribute("/sweep", "shard_index"));
      const auto count = static_cast<long long>(in.number_attribute("/sweep", "shard_count"));
      throw file_error(sweep, "this is shard " + std::to_string(index + 1) + " of " +
                                  std::to_string(count) +
                                  " of a sweep: merge the shards first (loom merge --shards " +
                                  std::to_string(count) +
                                  " -o OUT.h5, with the sweep's -o), then analyze the merged file");
    }
    try {
      sweep.design = parse_design_kind(in.string_attribute("/sweep", "design"));
    } catch (const std::invalid_argument& e) {
      throw file_error(sweep, std::string("/sweep attribute design: ") + e.what());
    }
    sweep.samples = count_attribute(in, sweep, "samples");
    if (has_attribute(path, "/sweep", "seed")) sweep.seed = in.unsigned_attribute("/sweep", "seed");
    sweep.replicates = count_attribute(in, sweep, "replicates");
    if (sweep.design == DesignKind::kMorris)
      sweep.morris_levels = count_attribute(in, sweep, "morris_levels");
    sweep.factors = in.strings("/sweep/factor_names");
    if (sweep.factors.empty()) throw file_error(sweep, "/sweep/factor_names is empty");
    const auto shape = in.shape("/sweep/points");
    sweep.points = shape.empty() ? 0 : static_cast<std::size_t>(shape[0]);
    for (const auto& f : table_fields(path, "/sweep/runs")) {
      if (f.name == "unit" || f.name == "point" || f.name == "replicate") continue;
      if (f.type == TableField::Type::kFloat || f.type == TableField::Type::kInteger)
        sweep.fields.push_back(f.name);
    }
  } catch (const Hdf5Error& e) {
    throw file_error(sweep, std::string("cannot read it as a sweep file: ") + e.what());
  }
  return sweep;
}

std::vector<FactorColumn> factor_columns(const SweepFile& sweep) {
  std::vector<FactorColumn> columns;
  try {
    const auto fields = table_fields(sweep.path, "/sweep/points");
    const Hdf5Reader in(sweep.path);
    for (const std::string& key : sweep.factors) {
      const auto field = std::find_if(fields.begin(), fields.end(),
                                      [&](const TableField& f) { return f.name == key; });
      if (field == fields.end()) throw file_error(sweep, "/sweep/points has no column " + key);
      FactorColumn column;
      column.key = key;
      if (field->type == TableField::Type::kString) {
        set_levels(column, in.column_strings("/sweep/points", key),
                   in.column_doubles("/sweep/points", "u:" + key));
      } else {
        column.values = in.column_doubles("/sweep/points", key);
      }
      columns.push_back(std::move(column));
    }
  } catch (const Hdf5Error& e) {
    throw file_error(sweep, std::string("cannot read /sweep/points: ") + e.what());
  }
  return columns;
}

std::vector<double> point_runs(const SweepFile& sweep, const std::string& field) {
  if (std::find(sweep.fields.begin(), sweep.fields.end(), field) == sweep.fields.end()) {
    throw file_error(
        sweep, "no field '" + field + "' in /sweep/runs (fields: " + joined(sweep.fields) + ")");
  }
  std::vector<double> point, replicate, value;
  try {
    const Hdf5Reader in(sweep.path);
    point = in.column_doubles("/sweep/runs", "point");
    replicate = in.column_doubles("/sweep/runs", "replicate");
    value = in.column_doubles("/sweep/runs", field);
  } catch (const Hdf5Error& e) {
    throw file_error(sweep, std::string("cannot read /sweep/runs: ") + e.what());
  }
  const std::size_t replicates = sweep.replicates;
  std::vector<double> runs(sweep.points * replicates, 0.0);
  std::vector<unsigned char> held(runs.size(), 0);
  std::vector<std::size_t> count(sweep.points, 0);
  for (std::size_t i = 0; i < point.size(); ++i) {
    const double p = point[i], r = replicate[i];
    if (!(p >= 0.0 && p < static_cast<double>(sweep.points)))
      throw file_error(sweep, "run row " + std::to_string(i) + " names point " + std::to_string(p) +
                                  ", outside 0.." + std::to_string(sweep.points) + " - 1");
    if (!std::isfinite(value[i])) {
      // A missing value (NaN: undefined in that run, e.g. a gap with no
      // underserved student) cannot be averaged into a point without
      // changing what the point means, so the analysis refuses it.
      throw file_error(sweep, "field '" + field + "' is missing (undefined) in run row " +
                                  std::to_string(i) + " (point " +
                                  std::to_string(static_cast<std::size_t>(p)) +
                                  "): sensitivity indices need a value in every run; analyze a "
                                  "field defined in every run (for a time to an event, its "
                                  "reached flag, e.g. reached_half for weeks_to_half)");
    }
    const auto at = static_cast<std::size_t>(p);
    ++count[at];
    if (!(r >= 0.0 && r < static_cast<double>(replicates)) || r != std::floor(r) ||
        held[at * replicates + static_cast<std::size_t>(r)]++)
      continue;  // counted: the point's run count below names the damage
    runs[at * replicates + static_cast<std::size_t>(r)] = value[i];
  }
  for (std::size_t p = 0; p < sweep.points; ++p) {
    bool whole = count[p] == replicates;
    for (std::size_t r = 0; whole && r < replicates; ++r) whole = held[p * replicates + r] == 1;
    if (!whole) {
      throw file_error(sweep, "point " + std::to_string(p) + " has " + std::to_string(count[p]) +
                                  " runs, the sweep has " + std::to_string(replicates) +
                                  " replicates per point, each once (a damaged or wrongly "
                                  "merged file)");
    }
  }
  return runs;
}

std::vector<double> point_means(const SweepFile& sweep, const std::string& field) {
  return means_of_runs(point_runs(sweep, field), sweep.replicates);
}

std::vector<double> means_of_runs(std::span<const double> runs, std::size_t replicates) {
  std::vector<double> means(runs.size() / replicates, 0.0);
  for (std::size_t p = 0; p < means.size(); ++p) {
    for (std::size_t r = 0; r < replicates; ++r) means[p] += runs[p * replicates + r];
    means[p] /= static_cast<double>(replicates);
  }
  return means;
}

std::vector<double> paired_run_differences(const SweepFile& sweep, const SweepFile& minus,
                                           const std::string& field) {
  const auto differ = [&](const std::string& what) {
    return file_error(sweep, "cannot subtract " + minus.path.string() +
                                 ": the two sweeps differ in " + what +
                                 " (--minus needs the same sweep file run on another base " +
                                 "scenario: same design, factors, samples, replicates and seed)");
  };
  if (sweep.design != minus.design) throw differ("design");
  if (sweep.samples != minus.samples || sweep.points != minus.points) throw differ("samples");
  if (sweep.replicates != minus.replicates) throw differ("replicates");
  if (sweep.morris_levels != minus.morris_levels) throw differ("Morris levels");
  if (sweep.seed != minus.seed) throw differ("seed (so the runs would not be paired)");
  if (sweep.factors != minus.factors) throw differ("factors");
  if (natural_values(sweep) != natural_values(minus)) throw differ("the points' factor values");
  std::vector<double> y = point_runs(sweep, field);
  const std::vector<double> base = point_runs(minus, field);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] -= base[i];
  return y;
}

namespace {

// The method's indices from the design's first `samples` samples (base
// samples, trajectories or points): the whole design, or a convergence step.
SensitivityStep indices_of(const SweepFile& sweep, SensitivityMethod method,
                           const std::vector<double>& runs, std::size_t samples,
                           std::size_t bootstrap, const DesignMatrix& u, const Eigen::MatrixXd& x) {
  const std::size_t k = sweep.factors.size(), replicates = sweep.replicates;
  SensitivityStep step;
  step.samples = samples;
  switch (method) {
    case SensitivityMethod::kSobol: {
      const std::span<const double> part(runs.data(), samples * (k + 2) * replicates);
      const SobolIndices s = sobol_indices(part, samples, k, bootstrap, 0, replicates);
      step.indices = {{"S1", s.s1}, {"S1_conf", s.s1_conf}, {"ST", s.st}, {"ST_conf", s.st_conf}};
      break;
    }
    case SensitivityMethod::kMorris: {
      const std::size_t points = samples * (k + 1);
      DesignMatrix part{points, k, {u.u.begin(), u.u.begin() + points * k}};
      const std::vector<double> y =
          means_of_runs(std::span(runs).first(points * replicates), replicates);
      const MorrisIndices m = morris_indices(part, y, samples, k);
      step.indices = {{"mu_star", m.mu_star}, {"mu", m.mu}, {"sigma", m.sigma}};
      break;
    }
    case SensitivityMethod::kRegression: {
      const std::vector<double> y =
          means_of_runs(std::span(runs).first(samples * replicates), replicates);
      const RegressionIndices g =
          standardized_regression(x.topRows(static_cast<Eigen::Index>(samples)), y);
      step.indices = {{"src", g.src}};
      step.r2 = g.r2;
      break;
    }
  }
  return step;
}

}  // namespace

SensitivityResult analyze_sweep(const SweepFile& sweep, const std::string& field,
                                std::optional<SensitivityMethod> requested, std::size_t bootstrap,
                                const SweepFile* minus, bool convergence) {
  SensitivityResult r;
  r.field = field;
  if (minus) r.minus = minus->path.string();
  r.method = requested.value_or(default_method(sweep.design));
  r.factors = sweep.factors;
  r.points = sweep.points;
  r.replicates = sweep.replicates;
  const std::size_t k = sweep.factors.size();
  const char* design = design_kind_name(sweep.design);
  if (r.method == SensitivityMethod::kSobol && sweep.design != DesignKind::kSobol) {
    throw file_error(sweep, std::string("--method sobol needs a sobol design (Saltelli sampling); "
                                        "this sweep's design is ") +
                                design + ": use --method regression" +
                                (sweep.design == DesignKind::kMorris ? " or morris" : ""));
  }
  if (r.method == SensitivityMethod::kMorris && sweep.design != DesignKind::kMorris) {
    throw file_error(sweep, std::string("--method morris needs a morris design (trajectories); "
                                        "this sweep's design is ") +
                                design + ": use --method regression" +
                                (sweep.design == DesignKind::kSobol ? " or sobol" : ""));
  }
  if (convergence && sweep.design == DesignKind::kGrid) {
    throw file_error(sweep,
                     "--convergence needs a design whose first points are a smaller "
                     "design of the same kind (sobol, morris, lhs); a grid's are not");
  }
  const std::vector<double> runs =
      minus ? paired_run_differences(sweep, *minus, field) : point_runs(sweep, field);
  r.noise_share = replicate_noise_share(runs, sweep.points, sweep.replicates);
  try {
    if (r.method == SensitivityMethod::kSobol && sweep.points != sweep.samples * (k + 2))
      throw file_error(sweep, "a sobol design of " + std::to_string(sweep.samples) +
                                  " base samples and " + std::to_string(k) + " factors has " +
                                  std::to_string(sweep.samples * (k + 2)) +
                                  " points, the file has " + std::to_string(sweep.points));
    DesignMatrix u;
    if (r.method == SensitivityMethod::kMorris) {
      const Hdf5Reader in(sweep.path);
      u = unit_coordinates(in, sweep);
    }
    const Eigen::MatrixXd x =
        r.method == SensitivityMethod::kRegression ? natural_values(sweep) : Eigen::MatrixXd();
    // Samples: base samples (sobol), trajectories (morris) or points.
    const std::size_t whole =
        r.method == SensitivityMethod::kRegression ? sweep.points : sweep.samples;
    SensitivityStep all = indices_of(sweep, r.method, runs, whole, bootstrap, u, x);
    r.indices = std::move(all.indices);
    r.r2 = all.r2;
    if (r.method == SensitivityMethod::kSobol) r.bootstrap = bootstrap;
    if (convergence) {
      // N/8, N/4, N/2, N; a step too small for the method is left out.
      const std::size_t least = r.method == SensitivityMethod::kSobol    ? 2
                                : r.method == SensitivityMethod::kMorris ? 2
                                                                         : k + 2;
      for (const std::size_t divisor : {8, 4, 2}) {
        const std::size_t n = whole / divisor;
        if (n >= least)
          r.convergence.push_back(indices_of(sweep, r.method, runs, n, bootstrap, u, x));
      }
      r.convergence.push_back({whole, r.indices, r.r2});
    }
  } catch (const Hdf5Error& e) {
    throw file_error(sweep, std::string("cannot read /sweep/points: ") + e.what());
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    if (what.rfind(sweep.path.string(), 0) == 0) throw;
    throw file_error(sweep, "field '" + field + "': " + what);
  }
  return r;
}

void store_analysis(const SweepFile& sweep, const SensitivityResult& result) {
  std::vector<TableColumn> columns;
  columns.push_back({"factor", result.factors});
  for (const auto& [name, values] : result.indices) columns.push_back({name, values});
  TableAttributes a;
  a.integers.emplace_back("points", static_cast<std::int64_t>(result.points));
  a.integers.emplace_back("replicates", static_cast<std::int64_t>(result.replicates));
  if (result.method == SensitivityMethod::kSobol)
    a.integers.emplace_back("bootstrap", static_cast<std::int64_t>(result.bootstrap));
  if (result.r2) a.numbers.emplace_back("r2", *result.r2);
  if (std::isfinite(result.noise_share)) a.numbers.emplace_back("noise_share", result.noise_share);
  replace_table(sweep.path,
                "/sweep/analysis/" + result.field + "/" + sensitivity_method_name(result.method),
                columns, a);
}

}  // namespace loom
