#pragma once
// Which staff-network snapshots a run records for the viewer (nodes with
// role, champion status, burnout; edges with trust). Snapshots are large
// next to the weekly series, so only the first replicates record them.
#include "models/school/mechanism.hpp"
#include "sim/input/parameter.hpp"

namespace loom {

struct StaffNetworkParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int replicates{};
  int every_weeks{};
};

const ParameterTable<StaffNetworkParams>& staff_network_table();

struct StaffNetworkOutput {
  using Params = StaffNetworkParams;
  static const ParameterTable<Params>& table() { return staff_network_table(); }
  using State = NoState;
  // A network's member schools record no staff network (member_schools.cpp).
  static constexpr bool for_network_members = false;
};

}  // namespace loom
