#include "sim/experiments/experiment_design.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <stdexcept>
#include <vector>

using namespace loom;

namespace {

bool in_unit_cube(const DesignMatrix& d) {
  for (const double u : d.u)
    if (!(u >= 0.0 && u <= 1.0)) return false;
  return true;
}

// How many of the n equal strata of [0, 1] hold each point of column c.
std::vector<int> stratum_counts(const DesignMatrix& d, std::size_t c, std::size_t first,
                                std::size_t stride, std::size_t n) {
  std::vector<int> counts(n, 0);
  for (std::size_t j = 0; j < n; ++j) ++counts[level_of(d.at(first + j * stride, c), n)];
  return counts;
}

}  // namespace

TEST_CASE("Design kinds parse by name and reject anything else", "[design]") {
  CHECK(parse_design_kind("grid") == DesignKind::kGrid);
  CHECK(parse_design_kind("lhs") == DesignKind::kLhs);
  CHECK(parse_design_kind("sobol") == DesignKind::kSobol);
  CHECK(parse_design_kind("morris") == DesignKind::kMorris);
  CHECK_THROWS_WITH(parse_design_kind("Sobol"), Catch::Contains("grid, lhs, sobol, morris"));
  CHECK(std::string(design_kind_name(DesignKind::kMorris)) == "morris");
}

TEST_CASE("level_of splits [0, 1] into equal shares and scale maps linearly", "[design]") {
  CHECK(level_of(0.0, 3) == 0);
  CHECK(level_of(0.3333, 3) == 0);
  CHECK(level_of(0.3334, 3) == 1);
  CHECK(level_of(0.9999, 3) == 2);
  CHECK(level_of(1.0, 3) == 2);  // the top end belongs to the last level
  CHECK(level_of(0.5, 1) == 0);
  CHECK(scale(0.25, -1.0, 3.0) == 0.0);
  CHECK(scale(1.0, 2.0, 5.0) == 5.0);
}

TEST_CASE("A grid enumerates every combination once, first factor slowest", "[design]") {
  const std::vector<std::size_t> levels{2, 3, 4};
  const DesignMatrix d = grid_design(levels);
  REQUIRE(d.rows == 24);
  REQUIRE(d.cols == 3);
  CHECK(in_unit_cube(d));
  std::set<std::vector<std::size_t>> seen;
  for (std::size_t r = 0; r < d.rows; ++r) {
    std::vector<std::size_t> combination;
    for (std::size_t c = 0; c < 3; ++c) {
      const std::size_t level = level_of(d.at(r, c), levels[c]);
      // Each level sits at the middle of its stratum.
      CHECK(d.at(r, c) ==
            Approx((static_cast<double>(level) + 0.5) / static_cast<double>(levels[c])));
      combination.push_back(level);
    }
    seen.insert(combination);
  }
  CHECK(seen.size() == 24);
  // First factor slowest, last fastest.
  CHECK(level_of(d.at(11, 0), 2) == 0);
  CHECK(level_of(d.at(12, 0), 2) == 1);
  CHECK(level_of(d.at(0, 2), 4) == 0);
  CHECK(level_of(d.at(1, 2), 4) == 1);
  CHECK(design_rows(DesignKind::kGrid, 0, 3, levels) == 24);
  CHECK_THROWS_AS(grid_design({3, 0}), std::invalid_argument);
}

TEST_CASE("A Latin hypercube has exactly one point per stratum in every column", "[design]") {
  for (const std::size_t n : {1u, 2u, 7u, 100u, 1000u}) {
    const DesignMatrix d = lhs_design(n, 5, 2026);
    REQUIRE(d.rows == n);
    REQUIRE(d.cols == 5);
    CHECK(in_unit_cube(d));
    for (std::size_t c = 0; c < 5; ++c) {
      const auto counts = stratum_counts(d, c, 0, 1, n);
      for (const int count : counts) CHECK(count == 1);
    }
  }
  // Reproducible from its seed, different for another seed, and a column
  // does not depend on how many columns follow it.
  const DesignMatrix a = lhs_design(50, 3, 7), b = lhs_design(50, 3, 7), c = lhs_design(50, 3, 8);
  CHECK(a.u == b.u);
  CHECK(a.u != c.u);
  const DesignMatrix wider = lhs_design(50, 4, 7);
  for (std::size_t r = 0; r < 50; ++r) CHECK(wider.at(r, 1) == a.at(r, 1));
}

