#pragma once
// Loading a scenario for a model and running its replicates: shared by
// `loom run` and `loom compare` (and, later, the viewer's what-if mode).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "sim/ensemble.hpp"
#include "sim/scenario.hpp"

namespace loom {

struct RunRequest {
  std::optional<int> replicates;       // overrides the scenario's
  std::optional<std::uint64_t> seed;   // overrides the scenario's
  std::vector<std::string> overrides;  // --set section.key=value
  int threads = 0;                     // 0 = all
};

struct LoadedScenario {
  std::string id;         // group name in the results file (file stem)
  ScenarioHeader header;  // after command-line overrides
  std::unique_ptr<Model> model;
  std::string resolved;  // resolved TOML
};

// Throws ScenarioError for any problem with the file or the overrides.
LoadedScenario load_scenario(const std::string& path, const RunRequest& request);

EnsembleResult run_scenario(const LoadedScenario& scenario, int threads);

}  // namespace loom
