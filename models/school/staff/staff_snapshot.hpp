#pragma once
// The staff network at one week, as the school model records it for the
// viewer: nodes are posts (slots), stable across weeks; a departure shows as
// a new person in the same slot. The engine knows nothing of it: a run hands
// the snapshots over as two plain tables (network_nodes, network_edges; see
// docs/output.md).
#include <cstdint>
#include <vector>

#include "sim/run/ensemble.hpp"

namespace loom {

struct StaffSnapshot {
  int week = 0;
  struct Node {
    std::int64_t slot, person, role, champion, tenure;
    double burnout;
  };
  struct Edge {
    std::int64_t source, target;
    double trust;
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

// A school run: the engine's output plus the snapshots as structures (for
// tests and tools that look at them directly).
struct SchoolRunOutput : RunOutput {
  std::vector<StaffSnapshot> staff_network;  // empty unless the run records it
};

// Appends the snapshots to `out.tables` as network_nodes (week, slot, person,
// role, champion, tenure, burnout) and network_edges (week, source, target,
// trust); nothing when there are no snapshots.
void add_staff_network_tables(const std::vector<StaffSnapshot>& snapshots, RunOutput& out);

struct SchoolState;
struct WeekContext;
// Records this week's snapshot into s.staff_network.
void record_staff_snapshot(SchoolState& s, const WeekContext& w);

}  // namespace loom
