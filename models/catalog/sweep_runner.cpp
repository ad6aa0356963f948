#include "models/catalog/sweep_runner.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include "models/catalog/model_catalog.hpp"
#include "sim/core/parallel_for.hpp"
#include "sim/experiments/experiment_design.hpp"
#include "sim/input/scenario.hpp"
#include "sim/input/toml_writer.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/result_sinks.hpp"
#include "sim/output/unit_journal.hpp"
#include "sim/output/unit_record.hpp"
#include "sim/run/run_estimate.hpp"
#include "sim/run/run_loop.hpp"

namespace loom {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

DesignMatrix design_for(const SweepSpec& spec) {
  const auto k = spec.factors.size();
  const auto n = static_cast<std::size_t>(spec.samples);
  if (spec.design == "grid") {
    std::vector<std::size_t> levels;
    for (const auto& f : spec.factors) levels.push_back(f.level_count());
    return grid_design(levels);
  }
  if (spec.design == "lhs") return lhs_design(n, k, spec.seed);
  if (spec.design == "sobol") return saltelli_design(n, k);
  return morris_design(n, k, static_cast<std::size_t>(spec.morris_levels), spec.seed);
}

// The design's canonical description: everything that decides what runs,
// apart from the per-point factor values (which are in the points).
std::string design_text(const SweepSpec& spec, const std::string& base_resolved) {
  std::ostringstream s;
  s.precision(17);
  s << "loom-sweep 1\ndesign=" << spec.design << "\nsamples=" << spec.samples
    << "\nmorris_levels=" << spec.morris_levels << "\nrecord=" << spec.record << "\nfactors:\n";
  for (const auto& f : spec.factors) {
    s << f.key << (f.has_range ? " range " : " levels");
    if (f.has_range) s << f.min << " " << f.max;
    for (const double v : f.levels) s << " " << v;
    s << "\n";
  }
  s << "base:\n" << base_resolved.size() << "\n" << base_resolved;
  return s.str();
}

TableColumn factor_column(const SweepFactor& f, const std::vector<std::vector<double>>& values,
                          std::size_t c) {
  const ParameterInfo& info = *f.info;
  if (info.kind == ValueKind::kChoice) {
    std::vector<std::string> v;
    for (const auto& row : values) v.emplace_back(info.choices[static_cast<std::size_t>(row[c])]);
    return {f.key, std::move(v)};
  }
  if (info.kind == ValueKind::kInteger || info.kind == ValueKind::kBoolean) {
    std::vector<std::int64_t> v;
    for (const auto& row : values) v.push_back(static_cast<std::int64_t>(row[c]));
    return {f.key, std::move(v)};
  }
  std::vector<double> v;
  for (const auto& row : values) v.push_back(row[c]);
  return {f.key, std::move(v)};
}

}  // namespace

std::unique_ptr<Model> PreparedSweep::model_for(std::size_t point) const {
  std::vector<std::string> keys;
  for (const auto& f : spec.factors) keys.push_back(f.key);
  return base.model_with(keys, values[point]);
}

std::uint64_t sweep_memory_bytes(std::uint64_t points, std::uint64_t replicates,
                                 std::size_t factors) {
  return points * (kSweepBytesPerPoint + kSweepBytesPerFactorValue * factors) +
         points * replicates * kSweepBytesPerUnit;
}

