#include "cli/analyze_command.hpp"

#include "sim/core/string_literal.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <ostream>
#include <system_error>

namespace loom {
namespace {

// Shortest text that reads back as the same double; JSON has no NaN or
// infinity, so those are null (a Morris sigma from one trajectory).
std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (error != std::errc()) return "null";
  return std::string(buffer, end);
}

std::string fixed(double v, bool sign = false) {
  if (std::isnan(v)) return "n/a";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, sign ? "%+.4f" : "%.4f", v);
  return buffer;
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s + "  ";
}

const std::vector<double>& index_in(const IndexTable& t, const std::string& name) {
  for (const auto& [n, values] : t)
    if (n == name) return values;
  throw std::logic_error("no index " + name);
}

const std::vector<double>& index(const SensitivityResult& r, const std::string& name) {
  return index_in(r.indices, name);
}

}  // namespace

CLI::App* add_analyze_command(CLI::App& app, AnalyzeRequest& q) {
  auto* analyze = app.add_subcommand(
      "analyze", "Sensitivity of a sweep's summary field to its factors (Sobol, Morris, SRC)");
  analyze->add_option("file", q.file, "Sweep results file (HDF5) from loom sweep")
      ->required()
      ->check(CLI::ExistingFile);
  analyze->add_option("--field", q.field, "Summary field to analyse (a column of /sweep/runs)")
      ->required();
  analyze
      ->add_option("--method", q.method,
                   "sobol (sobol designs), morris (morris designs) or regression (any design); "
                   "default: the design's own")
      ->check(CLI::IsMember({"sobol", "morris", "regression"}));
  analyze->add_flag("--json", q.json, "Print JSON instead of a table");
  analyze
      ->add_option("--minus", q.minus,
                   "Analyse the paired difference: this sweep minus OTHER.h5, the same sweep file "
                   "run on another base scenario (same design, factors and seed)")
      ->check(CLI::ExistingFile);
  analyze->add_flag("--convergence", q.convergence,
                    "Also give the indices from the first N/8, N/4 and N/2 samples, to see "
                    "whether N was enough");
  analyze->add_option("--bootstrap", q.bootstrap, "Bootstrap resamples for Sobol intervals")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  return analyze;
}

namespace {

void print_index_entries(const std::vector<std::string>& factors, const IndexTable& indices,
                         std::ostream& out) {
  out << "[";
  for (std::size_t i = 0; i < factors.size(); ++i) {
    out << (i ? ", " : "") << "{\"factor\": " << string_literal(factors[i]);
    for (const auto& [name, values] : indices)
      out << ", " << string_literal(name) << ": " << json_number(values[i]);
    out << "}";
  }
  out << "]";
}

// The index a convergence table follows per method (the others are in
// the JSON).
std::vector<std::string> followed_indices(SensitivityMethod method) {
  switch (method) {
    case SensitivityMethod::kSobol:
      return {"S1", "ST"};
    case SensitivityMethod::kMorris:
      return {"mu_star"};
    case SensitivityMethod::kRegression:
      return {"src"};
  }
  return {};
}

std::string percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", 100.0 * share);
  return buffer;
}

}  // namespace

void print_analysis_json(const SensitivityResult& r, std::ostream& out) {
  out << "{\"field\": " << string_literal(r.field)
      << ", \"method\": " << string_literal(sensitivity_method_name(r.method));
  if (!r.minus.empty()) out << ", \"minus\": " << string_literal(r.minus);
  if (r.r2) out << ", \"r2\": " << json_number(*r.r2);
  out << ", \"replicates\": " << r.replicates << ", \"noise_share\": " << json_number(r.noise_share)
      << ", \"indices\": ";
  print_index_entries(r.factors, r.indices, out);
  if (!r.convergence.empty()) {
    out << ", \"convergence\": [";
    for (std::size_t s = 0; s < r.convergence.size(); ++s) {
      const SensitivityStep& step = r.convergence[s];
      out << (s ? ", " : "") << "{\"samples\": " << step.samples;
      if (step.r2) out << ", \"r2\": " << json_number(*step.r2);
      out << ", \"indices\": ";
      print_index_entries(r.factors, step.indices, out);
      out << "}";
    }
    out << "]";
  }
  out << "}\n";
}

