#pragma once
// Equilibrium code knowledge of the March model over replicates (for the
// school-to-March docking test).
#include <vector>

#include "models/march/march_model.hpp"

namespace loom::testing {

inline std::vector<double> march_knowledge(const MarchParams& p, int runs) {
  std::vector<double> out;
  for (int r = 0; r < runs; ++r)
    out.push_back(run_march(p, 2024, static_cast<std::uint64_t>(r)).code_knowledge);
  return out;
}

}  // namespace loom::testing
