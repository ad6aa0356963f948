#include "viewer/data/staff_network_snapshot.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace loom::viewer;

namespace {

double distance(NodePosition a, NodePosition b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// Two teams of four (slots 1-4, 5-8) tied within, one tie between, and a
// principal (slot 0) tied to each team lead; snapshots at weeks 0, 36, 72.
// At week 36 the person in slot 3 has been replaced and slot 8 is empty.
ScenarioData school() {
  ScenarioData s;
  for (std::int64_t week : {0, 36, 72}) {
    for (std::int64_t slot = 0; slot <= 8; ++slot) {
      if (slot == 8 && week == 36) continue;
      std::int64_t person = slot;
      if (slot == 3 && week >= 36) person = 103;
      if (slot == 8 && week == 72) person = 108;
      s.network_nodes.push_back({0, week, slot, person, slot == 0 ? 0 : 1, slot == 2,
                                 static_cast<double>(week) / 36.0, 0.2});
    }
    for (std::int64_t team : {1, 5}) {
      for (std::int64_t i = team; i < team + 4; ++i) {
        for (std::int64_t j = i + 1; j < team + 4; ++j) {
          if (week == 36 && (i == 8 || j == 8)) continue;
          s.network_edges.push_back({0, week, i, j, 0.8});
        }
      }
      s.network_edges.push_back({0, week, 0, team, 0.6});
    }
    s.network_edges.push_back({0, week, 4, 5, 0.3});
  }
  s.network_nodes.push_back({1, 0, 0, 0, 0, 0, 0.0, 0.0});  // another replicate
  return s;
}

}  // namespace

TEST_CASE("Network snapshots are grouped per replicate and week", "[viewer]") {
  const ScenarioData s = school();
  CHECK(staff_network_runs(s) == std::vector<std::int64_t>{0, 1});
  const StaffNetworkHistory h(s, 0);
  CHECK(h.weeks() == std::vector<std::int64_t>{0, 36, 72});
  CHECK(h.slots().size() == 9);
  CHECK(h.snapshot_index_at(-5) == 0);
  CHECK(h.snapshot_index_at(35) == 0);
  CHECK(h.snapshot_index_at(36) == 1);
  CHECK(h.snapshot_index_at(500) == 2);
  CHECK(StaffNetworkHistory(s, 7).empty());
}

TEST_CASE("Node positions are the same at every week and for every rebuild", "[viewer]") {
  const ScenarioData s = school();
  const StaffNetworkHistory h(s, 0);
  const StaffNetworkHistory again(s, 0);
  for (std::size_t i = 0; i < h.weeks().size(); ++i) {
    for (const auto& node : h.snapshot(i).nodes) {
      const NodePosition p = h.position(node.slot);
      CHECK(node.position.x == p.x);
      CHECK(node.position.y == p.y);
      CHECK(again.position(node.slot).x == p.x);
      CHECK(p.x >= 0.0);
      CHECK(p.x <= 1.0);
      CHECK(p.y >= 0.0);
      CHECK(p.y <= 1.0);
    }
  }
  // The layout shows the structure: team mates sit closer than people in
  // different teams.
  CHECK(distance(h.position(1), h.position(2)) < distance(h.position(1), h.position(7)));
  CHECK(distance(h.position(6), h.position(7)) < distance(h.position(2), h.position(6)));
}

TEST_CASE("Departures show as they happen", "[viewer]") {
  const StaffNetworkHistory h(school(), 0);
  const Snapshot first = h.snapshot(0);
  CHECK(first.previous_week == -1);
  CHECK(first.departures.empty());
  for (const auto& n : first.nodes) CHECK_FALSE(n.arrived);

  const Snapshot second = h.snapshot(1);
  CHECK(second.previous_week == 0);
  REQUIRE(second.departures.size() == 2);
  CHECK(second.departures[0].slot == 3);
  CHECK(second.departures[0].replaced);
  CHECK(second.departures[1].slot == 8);
  CHECK_FALSE(second.departures[1].replaced);
  const auto& slot3 = second.nodes[3];
  CHECK(slot3.slot == 3);
  CHECK(slot3.arrived);
  CHECK(slot3.previous_person == 3);
  CHECK(second.nodes.size() == 8);

  const Snapshot third = h.snapshot(2);
  REQUIRE(third.departures.empty());
  CHECK(third.nodes[8].arrived);  // the empty post was filled
  CHECK_FALSE(third.nodes[3].arrived);
  // Edges carry their endpoints' fixed positions and trust.
  REQUIRE_FALSE(third.edges.empty());
  CHECK(third.edges.back().trust == 0.3);
  CHECK(third.edges.back().from.x == h.position(4).x);
}
