#pragma once
// The staff network of one replicate over time, ready to draw.
//
// Nodes are slots (posts in the school), which stay put across weeks: when a
// teacher leaves, a new person fills the same slot. The layout is computed
// once per replicate from every snapshot together (a force-directed layout
// of the union of ties, deterministic, no random numbers), so scrubbing
// through weeks never moves a node: only ties, colours and people change,
// and a departure shows as a new person appearing in an old place.
#include <cstdint>
#include <vector>

#include "viewer/data/results_file.hpp"

namespace loom::viewer {

struct NodePosition {
  double x = 0.5, y = 0.5;  // in [0, 1] x [0, 1]
};

struct SnapshotNode {
  std::int64_t slot = 0, person = 0, role = 1;
  bool champion = false;
  double tenure = 0.0, burnout = 0.0;
  // True when this person was not in this slot at the previous snapshot
  // (a replacement after someone left); false at the first snapshot.
  bool arrived = false;
  std::int64_t previous_person = -1;  // who held the slot before, if someone else
  NodePosition position;
};

struct SnapshotEdge {
  std::int64_t source = 0, target = 0;
  double trust = 0.0;
  NodePosition from, to;
};

// Someone present at the previous snapshot and gone at this one.
struct Departure {
  std::int64_t slot = 0, person = 0, role = 1;
  bool champion = false;
  bool replaced = false;  // the slot has a new person now (else it is empty)
};

struct Snapshot {
  std::int64_t week = 0;
  std::int64_t previous_week = -1;  // -1 at the first snapshot
  std::vector<SnapshotNode> nodes;  // by slot
  std::vector<SnapshotEdge> edges;
  std::vector<Departure> departures;  // since previous_week
};

// Replicates with network snapshots in a scenario, ascending.
std::vector<std::int64_t> staff_network_runs(const ScenarioData& data);

class StaffNetworkHistory {
 public:
  StaffNetworkHistory() = default;
  StaffNetworkHistory(const ScenarioData& data, std::int64_t run);

  bool empty() const { return weeks_.empty(); }
  std::int64_t run() const { return run_; }
  const std::vector<std::int64_t>& weeks() const { return weeks_; }  // ascending
  const std::vector<std::int64_t>& slots() const { return slots_; }  // ascending
  // The snapshot to show at `week`: the latest taken at or before it, or the
  // first if `week` is earlier than every snapshot.
  std::size_t snapshot_index_at(std::int64_t week) const;
  Snapshot snapshot(std::size_t index) const;
  NodePosition position(std::int64_t slot) const;

 private:
  std::int64_t run_ = 0;
  std::vector<std::int64_t> weeks_;
  std::vector<std::int64_t> slots_;
  std::vector<NodePosition> positions_;          // parallel to slots_
  std::vector<std::vector<NetworkNode>> nodes_;  // per snapshot, by slot
  std::vector<std::vector<NetworkEdge>> edges_;  // per snapshot
};

// The layout used by StaffNetworkHistory, exposed for tests: positions for
// `count` nodes and weighted undirected edges (weights > 0). `fixed_centre`
// nodes (e.g. principals) start at the centre instead of on the ring.
struct LayoutEdge {
  std::size_t a = 0, b = 0;
  double weight = 1.0;
};
std::vector<NodePosition> force_layout(std::size_t count, const std::vector<LayoutEdge>& edges,
                                       const std::vector<bool>& start_at_centre);

}  // namespace loom::viewer