PreparedSweep prepare_sweep(const std::filesystem::path& spec_path, bool force) {
  PreparedSweep sweep;
  sweep.spec = load_sweep_spec(spec_path);
  SweepSpec& spec = sweep.spec;
  // Before the design is built: a design too large for this machine is
  // refused now, not by std::bad_alloc after a minute (a 50M-point Sobol
  // design under a 6 GB cap once did).
  {
    const std::uint64_t points = sweep_point_count(spec);
    const std::uint64_t need = sweep_memory_bytes(points, spec.replicates, spec.factors.size());
    std::string source;
    const std::uint64_t available = available_memory(&source);
    if (!force && available > 0 && need > available) {
      throw EstimateRefused(spec_path.string() + ": " + std::to_string(points) +
                            " design points x " + std::to_string(spec.replicates) +
                            " replicates need about " + format_bytes(static_cast<double>(need)) +
                            " of memory to prepare and record, more than the " +
                            format_bytes(static_cast<double>(available)) + " available (" + source +
                            "): lower sweep.samples or the levels, or split the study into "
                            "several sweeps; --force tries anyway");
    }
  }
  // The base: a scenario file, or a model with its defaults.
  sweep.base =
      load_base_scenario(spec_path, spec.base.empty() ? std::filesystem::path() : spec.base_path,
                         spec.model, spec.base_where, "sweep.model");
  ScenarioHeader header = sweep.base.header;
  spec.model = header.model;
  header.seed = spec.seed;
  header.replicates = static_cast<int>(spec.replicates);
  const auto sections = sweep.base.model->sections();
  resolve_factors(spec, sections);
  const std::string base_resolved = resolved_toml(header, sections);

  DesignMatrix design;
  try {
    design = design_for(spec);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(spec.design_where + ": sweep.design '" + spec.design + "': " + e.what());
  }
  sweep.info.model = spec.model;
  const std::size_t k = spec.factors.size();
  sweep.values.resize(design.rows, std::vector<double>(k));
  std::vector<PlanPoint> points;
  points.reserve(design.rows);
  for (std::size_t p = 0; p < design.rows; ++p) {
    std::string text;
    for (std::size_t c = 0; c < k; ++c) {
      const auto& f = spec.factors[c];
      sweep.values[p][c] = f.value_at(design.at(p, c));
      text += f.key + "=" + format_value(*f.info, sweep.values[p][c]) + "\n";
    }
    points.push_back({"p" + std::to_string(p), spec.model, std::move(text), spec.seed,
                      static_cast<std::uint64_t>(spec.replicates)});
  }
  // Cross-field checks of every point, before anything runs; and one time
  // axis for all (a factor such as school.years changes it, which a
  // recorded time series cannot hold in one runs x steps x metrics array).
  auto point_values = [&](std::size_t p) {
    std::string values;
    for (std::size_t c = 0; c < k; ++c)
      values += (c ? ", " : "") + spec.factors[c].key + " = " +
                format_value(*spec.factors[c].info, sweep.values[p][c]);
    return values;
  };
  OutputLayout layout;
  for (std::size_t p = 0; p < design.rows; ++p) {
    const auto model = sweep.model_for(p);
    try {
      model->validate();
    } catch (const std::invalid_argument& e) {
      throw ScenarioError(spec.path.string() + ": design point " + std::to_string(p) + " (" +
                          point_values(p) + ") is not a valid scenario: " + e.what() +
                          " (narrow the factors' ranges, or change the base)");
    }
    const OutputLayout l = model->layout();
    if (p == 0) {
      layout = l;
    } else if (spec.records_series() && (l.steps != layout.steps || l.metrics != layout.metrics)) {
      throw ScenarioError(spec.path.string() + ": design point " + std::to_string(p) + " (" +
                          point_values(p) + ") has " + std::to_string(l.steps) +
                          " time steps, point 0 has " + std::to_string(layout.steps) +
                          ": record = \"" + spec.record +
                          "\" needs one time axis for every point (record \"summary\", or do not "
                          "vary the run's length)");
    }
  }
  sweep.plan = RunPlan(std::move(points), design_text(spec, base_resolved));

  SweepFileInfo& info = sweep.info;
  info.model = spec.model;
  info.base = spec.base;
  info.design = spec.design;
  info.record = spec.record;
  info.spec_text = spec.text;
  info.base_resolved = base_resolved;
  info.samples = spec.samples;
  info.replicates = spec.replicates;
  info.morris_levels = spec.design == "morris" ? spec.morris_levels : 0;
  info.seed = spec.seed;
  info.plan_hash = sweep.plan.hash();
  info.points = design.rows;
  info.units_total = sweep.plan.unit_count();
  info.layout = layout;
  std::vector<std::int64_t> point_ids(design.rows);
  for (std::size_t p = 0; p < design.rows; ++p) point_ids[p] = static_cast<std::int64_t>(p);
  info.points_table.push_back({"point", std::move(point_ids)});
  for (std::size_t c = 0; c < k; ++c) {
    info.factor_names.push_back(spec.factors[c].key);
    info.points_table.push_back(factor_column(spec.factors[c], sweep.values, c));
  }
  for (std::size_t c = 0; c < k; ++c) {
    std::vector<double> u(design.rows);
    for (std::size_t p = 0; p < design.rows; ++p) u[p] = design.at(p, c);
    info.points_table.push_back({"u:" + spec.factors[c].key, std::move(u)});
  }
  return sweep;
}

