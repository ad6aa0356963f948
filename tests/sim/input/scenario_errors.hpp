#pragma once
// Shared by the scenario tests: the error a text gets as a school scenario.
#include <string>

#include "models/catalog/model_catalog.hpp"
#include "sim/input/scenario.hpp"
#include "sim/run/model.hpp"

namespace loom::testing {

// Loads text as a school scenario and returns the error message ("" if none).
inline std::string error_of(const std::string& text) {
  try {
    auto model = make_model("school");
    ScenarioFile::parse(text, "bad.toml").apply(model->sections());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace loom::testing
