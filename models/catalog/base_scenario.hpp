#pragma once
// The scenario a study varies: what `loom sweep` and `loom calibrate` start
// from (a scenario file, or a model with its defaults), held as plain values
// so that a study's many points each get a fresh model in microseconds
// instead of a scenario file parsed again per point.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/input/scenario.hpp"
#include "sim/run/model.hpp"

namespace loom {

struct BaseScenario {
  ScenarioHeader header;  // model, name; seed and replicates are the study's to set
  // A model with every base value set: for checking keys against its
  // parameter tables and for its output layout.
  std::unique_ptr<Model> model;
  // Every section's values after the base: [section][parameter], and the
  // texts of its path and name parameters (network.edges_file, ...).
  std::vector<std::vector<double>> values;
  std::vector<std::vector<std::string>> texts;
  // Every file the study reads: its spec, the base scenario and its bases,
  // and the data files the base names. No output may replace them.
  std::vector<std::filesystem::path> inputs;

  // A fresh model with the base's values and then `keys[i]` = `values[i]`
  // ("section.key"; keys that name no parameter are ignored: the caller
  // has checked them against `model`).
  std::unique_ptr<Model> model_with(std::span<const std::string> keys,
                                    std::span<const double> values) const;
};

// A study's base: the scenario file `base_path` when it is not empty, else
// the model `model_name` with its defaults. `where` ("spec.toml:3") and
// `key` ("sweep.model") name the spec's line in errors. Throws ScenarioError.
BaseScenario load_base_scenario(const std::filesystem::path& spec_path,
                                const std::filesystem::path& base_path,
                                const std::string& model_name, const std::string& where,
                                const std::string& key);

}  // namespace loom
