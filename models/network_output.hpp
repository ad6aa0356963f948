#pragma once
// Which staff-network snapshots a run records for the viewer (nodes with
// role, champion status, burnout; edges with trust). Snapshots are large
// next to the weekly series, so only the first replicates record them.
#include "sim/parameter.hpp"

namespace loom {

struct NetworkOutputParams {
  int replicates = 1;
  int every_weeks = 12;
};

const ParameterTable<NetworkOutputParams>& network_output_table();

}  // namespace loom
