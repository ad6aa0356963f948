// Capacity, load and burnout (models/school/mechanisms/capacity.*): the
// subtraction game.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "sim/core/statistics.hpp"
#include "tests/models/school/school_test_support.hpp"

using namespace loom;
using loom::testing::column;
using loom::testing::core_school;
using loom::testing::metric_index;

TEST_CASE("The subtraction game prevents overload and burnout", "[school][capacity]") {
  SchoolParams overload;
  overload.initiatives.new_per_year = 2;
  overload.capacity.legacy_activities = 5;
  SchoolParams subtract = overload;
  subtract.capacity.subtraction_game = true;
  CHECK(estimate_paired_difference(column(overload, 30, "burnout"), column(subtract, 30, "burnout"))
            .ci_high < 0.0);
}
