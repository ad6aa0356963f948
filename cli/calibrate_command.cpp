#include "cli/calibrate_command.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "cli/run_command.hpp"
#include "cli/summary_table.hpp"
#include "cli/sweep_command.hpp"
#include "models/catalog/calibration_runner.hpp"
#include "models/catalog/posterior_comparison.hpp"
#include "sim/core/string_literal.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/run/run_plan.hpp"
#include "sim/run/shared_folder.hpp"
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
  c.app
      ->add_option("--check", c.check,
                   "Say whether this calibration file was made by the spec with today's "
                   "scenarios and model (exit 0), or is stale (exit 2)")
      ->check(CLI::ExistingFile);
  c.app
      ->add_option("--shards", c.shards,
                   "Share the work among the N tasks of a Slurm array (this task: "
                   "SLURM_ARRAY_TASK_ID), through OUTPUT.parts/; rerun a task to resume")
      ->check(CLI::Range(2, 100000));
  c.app->add_option("--shard", c.shard, "As --shards, with this task's number given: I/N");
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
  std::vector<PosteriorSummary> sims;
  for (const auto& prediction : r.target_predictions()) sims.push_back(prediction.summary);
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
          << ", \"minus_baseline\": " << (x.minus_baseline ? "true" : "false")
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
        << ", \"runs\": " << r.runs << ", \"stop_reason\": " << string_literal(r.stop_reason);
    if (r.method == "history-matching") {
      out << ", \"cutoff\": " << json_number(r.cutoff) << ", \"waves\": [";
      for (std::size_t w = 0; w < r.waves.size(); ++w)
        out << (w ? ", " : "") << "{\"wave\": " << r.waves[w].wave
            << ", \"runs\": " << r.waves[w].runs
            << ", \"nroy_fraction\": " << json_number(r.waves[w].nroy_fraction) << "}";
      out << "]";
    }
    out << "}\n";
    return;
  }
  const bool waves = r.method == "history-matching";
  out << "Calibration of " << (r.base.empty() ? "model " + r.model : r.base) << " by " << r.method
      << (r.baseline.empty() ? "" : " (baseline " + r.baseline + ")") << ": "
      << (waves ? std::to_string(r.waves.size()) + " wave(s)"
                : std::to_string(r.generations.size()) + " generation(s)")
      << ", " << r.runs << " runs (" << r.replicates << " per point); stopped: " << r.stop_reason
      << ".\n";
  if (waves) {
    out << "\nwave      runs   share of the prior space left (implausibility below "
        << num(r.cutoff) << ")\n";
    for (const auto& w : r.waves) {
      char row[160];
      std::snprintf(row, sizeof row, "%4lld %9lld   %.4g\n", static_cast<long long>(w.wave),
                    static_cast<long long>(w.runs), w.nroy_fraction);
      out << row;
    }
    out << "\n";
  }
  if (!post) {
    out << (waves ? "No region is left to check.\n"
                  : "No posterior: no generation reached " + std::to_string(r.particles) +
                        " particles.\n");
    return;
  }
  if (waves)
    out << "Not ruled out: " << post->particles.size()
        << " check runs at points spread uniformly (on the priors' scale) through what is left; "
           "below, the spread of their parameters, not a posterior (history matching rules out, "
           "it does not weigh).\n\n";
  else
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
  out << "\nTargets: observed (sd) against the " << (waves ? "check runs'" : "posterior's")
      << " simulated mean [5%, 95%]:\n";
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const auto& x = r.targets[t];
    const std::string observed = num(x.value) + " (" + num(x.sd) + ")";
    const std::string simulated =
        num(sims[t].mean) + " [" + num(sims[t].q05) + ", " + num(sims[t].q95) + "]";
    const std::string name = x.name + (x.minus_baseline ? " (minus baseline)" : "");
    std::snprintf(line, sizeof line, "%-36s %-20s %-32s %s\n", name.c_str(), observed.c_str(),
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
  if (!c.check.empty()) {
    const CalibrationRecord made = read_calibration_file(c.check);
    if (made.spec_hash != calibration.spec_hash || !made.complete)
      throw ScenarioError(c.check +
                          " is stale: it was made by another spec, base scenario or "
                          "model defaults than " +
                          c.spec + " now gives (" + hash_hex(made.spec_hash) + ", now " +
                          hash_hex(calibration.spec_hash) +
                          "), or is unfinished; make it again with `loom calibrate " + c.spec +
                          " -o " + c.check + "`");
    out << c.check << " is current: made by " << c.spec << " with today's scenarios and model ("
        << hash_hex(made.spec_hash) << ")\n";
    return kOk;
  }
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
  // Slurm array tasks share the work through OUTPUT.parts/
  // (sim/run/shared_folder.hpp); each writes the same file at the end.
  const ShardChoice shard = choose_shard(c.shard, c.shards);
  std::optional<OutputGuard> guard;
  if (shard.count > 1) {
    if (options.executor)
      throw ScenarioError("--shards runs Slurm array tasks; under mpirun give neither");
    auto parts = options.output;
    parts += ".parts";
    options.executor = shared_folder_executor(parts, shard.index, shard.count);
    options.shared_tasks = true;
    options.task_name = "task-" + std::to_string(shard.index + 1);
    // Every task writes the output (the same file), so none may hold the
    // output's lock for the whole run; its checks are made here.
    guard_output(options.output, calibration.base.inputs, c.force, loom_results_output(), 60.0);
  } else if (options.write_files) {
    guard.emplace(guard_output(options.output, calibration.base.inputs, c.force));
  }
  const CalibrationRecord record = run_calibration(calibration, options);
  if (!options.write_files) return kOk;
  print_calibration(record, c.format, out);
  if (c.format == "table") out << "\nWritten: " << options.output.string() << "\n";
  return kOk;
}