void print_analysis_table(const SweepFile& sweep, const SensitivityResult& r, std::ostream& out) {
  std::size_t width = 8;
  for (const auto& f : r.factors) width = std::max(width, f.size());
  const std::string design = design_kind_name(sweep.design);
  out << "Field " << r.field << " of " << sweep.path.string()
      << (r.minus.empty() ? "" : " minus " + r.minus + " (paired by point and replicate)") << ": "
      << design << " design, " << r.points << " points, each the mean of " << r.replicates
      << " replicate(s)\n";
  switch (r.method) {
    case SensitivityMethod::kSobol: {
      out << "Sobol indices (" << sweep.samples << " base samples): first order S1 (Saltelli et "
          << "al. 2010), total ST (Jansen 1999), +/- 95% bootstrap half-width (" << r.bootstrap
          << " resamples of the base samples"
          << (r.replicates > 1 ? " and the replicates, so they include replicate noise" : "")
          << ")\n\n"
          << pad("factor", width) << pad("S1", 20) << "ST\n";
      const auto &s1 = index(r, "S1"), &s1c = index(r, "S1_conf"), &st = index(r, "ST"),
                 &stc = index(r, "ST_conf");
      for (std::size_t i = 0; i < r.factors.size(); ++i) {
        out << pad(r.factors[i], width) << pad(fixed(s1[i], true) + " +/- " + fixed(s1c[i]), 20)
            << fixed(st[i], true) << " +/- " << fixed(stc[i]) << "\n";
      }
      out << "\nS1: share of the variance the factor explains alone; ST: including its "
             "interactions.\n";
      break;
    }
    case SensitivityMethod::kMorris: {
      out << "Morris elementary effects (" << sweep.samples << " trajectories, "
          << sweep.morris_levels << " levels), per whole range of each factor: mu* = mean "
          << "|effect| (Campolongo et al. 2007), mu = mean effect, sigma = its SD "
          << "(Morris 1991)\n\n"
          << pad("factor", width) << pad("mu*", 12) << pad("mu", 12) << "sigma\n";
      const auto &ms = index(r, "mu_star"), &mu = index(r, "mu"), &sd = index(r, "sigma");
      for (std::size_t i = 0; i < r.factors.size(); ++i) {
        out << pad(r.factors[i], width) << pad(fixed(ms[i]), 12) << pad(fixed(mu[i], true), 12)
            << fixed(sd[i]) << "\n";
      }
      out << "\nA large mu* marks an influential factor; a large sigma, one that interacts or "
             "acts non-linearly.\n";
      break;
    }
    case SensitivityMethod::kRegression: {
      out << "Standardized regression coefficients (least squares on the factors' values; a "
             "categorical factor as its level index): R^2 = "
          << fixed(r.r2.value_or(std::nan(""))) << "\n\n"
          << pad("factor", width) << "SRC\n";
      const auto& src = index(r, "src");
      for (std::size_t i = 0; i < r.factors.size(); ++i)
        out << pad(r.factors[i], width) << fixed(src[i], true) << "\n";
      out << "\nSRC: change in the field, in its standard deviations, per standard deviation of "
             "the factor. Trust them only as far as R^2 is near 1; otherwise use a sobol or "
             "morris design.\n";
      break;
    }
  }
  if (std::isnan(r.noise_share)) {
    out << "\nReplicate noise: not measured (one replicate per point, so noise cannot be told "
           "from the factors' effects; it is inside the indices)\n";
  } else {
    out << "\nReplicate noise: " << percent(r.noise_share)
        << " of the variance of the point means (two-way layout of points x " << r.replicates
        << " replicates)"
        << (r.noise_share > kNoiseWarning
                ? ": over 20%, so the indices carry much noise (ST most: sums above 1 are a sign)"
                : "")
        << "\n";
  }
  if (!r.convergence.empty()) {
    const char* unit = r.method == SensitivityMethod::kSobol    ? "base samples"
                       : r.method == SensitivityMethod::kMorris ? "trajectories"
                                                                : "points";
    out << "\nConvergence: the indices from the design's first N " << unit
        << " (steady values mean N was enough)\n\n"
        << pad("factor", width) << pad("index", 8);
    for (const auto& step : r.convergence) out << pad("N=" + std::to_string(step.samples), 9);
    out << "\n";
    for (std::size_t i = 0; i < r.factors.size(); ++i) {
      for (const std::string& name : followed_indices(r.method)) {
        out << pad(r.factors[i], width) << pad(name, 8);
        for (const auto& step : r.convergence)
          out << pad(fixed(index_in(step.indices, name)[i], name != "mu_star"), 9);
        out << "\n";
      }
    }
  }
}

void run_analyze(const AnalyzeRequest& q, std::ostream& out) {
  const SweepFile sweep = open_sweep(q.file);
  std::optional<SweepFile> minus;
  if (!q.minus.empty()) minus = open_sweep(q.minus);
  std::optional<SensitivityMethod> method;
  if (!q.method.empty()) method = parse_sensitivity_method(q.method);
  const SensitivityResult result =
      analyze_sweep(sweep, q.field, method, q.bootstrap, minus ? &*minus : nullptr, q.convergence);
  if (q.json) {
    print_analysis_json(result, out);
  } else {
    print_analysis_table(sweep, result, out);
  }
  out.flush();
  if (result.noise_share > kNoiseWarning) {
    std::cerr << "loom: warning: " << percent(result.noise_share)
              << " of the variance of the point means of '" << result.field
              << "' is replicate noise (over 20%): the indices, which describe the expected "
                 "response, carry that noise, ST most (docs/analysis.md); more replicates per "
                 "point lower it as 1/replicates\n";
  }
  if (minus) {
    if (!q.json) out << "Not stored: a difference of two files belongs to neither.\n";
    return;
  }
  store_analysis(sweep, result);
  if (!q.json) {
    out << "Stored in " << sweep.path.string() << " under /sweep/analysis/" << result.field << "/"
        << sensitivity_method_name(result.method) << "\n";
  }
}

}  // namespace loom
