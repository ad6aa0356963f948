#pragma once
// March (1991), "Exploration and exploitation in organizational learning",
// Organization Science 2(1): 71-87, implemented as published and docked
// against the reimplementations that fill in what the paper leaves out
// (Rodan 2005; Christensen 2015's note): each period individuals act, then
// socialise gradually toward the code, then the code learns from the majority
// action of individuals whose observed performance beats the code's score.
#include <cstdint>

#include "sim/input/parameter.hpp"

namespace loom {

struct MarchParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int dimensions{};   // m
  int people{};       // n
  double p1{};        // socialisation rate
  double p2{};        // code learning rate
  double p3{};        // turnover per person per period
  double p4{};        // turbulence per dimension per period
  int periods{};      // time limit when p3 or p4 > 0; length of recorded series
  int max_periods{};  // safety stop when equilibrium is never reached
};

const ParameterTable<MarchParams>& march_parameter_table();

struct MarchResult {
  double code_knowledge = 0.0;        // (correct - wrong) code beliefs / m, at the end
  double individual_knowledge = 0.0;  // same for the mean individual
  int periods = 0;                    // periods run
  bool equilibrium = false;           // stopped because nothing could change
};

// One run. A closed run (p3 = p4 = 0) stops once its code is final (no one
// can outperform it again): the periods its people still need to reach the
// code are then drawn at once rather than simulated one by one (same law).
// Streams: (seed, run, school 0, entity, period, purpose); the grid
// cell (p1, p2) is not part of the key, so all cells share the same initial
// reality and beliefs for run r (common random numbers: differences between
// cells are not blurred by different starting points).
// If `series` is given it receives code knowledge for periods 0..periods-1.
// A run that reaches equilibrium earlier is frozen, so its last value is
// repeated exactly; a closed run (p3 = p4 = 0) still going after `periods`
// continues to equilibrium, and its final knowledge can differ from the
// series' last value.
MarchResult run_march(const MarchParams& params, std::uint64_t seed, std::uint64_t run,
                      double* series = nullptr);

}  // namespace loom
