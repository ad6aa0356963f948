#include "cli/calibrate_command.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "cli/run_command.hpp"
#include "cli/summary_table.hpp"
#include "models/catalog/calibration_runner.hpp"
#include "sim/core/string_literal.hpp"
#include "sim/output/output_guard.hpp"
#ifdef LOOM_WITH_MPI
#include "sim/run/mpi_loop.hpp"
#endif

namespace loom {
namespace {

std::string num(double v) {
  if (!std::isfinite(v)) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

// Each target's simulated value over the posterior: weighted mean and 5% and
// 95% quantiles of the particles' simulated means.
std::vector<PosteriorSummary> target_summaries(const CalibrationRecord& r) {
  std::vector<PosteriorSummary> out;
  const AbcGeneration* g = r.posterior();
  if (!g) return out;
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    std::vector<double> values, weights;
    for (const auto& p : g->particles) {
      values.push_back(p.simulated[t]);
      weights.push_back(p.weight);
    }
    out.push_back(summarize(values, weights));
  }
  return out;
}

}  // namespace

void add_calibrate_command(CLI::App& app, CalibrateCommand& c) {
  c.app = app.add_subcommand(
      "calibrate",
      "Fit uncertain constants to observed patterns (ABC-SMC) and print the posterior; or print "
      "the report of a finished calibration file");
  c.app->add_option("spec", c.spec, "Calibration spec (TOML), or a calibration file (.h5)")
      ->required()
      ->check(CLI::ExistingFile);
  c.app->add_option("-o,--output", c.output, "Calibration file (default out/<spec name>.h5)");
  c.app->add_option("-t,--threads", c.threads, "Worker threads (0 = all cores)")
      ->check(CLI::Range(0, 4096));
  c.app->add_flag("--resume", c.resume, "Continue an interrupted calibration from its checkpoint");
  c.app->add_flag("-q,--quiet", c.quiet, "No progress lines");
  c.app->add_flag("--force", c.force, "Replace an output that is not a Loom file");
  c.app->add_option("--format", c.format, "table (for people) or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json"}));
}

