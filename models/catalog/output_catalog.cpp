#include "models/catalog/model_catalog.hpp"

#include <array>

#include "models/school/school_outputs.hpp"
#include "models/school_network/network_outputs.hpp"

namespace loom {
namespace {

// The March (1991) model's outputs that the school model does not share
// (its code_knowledge is the school's, with the same meaning).
constexpr std::array kMarchOutputs{
    OutputInfo{"individual_knowledge", "How right people's own beliefs are",
               "Individual knowledge (March 1991): mean knowledge score of individuals",
               "share of dimensions, -1..1", +1},
    OutputInfo{"periods", "Periods until settled", "Periods run (to equilibrium or the limit)",
               "periods", 0},
    OutputInfo{"equilibrium", "Settled", "1 if the run reached equilibrium", "", 0},
};

// The Ishigami test function (models/ishigami/ishigami_model.cpp).
constexpr std::array kIshigamiOutputs{
    OutputInfo{"y", "Test function value", "Ishigami & Homma (1990) function value", "", 0},
};

// The linear Gaussian toy (models/gaussian/gaussian_model.cpp).
constexpr std::array kGaussianOutputs{
    OutputInfo{"y1", "Toy output 1", "theta1 + noise", "", 0},
    OutputInfo{"y2", "Toy output 2", "theta1 + theta2 / 4 + noise", "", 0},
    OutputInfo{"y3", "Toy output 3", "theta1 + theta2 / 2 + noise", "", 0},
    OutputInfo{"y4", "Toy output 4", "theta1 + 3 theta2 / 4 + noise", "", 0},
    OutputInfo{"y5", "Toy output 5", "theta1 + theta2 + noise", "", 0},
};

const OutputInfo* find_in(std::span<const OutputInfo> infos, std::string_view name) {
  for (const auto& info : infos) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace

const OutputInfo* find_output_info(std::string_view name) {
  if (const auto* info = find_in(school_metric_infos(), name)) return info;
  if (const auto* info = find_in(school_summary_infos(), name)) return info;
  if (const auto* info = find_in(network_metric_infos(), name)) return info;
  if (const auto* info = find_in(network_summary_infos(), name)) return info;
  if (const auto* info = find_in(kMarchOutputs, name)) return info;
  if (const auto* info = find_in(kIshigamiOutputs, name)) return info;
  return find_in(kGaussianOutputs, name);
}

}  // namespace loom
