#include "models/catalog/calibration_runner.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "sim/input/toml_writer.hpp"
#include "sim/output/unit_record.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {
namespace {

std::string point_text(const CalibrationSpec& spec, const std::vector<double>& theta) {
  std::ostringstream s;
  s.precision(17);
  for (std::size_t k = 0; k < theta.size(); ++k) s << spec.priors[k].key << "=" << theta[k] << "\n";
  return s.str();
}

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

}  // namespace

void write_checkpoint(const CalibrationRecord& record, const CalibrationOptions& options) {
  if (options.write_files && !options.shared_tasks)
    write_calibration_file(checkpoint_path(options.output), record, options.command_line);
}

void write_finished(const CalibrationRecord& record, const CalibrationOptions& options) {
  if (!options.write_files) return;
  if (options.shared_tasks) {
    auto mine = options.output;
    mine += "." + options.task_name;
    write_calibration_file(mine, record, options.command_line);
    std::filesystem::rename(mine, options.output);
    return;
  }
  write_calibration_file(options.output, record, options.command_line);
  std::error_code ec;
  std::filesystem::remove(checkpoint_path(options.output), ec);
}

PreparedCalibration prepare_calibration(const std::filesystem::path& spec_path) {
  PreparedCalibration c;
  c.spec = load_calibration_spec(spec_path);
  CalibrationSpec& spec = c.spec;
  c.base =
      load_base_scenario(spec_path, spec.base_path, spec.model, spec.base_where, "calibrate.model");
  spec.model = c.base.header.model;
  c.layout = c.base.model->layout();
  const auto sections = c.base.model->sections();
  resolve_calibration(spec, sections, c.layout);
  ScenarioHeader header = c.base.header;
  header.seed = spec.seed;
  header.replicates = static_cast<int>(spec.replicates);
  c.base_resolved = resolved_toml(header, sections);
  if (!spec.baseline.empty()) {
    c.baseline = load_base_scenario(spec_path, spec.baseline_path, "", spec.baseline_where,
                                    "calibrate.baseline");
    const OutputLayout other = c.baseline->model->layout();
    if (c.baseline->header.model != spec.model || other.steps != c.layout.steps ||
        other.metrics != c.layout.metrics || other.summary != c.layout.summary)
      throw ScenarioError(spec.baseline_where + ": calibrate.baseline '" + spec.baseline +
                          "' must be the same model with the same time axis as the base (" +
                          spec.model + ", " + std::to_string(c.layout.steps) +
                          " steps), to be "
                          "subtracted from it");
    ScenarioHeader h = c.baseline->header;
    h.seed = spec.seed;
    h.replicates = static_cast<int>(spec.replicates);
    c.base_resolved += "\n# baseline\n" + resolved_toml(h, c.baseline->model->sections());
    c.base.inputs.insert(c.base.inputs.end(), c.baseline->inputs.begin(), c.baseline->inputs.end());
  }
  c.spec_hash = fnv1a64(spec.text + "\n" + c.base_resolved);
  return c;
}

std::filesystem::path checkpoint_path(const std::filesystem::path& output) {
  auto p = output;
  p += ".checkpoint";
  return p;
}

