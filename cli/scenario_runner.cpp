#include "scenario_runner.hpp"

#include <filesystem>

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
  s.resolved = resolved_toml(s.header, sections);
  return s;
}

EnsembleResult run_scenario(const LoadedScenario& scenario, int threads) {
  const Model& model = *scenario.model;
  const std::uint64_t seed = scenario.header.seed;
  return run_ensemble(
      model.layout(), scenario.header.replicates, threads,
      [&](std::uint64_t replicate) { return model.run(seed, replicate); }, scenario.id);
}

}  // namespace loom
