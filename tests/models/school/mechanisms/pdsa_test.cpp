// PDSA cycles (models/school/mechanisms/pdsa.*): pressure and overload turn
// them into checkboxes.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "sim/core/statistics.hpp"
#include "tests/models/school/school_test_support.hpp"

using namespace loom;
using loom::testing::column;
using loom::testing::core_school;
using loom::testing::metric_index;

TEST_CASE("Pressure and overload turn PDSA cycles into checkboxes", "[school][pdsa]") {
  SchoolParams calm;
  calm.leadership.socialisation_pressure = 0.05;
  SchoolParams pushed = calm;
  pushed.leadership.socialisation_pressure = 0.6;
  pushed.leadership.decision_inclusion = static_cast<int>(DecisionInclusion::kLeaders);
  pushed.capacity.legacy_activities = 8;
  CHECK(estimate_paired_difference(column(calm, 30, "compliance_share"),
                                   column(pushed, 30, "compliance_share"))
            .ci_low > 0.0);
}