std::vector<std::vector<double>> simulate_targets(const PreparedCalibration& c,
                                                  const std::vector<std::vector<double>>& thetas,
                                                  const std::vector<std::uint64_t>& seeds,
                                                  const CalibrationOptions& options,
                                                  const std::string& label, std::uint64_t* runs,
                                                  std::vector<std::vector<double>>* mean_variance) {
  const CalibrationSpec& spec = c.spec;
  const std::vector<std::string> keys = prior_keys(spec.priors);
  const std::size_t targets = spec.targets.size();
  const auto replicates = static_cast<std::uint64_t>(spec.replicates);
  bool needs_series = false;
  for (const auto& t : spec.targets) needs_series = needs_series || t.is_metric;
  // Parameters the model's own cross-field checks refuse are not run:
  // their targets stay missing, so ABC never accepts them. With a baseline
  // each proposal is two points, the base and the baseline, on the same
  // seed: paired by replicate (common random numbers within a proposal,
  // which sharpen a difference and bias nothing).
  const std::size_t per = c.baseline ? 2 : 1;
  const auto scenario_of = [&](std::size_t which) -> const BaseScenario& {
    return which == 0 ? c.base : *c.baseline;
  };
  std::vector<std::size_t> valid;
  std::vector<PlanPoint> points;
  for (std::size_t i = 0; i < thetas.size(); ++i) {
    try {
      for (std::size_t w = 0; w < per; ++w) scenario_of(w).model_with(keys, thetas[i])->validate();
    } catch (const std::invalid_argument&) {
      continue;
    }
    valid.push_back(i);
    for (std::size_t w = 0; w < per; ++w)
      points.push_back({"proposal" + std::to_string(i) + (w ? "-baseline" : ""), spec.model,
                        point_text(spec, thetas[i]), seeds[i], replicates});
  }
  std::vector<std::vector<double>> means(thetas.size(), std::vector<double>(targets, kMissing));
  if (mean_variance) mean_variance->assign(thetas.size(), std::vector<double>(targets, kMissing));
  if (points.empty()) return means;
  const RunPlan plan(std::move(points), "loom-calibrate 1");
  const UnitRunner runner = [&](const PlanUnit& unit) {
    const auto model =
        scenario_of(unit.point % per).model_with(keys, thetas[valid[unit.point / per]]);
    if (!needs_series) model->set_summary_only(true);
    const RunOutput full = model->run(plan.points()[unit.point].seed, unit.replicate);
    RunOutput out;
    for (const auto& t : spec.targets) out.summary.push_back(t.value_in(full, c.layout));
    return out;
  };
  std::vector<std::uint64_t> units(plan.unit_count());
  std::iota(units.begin(), units.end(), std::uint64_t{0});
  ProgressObserver progress(label, options.progress);
  LoopOptions loop;
  loop.threads = options.threads;
  loop.observers = {&progress};
  std::vector<double> flat;
  flat.reserve(units.size() * targets);
  const RecordExecutor& execute =
      options.executor ? options.executor : RecordExecutor(execute_records);
  execute(
      plan, units, runner, UnitRecordOptions{},
      [&](std::uint64_t, std::span<const unsigned char> record) {
        const RunOutput r = decode_unit(record, nullptr);
        flat.insert(flat.end(), r.summary.begin(), r.summary.end());
      },
      loop);
  if (options.share) options.share(flat);
  if (flat.size() != units.size() * targets)
    throw std::runtime_error("calibrate: a batch came back incomplete across ranks");
  if (runs) *runs += units.size();
  // The mean over the replicates that have a value (for a difference, the
  // replicates where both have one), summed in unit order: the same bits on
  // any thread or rank count.
  const auto value = [&](std::size_t p, std::size_t which, std::uint64_t r, std::size_t t) {
    return flat[((p * per + which) * replicates + r) * targets + t];
  };
  for (std::size_t p = 0; p < valid.size(); ++p) {
    for (std::size_t t = 0; t < targets; ++t) {
      double sum = 0.0, sum_sq = 0.0;
      std::size_t n = 0;
      for (std::uint64_t r = 0; r < replicates; ++r) {
        const double v = spec.targets[t].minus_baseline ? value(p, 0, r, t) - value(p, 1, r, t)
                                                        : value(p, 0, r, t);
        if (!std::isnan(v)) {
          sum += v;
          sum_sq += v * v;
          ++n;
        }
      }
      const double mean = n == 0 ? kMissing : sum / static_cast<double>(n);
      means[valid[p]][t] = mean;
      if (mean_variance && n > 0) {
        const double k = static_cast<double>(n);
        (*mean_variance)[valid[p]][t] =
            n < 2 ? 0.0 : std::max(0.0, (sum_sq - k * mean * mean) / (k - 1.0)) / k;
      }
    }
  }
  return means;
}

