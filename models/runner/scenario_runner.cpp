#include "scenario_runner.hpp"

#include <chrono>
#include <filesystem>

#include "sim/run_loop.hpp"

namespace loom {

LoadedScenario load_scenario(const std::string& path, const RunRequest& request) {
  ScenarioFile file = ScenarioFile::load(path);
  LoadedScenario s;
  s.id = std::filesystem::path(path).stem().string();
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
  if (request.replicates) s.header.replicates = *request.replicates;
  if (request.seed) s.header.seed = *request.seed;
  try {
    s.model->validate();
  } catch (const ParameterConflict& e) {
    throw ScenarioError(origins.explain(e, path));
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(path + ": " + e.what());
  }
  for (const std::string& w : s.model->warnings()) s.warnings.push_back(path + ": warning: " + w);
  s.model->set_threads(request.threads);
  s.resolved = resolved_toml(s.header, sections);
  return s;
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

EnsembleResult run_scenario(const LoadedScenario& scenario, int threads) {
  const Model& model = *scenario.model;
  const std::uint64_t seed = scenario.header.seed;
  const RunPlan plan({{scenario.id, scenario.header.model, scenario.resolved, seed,
                       static_cast<std::uint64_t>(std::max(scenario.header.replicates, 0))}});
  MemorySink sink(plan, {model.layout()});
  LoopOptions options;
  options.threads = threads;
  execute(
      plan, [&](const PlanUnit& unit) { return model.run(seed, unit.replicate); }, sink, options);
  return std::move(sink.results().front());
}

FileRunReport run_to_file(const std::vector<LoadedScenario>& scenarios,
                          const FileRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const RunPlan plan = make_plan(scenarios);
  std::vector<OutputLayout> layouts;
  std::vector<ScenarioGroup> groups;
  for (const auto& s : scenarios) {
    layouts.push_back(s.model->layout());
    groups.push_back({s.id, s.header, s.resolved, layouts.back()});
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
  execute(plan, unit_runner(scenarios), sink, loop);
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