int run_posterior_compare(const std::vector<std::string>& files, const CommonOptions& o,
                          std::ostream& out) {
  if (!o.baseline.empty() || !o.variants.empty())
    throw ScenarioError(
        "--posterior compares the scenarios given as files or presets; give the "
        "baseline as the first of them instead of --baseline or --variant");
  PosteriorComparisonRequest q;
  q.scenarios = files;
  q.request = o.request;
  q.posterior = o.posterior;
  q.draws = o.draws;
  const PosteriorComparison r = compare_over_posterior(q);
  if (o.format == "json") {
    out << "{\"calibration\": " << string_literal(r.calibration) << ", \"draws\": " << r.draws
        << ", \"replicates_per_draw\": " << r.replicates << ", \"runs\": " << r.runs
        << ", \"rows\": [";
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      const auto& h = r.rows[i];
      out << (i ? ", " : "") << "{\"field\": " << string_literal(h.field)
          << ", \"scenario\": " << string_literal(h.scenario)
          << ", \"reference\": " << string_literal(r.ids.front())
          << ", \"mean\": " << json_number(h.mean) << ", \"q05\": " << json_number(h.q05)
          << ", \"q95\": " << json_number(h.q95)
          << ", \"share_above_zero\": " << json_number(h.share_above_zero) << "}";
    }
    out << "]}\n";
    return kOk;
  }
  out << "Over the posterior of " << r.calibration << ": " << r.draws << " draws of ";
  for (std::size_t k = 0; k < r.keys.size(); ++k) out << (k ? ", " : "") << r.keys[k];
  out << ", " << r.replicates << " paired runs of each scenario per draw (" << r.runs
      << " runs).\nThe interval is the 5-95% range over draws: parameter uncertainty plus the "
         "noise of "
      << r.replicates << " runs.\n\n";
  char line[320];
  for (const auto& h : r.rows) {
    std::snprintf(line, sizeof line, "%-14s %s minus %s: %s [%s, %s]; above 0 in %s%% of draws\n",
                  h.field.c_str(), h.scenario.c_str(), r.ids.front().c_str(), num(h.mean).c_str(),
                  num(h.q05).c_str(), num(h.q95).c_str(), num(100.0 * h.share_above_zero).c_str());
    out << line;
  }
  return kOk;
}

}  // namespace loom