CalibrationRecord run_calibration(const PreparedCalibration& c, const CalibrationOptions& options) {
  const CalibrationSpec& spec = c.spec;
  CalibrationRecord record;
  record.method = spec.method;
  record.model = spec.model;
  record.base = spec.base;
  record.baseline = spec.baseline;
  record.spec_text = spec.text;
  record.base_resolved = c.base_resolved;
  record.seed = spec.seed;
  record.spec_hash = c.spec_hash;
  record.replicates = spec.replicates;
  record.particles = spec.particles;
  record.priors = spec.priors;
  record.targets = spec.targets;

  const auto checkpoint = checkpoint_path(options.output);
  std::error_code ec;
  if (std::filesystem::exists(checkpoint, ec)) {
    if (!options.resume)
      throw ScenarioError(checkpoint.string() +
                          " holds the finished generations of an interrupted calibration: add "
                          "--resume to continue it, or delete it to start again");
    CalibrationRecord saved;
    try {
      saved = read_calibration_file(checkpoint);
    } catch (const std::exception& e) {
      throw ScenarioError(checkpoint.string() + ": cannot be resumed (" + e.what() +
                          "); delete it to start again");
    }
    if (saved.spec_hash != c.spec_hash)
      throw ScenarioError(checkpoint.string() + " was made by another spec or base scenario (" +
                          hash_hex(saved.spec_hash) + ", now " + hash_hex(c.spec_hash) +
                          "): delete it to start again, or restore the spec");
    record.generations = std::move(saved.generations);
    record.runs = saved.runs;
    if (options.progress != ProgressObserver::Mode::kQuiet)
      std::fprintf(stderr, "Resuming after generation %zu (%llu runs done)\n",
                   record.generations.back().index, static_cast<unsigned long long>(record.runs));
  }

  if (spec.method == "history-matching") return run_history_matching(c, options, std::move(record));

  AbcSettings settings;
  settings.particles = static_cast<std::size_t>(spec.particles);
  settings.generations = static_cast<std::size_t>(spec.generations);
  settings.min_acceptance = spec.min_acceptance;
  settings.tolerance_quantile = spec.tolerance_quantile;
  settings.seed = spec.seed;
  const auto stop_reason = [&](const AbcGeneration& g) -> std::string {
    if (!g.complete)
      return "generation " + std::to_string(g.index) + " found " +
             std::to_string(g.particles.size()) + " of " + std::to_string(spec.particles) +
             " particles in " + std::to_string(g.proposals) +
             " proposals (acceptance below min_acceptance)";
    if (g.index > 0 && g.acceptance_rate < spec.min_acceptance)
      return "acceptance " + fixed(g.acceptance_rate, 4) + " fell below min_acceptance";
    if (g.index >= settings.generations) return "all generations run";
    return "";
  };
  const auto started = std::chrono::steady_clock::now();
  while (record.generations.empty() || stop_reason(record.generations.back()).empty()) {
    const std::size_t index = record.generations.empty() ? 0 : record.generations.back().index + 1;
    const AbcGeneration* previous =
        record.generations.empty() ? nullptr : &record.generations.back();
    const AbcSimulator simulate = [&](std::size_t g, std::uint64_t first,
                                      const std::vector<std::vector<double>>& thetas) {
      std::vector<std::uint64_t> seeds;
      for (std::size_t i = 0; i < thetas.size(); ++i)
        seeds.push_back(abc_particle_seed(spec.seed, g, first + i));
      return simulate_targets(c, thetas, seeds, options, "generation " + std::to_string(g),
                              &record.runs);
    };
    AbcGeneration g =
        abc_generation(spec.priors, spec.targets, settings, index, previous, simulate);
    if (options.progress != ProgressObserver::Mode::kQuiet) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr,
                   "generation %zu: tolerance %s, %zu of %llu proposals accepted (%s%%), ESS %s, "
                   "%llu runs, %s s\n",
                   g.index, std::isinf(g.tolerance) ? "none" : fixed(g.tolerance, 4).c_str(),
                   g.particles.size(), static_cast<unsigned long long>(g.proposals_needed),
                   fixed(100.0 * g.acceptance_rate, 1).c_str(), fixed(g.ess, 1).c_str(),
                   static_cast<unsigned long long>(record.runs), fixed(seconds, 1).c_str());
    }
    record.generations.push_back(std::move(g));
    write_checkpoint(record, options);
  }
  record.stop_reason = stop_reason(record.generations.back());
  record.complete = true;
  if (!record.posterior())
    record.stop_reason += "; no generation is complete, so there is no posterior";
  write_finished(record, options);
  return record;
}

}  // namespace loom
