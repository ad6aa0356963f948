// The story and the staff-network snapshots a school run records
// (models/school/staff/staff_snapshot.*, models/school/event_story.*).
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "sim/core/statistics.hpp"
#include "tests/models/school/school_test_support.hpp"

using namespace loom;
using loom::testing::column;
using loom::testing::core_school;
using loom::testing::metric_index;

TEST_CASE("A run tells its story and records the network", "[school][output]") {
  SchoolParams p;
  p.staff_network.replicates = 1;
  p.staff_network.every_weeks = 36;
  p.succession.forced_exit_year = 1;
  const SchoolRunOutput out = run_school(p, 11, 0);
  REQUIRE_FALSE(out.events.empty());
  bool principal_left = false;
  for (const auto& e : out.events) {
    CHECK_FALSE(e.detail.empty());
    principal_left = principal_left || (e.kind == "principal_left" && e.week == 35);
  }
  CHECK(principal_left);
  // Week 0, every 36 weeks, and the last week (179 = 5 x 36 - 1).
  REQUIRE(out.staff_network.size() == 6);
  CHECK(out.staff_network.front().nodes.size() == 60);
  CHECK(out.staff_network.front().edges.size() > 150);  // teams, leads and cross-team ties
  // The principal's slot holds a new person after the forced exit (at the
  // end of year 1: after snapshot 1, taken at week 35, before the summer).
  CHECK(out.staff_network[1].nodes[0].person == out.staff_network[0].nodes[0].person);
  CHECK(out.staff_network[2].nodes[0].person != out.staff_network[1].nodes[0].person);
  // Replicates past staff_network.replicates record no snapshots.
  CHECK(run_school(p, 11, 1).staff_network.empty());
}
