#pragma once
// March's Figure 1 grid (p1 x p2), iterations per cell: what `loom march` runs.
#include <cstdint>
#include <string>
#include <vector>

#include "models/march/march_model.hpp"
#include "sim/core/progress.hpp"

namespace loom {

struct MarchGridRequest {
  std::vector<double> p1, p2;
  int iterations = 1000;
  MarchParams base = march_parameter_table().defaults();  // p3, p4, periods, m, n
  std::uint64_t seed = 1;
  int threads = 0;
  bool force = false;  // run even when the estimate exceeds memory or 24 h
  ProgressObserver::Mode progress = ProgressObserver::Mode::kAuto;
};

struct MarchGridResult {
  std::vector<double> knowledge;     // p1 x p2, mean final code knowledge / m
  std::vector<double> knowledge_se;  // its standard error
  std::vector<double> individual;    // mean individual knowledge / m
  std::vector<double> periods;       // mean periods run
  std::uint64_t plan_hash = 0;       // of the grid's run plan (stored in the file)
};

// "0.1:0.9:0.1" (start:stop:step, inclusive), "0.1,0.5,0.9" or "0.3".
std::vector<double> parse_value_list(const std::string& text);

// Estimates the work first (sim/run/run_estimate.hpp) and throws
// EstimateRefused when it cannot fit, unless request.force.
MarchGridResult run_march_grid(const MarchGridRequest& request);

}  // namespace loom
