#include "models/catalog/base_scenario.hpp"

#include <stdexcept>

#include "models/catalog/model_catalog.hpp"

namespace loom {

std::unique_ptr<Model> BaseScenario::model_with(std::span<const std::string> keys,
                                                std::span<const double> set_values) const {
  auto fresh = make_model(header.model);
  const auto sections = fresh->sections();
  for (std::size_t s = 0; s < sections.size(); ++s) {
    for (std::size_t i = 0; i < values[s].size(); ++i) {
      sections[s]->set(i, values[s][i]);
      if (!texts[s][i].empty()) sections[s]->set_text(i, texts[s][i]);
    }
  }
  for (std::size_t c = 0; c < keys.size(); ++c) {
    if (const ParameterRef p = find_parameter(sections, keys[c]))
      p.section->set(p.index, set_values[c]);
  }
  return fresh;
}

BaseScenario load_base_scenario(const std::filesystem::path& spec_path,
                                const std::filesystem::path& base_path,
                                const std::string& model_name, const std::string& where,
                                const std::string& key) {
  BaseScenario base;
  base.inputs = {spec_path};
  if (!base_path.empty()) {
    ScenarioFile file = ScenarioFile::load(base_path);
    for (auto& f : file.files()) base.inputs.push_back(std::move(f));
    base.header = file.header();
    try {
      base.model = make_model(base.header.model);
    } catch (const std::invalid_argument& e) {
      throw ScenarioError(file.header_origin("model") + ": scenario.model: " + e.what());
    }
    file.apply(base.model->sections());
  } else {
    try {
      base.model = make_model(model_name);
    } catch (const std::invalid_argument& e) {
      throw ScenarioError(where + ": " + key + ": " + e.what());
    }
    base.header.model = model_name;
    base.header.name = model_name;
  }
  const auto sections = base.model->sections();
  for (const auto* s : sections) {
    std::vector<double> v;
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < s->parameters().size(); ++i) {
      v.push_back(s->get(i));
      texts.push_back(s->text(i));
    }
    base.values.push_back(std::move(v));
    base.texts.push_back(std::move(texts));
  }
  for (auto& f : data_files(sections)) base.inputs.push_back(std::move(f));
  return base;
}

}  // namespace loom
