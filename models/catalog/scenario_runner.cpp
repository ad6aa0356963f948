#include "models/catalog/scenario_runner.hpp"

#include <chrono>
#include <filesystem>

#include "models/catalog/model_catalog.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/toml_writer.hpp"
#include "sim/run/run_loop.hpp"

namespace loom {

LoadedScenario load_scenario(const std::string& path, const RunRequest& request) {
  ScenarioFile file = ScenarioFile::load(path);
  LoadedScenario s;
  s.id = std::filesystem::path(path).stem().string();
  // The id names the scenario's HDF5 group (/scenarios/<id>) and `loom
  // run`'s default output: "..toml" would give ".", which HDF5 reads as the
  // group itself (the run used to fail only after computing everything).
  if (s.id.empty() || s.id == "." || s.id == "..") {
    throw ScenarioError(path +
                        ": the file name has no name before its extension, and that name "
                        "identifies the scenario in results; rename the file (e.g. "
                        "my-scenario.toml)");
  }
  s.header = file.header();
  if (s.header.name.empty()) s.header.name = s.id;
  try {
    s.model = make_model(s.header.model);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(file.header_origin("model") + ": scenario.model: " + e.what());
  }
  const auto sections = s.model->sections();
  ValueOrigins origins;  // so a cross-field error names file:line or --set
  file.apply(sections, &origins);
  for (const auto& assignment : request.overrides) apply_override(sections, assignment, &origins);
  s.inputs = file.files();
  for (auto& f : data_files(sections)) s.inputs.push_back(std::move(f));
  if (request.replicates) s.header.replicates = *request.replicates;
  if (request.seed) s.header.seed = *request.seed;
  try {
    s.model->validate();
  } catch (const ParameterConflict& e) {
    throw ScenarioError(origins.explain(e, path));
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(path + ": " + e.what());
  }
  Schedule schedule = file.schedule(sections);
  check_schedule(*s.model, schedule);
  s.model->set_schedule(std::move(schedule));
  for (const std::string& n : origins.notes()) s.warnings.push_back(n);
  for (const std::string& w : s.model->warnings()) s.warnings.push_back(path + ": warning: " + w);
  s.model->set_threads(request.threads);
  s.resolved = resolved_toml(s.header, sections, s.model->schedule());
  return s;
}

void check_schedule(Model& model, const Schedule& schedule) {
  if (schedule.empty()) return;
  const auto calendar = model.schedule_calendar();
  if (!calendar) {
    throw ScenarioError(schedule.front().origin +
                        ": [[schedule]]: this model has no school years to schedule changes on");
  }
  for (const auto& change : schedule) {
    if (change.year > calendar->years) {
      throw ScenarioError(change.origin + ": [[schedule]] year " + std::to_string(change.year) +
                          " is after the run ends: allowed 1 to " +
                          std::to_string(calendar->years) + " (school.years)");
    }
    if (change.week > calendar->weeks_per_year) {
      throw ScenarioError(change.origin + ": [[schedule]] week " + std::to_string(change.week) +
                          " is past the end of a school year: allowed 1 to " +
                          std::to_string(calendar->weeks_per_year) + " (school.weeks_per_year)");
    }
  }
  // Every value in force after each entry must pass the model's combined
  // checks; the scenario's own values are put back afterwards.
  const auto sections = model.sections();
  std::vector<std::vector<double>> saved;
  for (const auto* section : sections) {
    saved.emplace_back();
    for (std::size_t i = 0; i < section->parameters().size(); ++i)
      saved.back().push_back(section->get(i));
  }
  const auto restore = [&] {
    for (std::size_t k = 0; k < sections.size(); ++k) {
      for (std::size_t i = 0; i < saved[k].size(); ++i) sections[k]->set(i, saved[k][i]);
    }
  };
  try {
    for (const auto& change : schedule) {
      for (const auto& v : change.values) {
        for (auto* section : sections) {
          std::size_t index = 0;
          if (section->name() == v.section && section->find(v.key, &index))
            section->set(index, v.value);
        }
      }
      try {
        model.validate();
      } catch (const std::invalid_argument& e) {
        throw ScenarioError(change.origin + ": [[schedule]] from " + change.when() +
                            " on: " + e.what());
      }
    }
  } catch (...) {
    restore();
    throw;
  }
  restore();
}

LoadedScenario load_baseline(const std::string& path, const LoadedScenario& reference,
                             const RunRequest& request) {
  RunRequest same = request;
  same.seed = reference.header.seed;
  same.replicates = reference.header.replicates;
  LoadedScenario b = load_scenario(path, same);
  if (b.header.model != reference.header.model) {
    throw ScenarioError(path +
                        ": --baseline must be a scenario of the same model as the "
                        "compared ones ('" +
                        reference.header.model + "'), not '" + b.header.model + "'");
  }
  b.role = "baseline";
  return b;
}

void make_ids_unique(std::vector<LoadedScenario>& scenarios) {
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (scenarios[j].id == scenarios[i].id) scenarios[i].id += "-" + std::to_string(i + 1);
    }
  }
}

