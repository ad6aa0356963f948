#pragma once
// The models Loom knows, by the name a scenario gives in `model = "..."`,
// and the meaning of any model's outputs. The engine (sim/) knows only the
// Model interface; this catalogue is the one place that names the models.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/run/model.hpp"
#include "sim/run/output_info.hpp"

namespace loom {

// "school" (models/school), "march" (models/march), "network"
// (models/school_network), "ishigami" (models/ishigami) or "gaussian"
// (models/gaussian, a toy with a known posterior).
std::unique_ptr<Model> make_model(std::string_view name);
std::vector<std::string> model_names();

// The metric or summary field of any model with this name, or nullptr
// (output_catalog.cpp).
const OutputInfo* find_output_info(std::string_view name);

}  // namespace loom
