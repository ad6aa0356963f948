#pragma once
// Which staff-network snapshots a run records for the viewer (nodes with
// role, champion status, burnout; edges with trust). Snapshots are large
// next to the weekly series, so only the first replicates record them.
#include "sim/input/parameter.hpp"

namespace loom {

struct NetworkOutputParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int replicates{};
  int every_weeks{};
};

const ParameterTable<NetworkOutputParams>& network_output_table();

}  // namespace loom