RunPlan make_plan(const std::vector<LoadedScenario>& scenarios) {
  std::vector<PlanPoint> points;
  for (const auto& s : scenarios) {
    points.push_back({s.id, s.header.model, s.resolved, s.header.seed,
                      static_cast<std::uint64_t>(std::max(s.header.replicates, 0))});
  }
  return RunPlan(std::move(points));
}

UnitRunner unit_runner(const std::vector<LoadedScenario>& scenarios) {
  return [&scenarios](const PlanUnit& unit) {
    const LoadedScenario& s = scenarios[unit.point];
    return s.model->run(s.header.seed, unit.replicate);
  };
}

namespace {

std::vector<EnsembleResult> execute_in_memory(const RunPlan& plan,
                                              std::vector<OutputLayout> layouts,
                                              const UnitRunner& run, int threads) {
  MemorySink sink(plan, std::move(layouts));
  LoopOptions options;
  options.threads = threads;
  execute(plan, run, sink, options);
  return std::move(sink.results());
}

}  // namespace

EnsembleResult run_scenario(const LoadedScenario& scenario, int threads) {
  const Model& model = *scenario.model;
  const std::uint64_t seed = scenario.header.seed;
  const RunPlan plan({{scenario.id, scenario.header.model, scenario.resolved, seed,
                       static_cast<std::uint64_t>(std::max(scenario.header.replicates, 0))}});
  return std::move(execute_in_memory(
                       plan, {model.layout()},
                       [&](const PlanUnit& unit) { return model.run(seed, unit.replicate); },
                       threads)
                       .front());
}

std::vector<EnsembleResult> run_in_memory(const std::vector<LoadedScenario>& scenarios,
                                          int threads) {
  std::vector<OutputLayout> layouts;
  for (const auto& s : scenarios) layouts.push_back(s.model->layout());
  return execute_in_memory(make_plan(scenarios), std::move(layouts), unit_runner(scenarios),
                           threads);
}

RunEstimate estimate_file_run(const std::vector<LoadedScenario>& scenarios, int threads) {
  const RunPlan plan = make_plan(scenarios);
  EstimateOptions options;
  options.threads = threads;
  for (const auto& s : scenarios) {
    options.kept_bytes_per_unit.push_back(2 * sizeof(double) * s.model->layout().summary.size());
  }
  return estimate_run(plan, unit_runner(scenarios), options);
}

FileRunReport run_to_file(const std::vector<LoadedScenario>& scenarios,
                          const FileRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const RunPlan plan = make_plan(scenarios);
  std::vector<OutputLayout> layouts;
  std::vector<ScenarioGroup> groups;
  for (const auto& s : scenarios) {
    layouts.push_back(s.model->layout());
    groups.push_back({s.id, s.header, s.resolved, layouts.back(), s.role});
  }
  Hdf5Writer out(options.output);
  write_provenance(out, options.command_line);
  // HDF5 lists groups alphabetically; this keeps the command's order (the
  // first scenario is the reference of the printed differences).
  std::vector<std::string> order;
  for (const auto& s : scenarios) order.push_back(s.id);
  out.strings("/scenario_order", order);

  Hdf5StreamSink file_sink(out, plan, std::move(groups));
  SummarySink sink(plan, layouts, &file_sink);
  std::string label = options.progress_label;
  if (label.empty()) {
    for (const auto& s : scenarios) label += (label.empty() ? "" : ", ") + s.id;
  }
  ProgressObserver progress(label, options.progress);
  LoopOptions loop;
  loop.threads = options.threads;
  loop.observers = {&progress};
  // Year-end values first: the file sink then compresses the series.
  loop.prepare = [&sink, &file_sink](const PlanUnit& unit, RunOutput& output) {
    sink.prepare(unit, output);
    file_sink.prepare(unit, output);
  };
  UnitRunner runner = unit_runner(scenarios);
  if (options.estimate) runner = reusing_measured(*options.estimate, std::move(runner));
  execute(plan, runner, sink, loop);
  file_sink.finish();
  out.commit();

  FileRunReport report;
  report.summaries = sink.points();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.write_seconds = file_sink.write_seconds();
  report.plan_hash = plan.hash();
  return report;
}

}  // namespace loom