TEST_CASE("Saltelli sampling: N (k + 2) rows, AB^(i) is A with column i from B", "[design]") {
  const std::size_t n = 256, k = 4;
  const DesignMatrix d = saltelli_design(n, k);
  REQUIRE(d.rows == n * (k + 2));
  REQUIRE(d.cols == k);
  CHECK(design_rows(DesignKind::kSobol, n, k) == n * (k + 2));
  CHECK(in_unit_cube(d));
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t a = j * (k + 2), b = a + k + 1;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t c = 0; c < k; ++c) {
        CHECK(d.at(a + 1 + i, c) == (c == i ? d.at(b, c) : d.at(a, c)));
      }
    }
  }
  // The all-zero point is skipped: the first base sample is the sequence's
  // second point, 1/2 in every dimension.
  for (std::size_t c = 0; c < k; ++c) {
    CHECK(d.at(0, c) == 0.5);
    CHECK(d.at(k + 1, c) == 0.5);
  }
  // Low discrepancy: points 1..N of a Sobol sequence are the balanced net
  // 0..N-1 with point 0 swapped for a later one, so each column of A and B
  // has one point in every stratum of width 1/N except at most one empty
  // and one doubled stratum (N = 256 = 2^8).
  for (const std::size_t first : {std::size_t{0}, k + 1}) {
    for (std::size_t c = 0; c < k; ++c) {
      const auto counts = stratum_counts(d, c, first, k + 2, n);
      int empty = 0, doubled = 0;
      for (const int count : counts) {
        CHECK(count <= 2);
        empty += count == 0;
        doubled += count == 2;
      }
      CHECK(empty <= 1);
      CHECK(doubled == empty);
    }
  }
  CHECK(saltelli_design(n, k).u == d.u);  // deterministic
  CHECK_THROWS_AS(saltelli_design(4, 2000), std::invalid_argument);
}

TEST_CASE("Morris trajectories move one factor at a time by +-delta on the grid", "[design]") {
  for (const std::size_t p : {2u, 4u, 6u}) {
    const std::size_t r = 30, k = 5;
    const double delta = morris_delta(p);
    const auto pd = static_cast<double>(p);
    CHECK(delta == Approx(pd / (2.0 * (pd - 1.0))));
    const DesignMatrix d = morris_design(r, k, p, 11);
    REQUIRE(d.rows == r * (k + 1));
    CHECK(design_rows(DesignKind::kMorris, r, k) == r * (k + 1));
    CHECK(in_unit_cube(d));
    for (const double u : d.u) {
      // On the grid {0, 1/(p-1), ..., 1}.
      const double level = u * static_cast<double>(p - 1);
      CHECK(std::abs(level - std::round(level)) < 1e-12);
    }
    std::set<int> directions;
    for (std::size_t t = 0; t < r; ++t) {
      std::set<std::size_t> moved;
      for (std::size_t s = 0; s < k; ++s) {
        const std::size_t from = t * (k + 1) + s;
        int changed = 0;
        for (std::size_t c = 0; c < k; ++c) {
          const double step = d.at(from + 1, c) - d.at(from, c);
          if (step != 0.0) {
            ++changed;
            moved.insert(c);
            CHECK(std::abs(std::abs(step) - delta) < 1e-12);
            directions.insert(step > 0 ? 1 : -1);
          }
        }
        CHECK(changed == 1);
      }
      CHECK(moved.size() == k);  // every factor moves once per trajectory
    }
    CHECK(directions.size() == 2);  // both directions occur
  }
  CHECK_THROWS_AS(morris_design(4, 3, 3, 1), std::invalid_argument);  // odd p
  CHECK_THROWS_AS(morris_design(4, 3, 0, 1), std::invalid_argument);
  CHECK(morris_design(10, 3, 4, 5).u == morris_design(10, 3, 4, 5).u);
  CHECK(morris_design(10, 3, 4, 5).u != morris_design(10, 3, 4, 6).u);
}

TEST_CASE("Design sizes are known before generating and invalid requests fail", "[design]") {
  DesignRequest q;
  q.kind = DesignKind::kLhs;
  q.samples = 64;
  q.factors = 3;
  CHECK(design_rows(q) == 64);
  CHECK(make_design(q).rows == 64);
  q.kind = DesignKind::kMorris;
  q.morris_levels = 5;
  CHECK_THROWS_AS(design_rows(q), std::invalid_argument);
  q.kind = DesignKind::kGrid;
  q.grid_levels = {2, 2};  // 3 factors, 2 level counts
  CHECK_THROWS_AS(make_design(q), std::invalid_argument);
  CHECK_THROWS_AS(design_rows(DesignKind::kLhs, 0, 3), std::invalid_argument);
  CHECK_THROWS_AS(design_rows(DesignKind::kSobol, 10, 0), std::invalid_argument);
  // Overflow is an error, not a wrapped count.
  CHECK_THROWS_AS(design_rows(DesignKind::kGrid, 0, 4, {1u << 20, 1u << 20, 1u << 20, 1u << 20}),
                  std::invalid_argument);
}
