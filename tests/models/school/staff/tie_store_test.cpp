#include "models/school/staff/tie_store.hpp"

#include <catch2/catch.hpp>

using namespace loom;

TEST_CASE("Ties are stored both ways, sorted, without duplicates or self-ties", "[ties]") {
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs{
      {0, 2}, {2, 0}, {1, 1}, {3, 0}, {2, 3}};
  const TieStore t = TieStore::from_pairs(4, pairs, 0.5f);
  CHECK(t.people() == 4);
  CHECK(t.tie_count() == 6);
  CHECK(std::vector<std::uint32_t>(t.neighbours(0).begin(), t.neighbours(0).end()) ==
        std::vector<std::uint32_t>{2, 3});
  CHECK(t.neighbours(1).empty());
  CHECK(std::vector<std::uint32_t>(t.neighbours(2).begin(), t.neighbours(2).end()) ==
        std::vector<std::uint32_t>{0, 3});
  CHECK(t.trust[0] == 0.5f);
  CHECK_THROWS(TieStore::from_pairs(2, pairs, 0.5f));
}
