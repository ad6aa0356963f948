#pragma once
// What a loaded scenario file holds inside: its inheritance chain of TOML
// documents. Internal to sim/input (scenario.cpp builds it, schedule.cpp
// reads its [[schedule]] entries); it exposes toml11.
#include <map>
#include <string>
#include <toml.hpp>
#include <vector>

#include "sim/input/scenario.hpp"

namespace loom {

// One file of an inheritance chain: its TOML and the name errors give it.
struct ScenarioLayer {
  toml::value root;
  std::string source;
};

struct ScenarioFile::Document {
  std::vector<ScenarioLayer> layers;  // the root-most base first, this file last
  std::map<std::string, std::string, std::less<>> header_origins;  // "model" -> "x.toml:3"
};

}  // namespace loom
