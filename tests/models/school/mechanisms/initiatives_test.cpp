// Initiatives and champions (models/school/mechanisms/initiatives.*): more
// champions, fewer collapses.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "sim/core/statistics.hpp"
#include "tests/models/school/school_test_support.hpp"

using namespace loom;
using loom::testing::column;
using loom::testing::core_school;
using loom::testing::metric_index;

TEST_CASE("Initiatives collapse less often as champions rise", "[school][champions]") {
  // High turnover makes departures frequent; no ownership growth so the
  // number of champions is what the scenario cultivated. Collapse share =
  // collapsed / launched per run; it must fall from 1 to 2 to 4 champions.
  SchoolParams p;
  p.turnover.teacher_exit_rate = p.turnover.low_poverty_exit_rate =
      p.turnover.high_poverty_exit_rate = 0.3;
  p.initiatives.ownership_growth = 0.0;
  p.initiatives.lifetime_years = 0;
  std::vector<double> share_by_champions;
  for (const int champions : {1, 2, 4}) {
    p.initiatives.champions = champions;
    const auto collapsed = column(p, 60, "initiatives_collapsed");
    const auto launched = column(p, 60, "initiatives_launched");
    std::vector<double> share;
    for (std::size_t i = 0; i < collapsed.size(); ++i) share.push_back(collapsed[i] / launched[i]);
    share_by_champions.push_back(estimate_mean(share).mean);
    if (share_by_champions.size() > 1) {
      INFO(champions << " champions: " << share_by_champions.back());
      CHECK(share_by_champions.back() < share_by_champions[share_by_champions.size() - 2]);
    }
  }
  CHECK(share_by_champions.front() > 0.3);  // one champion: collapses are common
}