void print_calibration(const CalibrationRecord& r, const std::string& format, std::ostream& out) {
  const AbcGeneration* post = r.posterior();
  const auto params = r.posterior_summaries();
  const auto sims = target_summaries(r);
  if (format == "json") {
    out << "{\"method\": " << string_literal(r.method) << ", \"model\": " << string_literal(r.model)
        << ", \"parameters\": [";
    for (std::size_t k = 0; k < params.size(); ++k) {
      const auto& s = params[k];
      out << (k ? ", " : "") << "{\"name\": " << string_literal(r.priors[k].key)
          << ", \"mean\": " << json_number(s.mean) << ", \"sd\": " << json_number(s.sd)
          << ", \"q05\": " << json_number(s.q05) << ", \"q50\": " << json_number(s.q50)
          << ", \"q95\": " << json_number(s.q95)
          << ", \"prior_min\": " << json_number(r.priors[k].min)
          << ", \"prior_max\": " << json_number(r.priors[k].max) << "}";
    }
    out << "], \"targets\": [";
    for (std::size_t t = 0; t < r.targets.size(); ++t) {
      const auto& x = r.targets[t];
      out << (t ? ", " : "") << "{\"name\": " << string_literal(x.name)
          << ", \"value\": " << json_number(x.value) << ", \"sd\": " << json_number(x.sd);
      if (t < sims.size())
        out << ", \"simulated\": " << json_number(sims[t].mean)
            << ", \"q05\": " << json_number(sims[t].q05)
            << ", \"q95\": " << json_number(sims[t].q95);
      out << ", \"source\": " << string_literal(x.source) << "}";
    }
    out << "], \"generations\": " << r.generations.size()
        << ", \"posterior_generation\": " << (post ? std::to_string(post->index) : "null")
        << ", \"ess\": " << (post ? json_number(post->ess) : "null")
        << ", \"tolerance\": " << (post ? json_number(post->tolerance) : "null")
        << ", \"runs\": " << r.runs << ", \"stop_reason\": " << string_literal(r.stop_reason)
        << "}\n";
    return;
  }
  out << "Calibration of " << (r.base.empty() ? "model " + r.model : r.base) << " by " << r.method
      << ": " << r.generations.size() << " generation(s), " << r.runs << " runs (" << r.replicates
      << " per particle); stopped: " << r.stop_reason << ".\n";
  if (!post) {
    out << "No posterior: no generation reached " << r.particles << " particles.\n";
    return;
  }
  out << "Posterior: generation " << post->index << ", " << post->particles.size()
      << " particles, effective sample size " << num(post->ess) << ", tolerance "
      << num(post->tolerance) << " (root mean square of (simulated - observed) / sd).\n\n";
  char line[320];
  std::snprintf(line, sizeof line, "%-36s %10s %10s %10s %10s %10s   %s\n", "parameter", "mean",
                "sd", "5%", "50%", "95%", "prior");
  out << line;
  for (std::size_t k = 0; k < params.size(); ++k) {
    const auto& p = r.priors[k];
    const std::string prior =
        num(p.min) + " to " + num(p.max) + " (" + p.shape_name() +
        (p.shape == PriorShape::kBeta ? " " + num(p.a) + ", " + num(p.b) : "") + ")";
    std::snprintf(line, sizeof line, "%-36s %10s %10s %10s %10s %10s   %s\n", p.key.c_str(),
                  num(params[k].mean).c_str(), num(params[k].sd).c_str(),
                  num(params[k].q05).c_str(), num(params[k].q50).c_str(),
                  num(params[k].q95).c_str(), prior.c_str());
    out << line;
  }
  out << "\nTargets: observed (sd) against the posterior's simulated mean [5%, 95%]:\n";
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const auto& x = r.targets[t];
    const std::string observed = num(x.value) + " (" + num(x.sd) + ")";
    const std::string simulated =
        num(sims[t].mean) + " [" + num(sims[t].q05) + ", " + num(sims[t].q95) + "]";
    std::snprintf(line, sizeof line, "%-36s %-20s %-32s %s\n", x.name.c_str(), observed.c_str(),
                  simulated.c_str(), x.source.empty() ? "" : x.source.c_str());
    out << line;
  }
}

int run_calibrate_command(const CalibrateCommand& c, const std::string& command_line,
                          std::ostream& out) {
  if (std::filesystem::path(c.spec).extension() == ".h5") {
    print_calibration(read_calibration_file(c.spec), c.format, out);
    return kOk;
  }
  const PreparedCalibration calibration = prepare_calibration(c.spec);
  if (calibration.spec.method != "abc-smc")
    throw ScenarioError(c.spec + ": calibrate.method = \"" + calibration.spec.method +
                        "\" is not built yet; use \"abc-smc\"");
  CalibrationOptions options;
  options.output =
      c.output.empty() ? "out/" + std::filesystem::path(c.spec).stem().string() + ".h5" : c.output;
  options.command_line = command_line;
  options.threads = c.threads;
  options.progress = c.quiet ? ProgressObserver::Mode::kQuiet : ProgressObserver::Mode::kLines;
  options.resume = c.resume;
#ifdef LOOM_WITH_MPI
  const MpiScope scope;
  const MpiSession& mpi = scope.session;
  if (mpi.active()) {
    const int threads = c.threads > 0 ? c.threads : mpi_default_threads();
    options.threads = threads;
    options.executor = mpi_record_executor(mpi, threads);
    options.share = [mpi](std::vector<double>& values) { mpi_broadcast(mpi, values); };
    options.write_files = mpi.rank == 0;
    if (mpi.rank > 0) options.progress = ProgressObserver::Mode::kQuiet;
  }
#endif
  std::optional<OutputGuard> guard;
  if (options.write_files)
    guard.emplace(guard_output(options.output, calibration.base.inputs, c.force));
  const CalibrationRecord record = run_calibration(calibration, options);
  if (!options.write_files) return kOk;
  print_calibration(record, c.format, out);
  if (c.format == "table") out << "\nWritten: " << options.output.string() << "\n";
  return kOk;
}

}  // namespace loom