UnitRunner sweep_unit_runner(const PreparedSweep& sweep) {
  return [&sweep](const PlanUnit& unit) {
    const auto model = sweep.model_for(unit.point);
    // record = "summary" stores the summary rows alone: the model may skip
    // what only the series and events need (the same summary either way).
    if (!sweep.spec.records_series()) model->set_summary_only(true);
    return model->run(sweep.spec.seed, unit.replicate);
  };
}

std::vector<std::uint64_t> shard_units(std::uint64_t unit_count, std::uint64_t index,
                                       std::uint64_t count) {
  std::vector<std::uint64_t> units;
  if (count == 0 || index >= count) return units;
  units.reserve(static_cast<std::size_t>(unit_count / count + 1));
  for (std::uint64_t u = index; u < unit_count; u += count) units.push_back(u);
  return units;
}

std::filesystem::path journal_path(const std::filesystem::path& output) {
  auto p = output;
  p += ".journal";
  return p;
}

void write_sweep_results(const PreparedSweep& sweep, const std::filesystem::path& journal,
                         const std::filesystem::path& output, const std::string& command_line,
                         std::uint64_t shard_index, std::uint64_t shard_count) {
  SweepFileInfo info = sweep.info;
  info.shard_index = shard_index;
  info.shard_count = shard_count;
  Hdf5Writer out(output);
  write_provenance(out, command_line);
  SweepFileWriter writer(out, info);
  UnitJournal::read(journal, [&](std::span<const unsigned char> payload) {
    std::uint64_t unit = 0;
    const RunOutput output_of_unit = decode_unit(payload, &unit);
    const PlanUnit u = sweep.plan.unit(unit);
    writer.add(unit, u.point, u.replicate, output_of_unit);
  });
  writer.finish();
  out.commit();
}

