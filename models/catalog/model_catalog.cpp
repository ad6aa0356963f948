#include <stdexcept>

#include "models/catalog/model_catalog.hpp"

namespace loom {

std::unique_ptr<Model> make_school_model();    // school/school_model.cpp
std::unique_ptr<Model> make_march_model();     // march/march_model.cpp
std::unique_ptr<Model> make_network_model();   // school_network/network_model.cpp
std::unique_ptr<Model> make_ishigami_model();  // ishigami/ishigami_model.cpp
std::unique_ptr<Model> make_gaussian_model();  // gaussian/gaussian_model.cpp

std::vector<std::string> model_names() {
  return {"school", "march", "network", "ishigami", "gaussian"};
}

std::unique_ptr<Model> make_model(std::string_view name) {
  if (name == "school") return make_school_model();
  if (name == "march") return make_march_model();
  if (name == "network") return make_network_model();
  if (name == "ishigami") return make_ishigami_model();
  if (name == "gaussian") return make_gaussian_model();
  throw std::invalid_argument("unknown model '" + std::string(name) +
                              "': allowed school, march, network, ishigami, gaussian");
}

}  // namespace loom
