// Trust (models/school/mechanisms/trust.*): trusted peer learning, and blame
// for honest failure.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "sim/core/statistics.hpp"
#include "tests/models/school/school_test_support.hpp"

using namespace loom;
using loom::testing::column;
using loom::testing::core_school;
using loom::testing::metric_index;

TEST_CASE("Trusted peer learning spreads better practice", "[school][trust]") {
  SchoolParams without = core_school();
  without.trust.enabled = true;
  without.trust.peer_learning_rate = 0.0;
  SchoolParams with = without;
  with.trust.peer_learning_rate = 0.5;
  with.trust.peer_trust_needed = 0.0;
  with.leadership.socialisation_pressure = 0.02;  // little else moves staff beliefs
  without.leadership.socialisation_pressure = 0.02;
  CHECK(estimate_paired_difference(column(without, 30, "staff_knowledge"),
                                   column(with, 30, "staff_knowledge"))
            .ci_low > 0.0);
}

TEST_CASE("Blame for honest failure lowers trust in the principal", "[school][trust]") {
  SchoolParams supportive;
  supportive.leadership.blame = 0.0;
  SchoolParams blaming = supportive;
  blaming.leadership.blame = 1.0;
  CHECK(estimate_paired_difference(column(supportive, 30, "psychological_safety"),
                                   column(blaming, 30, "psychological_safety"))
            .ci_high < 0.0);
}