SweepReport run_sweep(const PreparedSweep& sweep, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  SweepReport report;
  report.plan_hash = sweep.plan.hash();
  const std::vector<std::uint64_t> shard =
      shard_units(sweep.plan.unit_count(), options.shard_index, options.shard_count);
  report.units_in_shard = shard.size();
  const auto journal_file = journal_path(options.output);
  const JournalHeader header{report.plan_hash, options.shard_index, options.shard_count};
  std::error_code ec;
  const bool journal_exists = std::filesystem::exists(journal_file, ec);
  if (options.resume && !journal_exists && std::filesystem::exists(options.output, ec)) {
    // --resume of a shard that already finished (a resubmitted array task
    // whose first run succeeded) once ran all of it again.
    try {
      const Hdf5Reader done_file(options.output);
      const SweepFileInfo found = read_sweep_info(done_file);
      if (found.plan_hash == report.plan_hash && found.shard_index == options.shard_index &&
          found.shard_count == options.shard_count &&
          done_file.number_attribute("/sweep", "complete") == 1.0) {
        report.already_complete = true;
        report.units_resumed = shard.size();
        report.seconds = seconds_since(start);
        return report;
      }
    } catch (const Hdf5Error&) {
      // Not that sweep's finished file: the output guard has already
      // decided whether it may be replaced.
    }
  }
  if (journal_exists && !options.resume) {
    throw ScenarioError(journal_file.string() +
                        " holds the finished units of an interrupted sweep: add --resume to "
                        "continue it, or delete it to start again");
  }
  std::set<std::uint64_t> done;
  std::optional<UnitJournal> journal;
  if (journal_exists) {
    // Records come in unit order, each once (the loop delivers in list
    // order). Anything else is damage, said now: a journal with a repeated
    // record once failed only after every other unit had run again, and
    // then on every later --resume.
    std::optional<std::uint64_t> last;
    try {
      journal.emplace(
          UnitJournal::resume(journal_file, header, [&](std::span<const unsigned char> p) {
            std::uint64_t unit = 0;
            decode_unit(p, &unit);
            if (last && unit <= *last) {
              throw ScenarioError(journal_file.string() + ": unit " + std::to_string(unit) +
                                  " comes after unit " + std::to_string(*last) +
                                  ": the journal is damaged (a repeated or misplaced record); "
                                  "delete it to run the sweep again from the start");
            }
            last = unit;
            done.insert(unit);
          }));
    } catch (const JournalError& e) {  // an input here: exit 2, and what to do
      throw ScenarioError(std::string(e.what()) +
                          "; delete it to run the sweep again from the start");
    }
  } else {
    journal.emplace(UnitJournal::create(journal_file, header));
  }
  std::vector<std::uint64_t> todo;
  todo.reserve(shard.size() - std::min(shard.size(), done.size()));
  for (const auto u : shard) {
    if (!done.count(u)) todo.push_back(u);
  }
  report.units_resumed = shard.size() - todo.size();

  const UnitRecordOptions record{sweep.spec.records_series(), sweep.spec.records_events()};
  std::string label = sweep.spec.path.filename().string();
  if (options.shard_count > 1)
    label += " shard " + std::to_string(options.shard_index + 1) + "/" +
             std::to_string(options.shard_count);
  ProgressObserver progress(label, options.progress);
  LoopOptions loop;
  loop.threads = options.threads;
  loop.observers = {&progress};
  // Every finished unit goes to the journal, which is put on disk at least
  // every sync_seconds (and at the end).
  double journal_seconds = 0.0;
  auto last_sync = std::chrono::steady_clock::now();
  const RecordDelivery deliver = [&](std::uint64_t, std::span<const unsigned char> bytes) {
    const auto t = std::chrono::steady_clock::now();
    journal->append(bytes);
    if (std::chrono::duration<double>(t - last_sync).count() >= options.sync_seconds) {
      journal->sync();
      last_sync = std::chrono::steady_clock::now();
    }
    journal_seconds += seconds_since(t);
  };
  const UnitRunner runner = sweep_unit_runner(sweep);
  const RecordExecutor& executor = options.executor ? options.executor : execute_records;
  if (!options.executor && !todo.empty()) {
    // The time estimate, measured as loom run measures it
    // (sim/run/run_estimate.hpp) but without running anything twice: the
    // shard's first few units run first, into the journal like any other
    // (the journal must stay in unit order, so they are its first units,
    // not a spread), and the rest is their mean cost times what is left.
    const std::size_t n = std::min<std::size_t>(todo.size(), kSweepCalibrationUnits);
    const std::vector<std::uint64_t> first(todo.begin(), todo.begin() + static_cast<long>(n));
    const auto t = std::chrono::steady_clock::now();
    LoopOptions quiet = loop;
    quiet.observers = {};
    executor(sweep.plan, first, runner, record, deliver, quiet);
    const double workers = std::max(1, resolve_thread_count(options.threads));
    const double calibrated = static_cast<double>(n);
    const double per_unit = seconds_since(t) * std::min(workers, calibrated) / calibrated;
    std::vector<std::uint64_t> rest(todo.begin() + static_cast<long>(n), todo.end());
    const double seconds = per_unit * static_cast<double>(rest.size()) / workers;
    if (seconds > kDefaultTimeLimitSeconds && !options.force) {
      if (report.units_resumed == 0) {  // nothing of value in it yet
        journal.reset();
        std::filesystem::remove(journal_file, ec);
      }
      throw EstimateRefused(
          "the sweep would take about " + format_long_duration(seconds) + " on " +
          std::to_string(static_cast<int>(workers)) + " thread(s) (" + std::to_string(rest.size()) +
          " runs left at about " + format_long_duration(per_unit) + " each, measured on " +
          std::to_string(n) +
          "), more than 24 h: shard it over a cluster (--shard, or mpirun), lower "
          "sweep.samples, or add --force to run it anyway");
    }
    if (options.progress != ProgressObserver::Mode::kQuiet && seconds >= 10.0)
      std::cerr << "Estimate: about " << format_long_duration(seconds) << "\n";
    todo = std::move(rest);
  }
  executor(sweep.plan, todo, runner, record, deliver, loop);
  const auto write_start = std::chrono::steady_clock::now();
  journal->sync();
  journal.reset();
  report.units_run = shard.size() - report.units_resumed;
  write_sweep_results(sweep, journal_file, options.output, options.command_line,
                      options.shard_index, options.shard_count);
  std::filesystem::remove(journal_file, ec);
  report.write_seconds = journal_seconds + seconds_since(write_start);
  report.seconds = seconds_since(start);
  return report;
}

}  // namespace loom
