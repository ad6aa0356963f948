#include "sim/run/run_plan.hpp"

#include <catch2/catch.hpp>

using namespace loom;

namespace {
RunPlan two_points() {
  return RunPlan({{"a", "school", "[school]\nteachers = 40\n", 7, 3},
                  {"b", "school", "[school]\nteachers = 60\n", 7, 2}});
}
}  // namespace

TEST_CASE("Units are numbered point-major: index -> (point, replicate)", "[run_plan]") {
  const RunPlan plan = two_points();
  REQUIRE(plan.unit_count() == 5);
  CHECK(plan.first_unit(1) == 3);
  const std::vector<std::pair<std::size_t, std::uint64_t>> expected{
      {0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}};
  for (std::uint64_t i = 0; i < plan.unit_count(); ++i) {
    const PlanUnit u = plan.unit(i);
    CHECK(u.index == i);
    CHECK(u.point == expected[i].first);
    CHECK(u.replicate == expected[i].second);
  }
  CHECK_THROWS_AS(plan.unit(5), std::out_of_range);
  // A point with no replicates is skipped.
  const RunPlan gap({{"a", "m", "", 1, 1}, {"b", "m", "", 1, 0}, {"c", "m", "", 1, 2}});
  CHECK(gap.unit(1).point == 2);
  CHECK(gap.unit(2).replicate == 1);
}

TEST_CASE("The plan hash is fixed by its canonical text and pinned", "[run_plan]") {
  const RunPlan plan = two_points();
  // The text is a versioned, length-prefixed serialisation; the hash is
  // FNV-1a 64 of it. Both are pinned: a change here changes every stored
  // plan_hash and must be deliberate (bump "loom-run-plan 1").
  CHECK(plan.canonical_text() ==
        "loom-run-plan 1\npoints 1:2\n"
        "model 6:school\nparameters 23:[school]\nteachers = 40\n\nseed 1:7\nreplicates 1:3\n"
        "model 6:school\nparameters 23:[school]\nteachers = 60\n\nseed 1:7\nreplicates 1:2\n"
        "design 0:\n");
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);  // the published FNV-1a test vector
  CHECK(hash_hex(plan.hash()) == hash_hex(fnv1a64(plan.canonical_text())));
  CHECK(hash_hex(0x9d1d53123d557aull) == "0x009d1d53123d557a");
  CHECK(plan.hash() == two_points().hash());
}

TEST_CASE("The plan hash changes with what runs, not with labels", "[run_plan]") {
  const auto base = two_points().hash();
  auto points = two_points().points();
  SECTION("a parameter") {
    points[1].parameters = "[school]\nteachers = 61\n";
    CHECK(RunPlan(points).hash() != base);
  }
  SECTION("the seed") {
    points[0].seed = 8;
    CHECK(RunPlan(points).hash() != base);
  }
  SECTION("the replicates") {
    points[0].replicates = 4;
    CHECK(RunPlan(points).hash() != base);
  }
  SECTION("the model") {
    points[0].model = "march";
    CHECK(RunPlan(points).hash() != base);
  }
  SECTION("the design") {
    CHECK(RunPlan(points, "p1 = 0.1:0.9:0.1").hash() != base);
  }
  SECTION("the order of points") {
    std::swap(points[0], points[1]);
    CHECK(RunPlan(points).hash() != base);
  }
  SECTION("not the id") {
    points[0].id = "renamed";
    CHECK(RunPlan(points).hash() == base);
  }
  SECTION("a point's own hash does not depend on the other points") {
    const RunPlan plan = two_points();
    const RunPlan alone({points[1]});
    CHECK(plan.point_hash(1) == alone.point_hash(0));
    CHECK(plan.point_hash(0) != plan.point_hash(1));
  }
}
