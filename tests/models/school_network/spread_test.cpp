// The spread rule and seeding, unit by unit.
#include <catch2/catch.hpp>
#include <set>

#include "models/school_network/network_purposes.hpp"
#include "models/school_network/seeding.hpp"
#include "models/school_network/spread.hpp"

using namespace loom;

TEST_CASE("Simple contagion: any contact; complex: only at the threshold", "[network][spread]") {
  SpreadParams p = spread_table().defaults();
  const std::vector<Contact> one{{0.2, true}};
  const std::vector<Contact> two{{0.2, true}, {0.5, true}};
  const std::vector<Contact> two_one_weak{{0.2, true}, {0.5, false}};
  p.rule = static_cast<int>(SpreadRule::kSimple);
  CHECK(uptake_chance(p, one) == Approx(0.2));
  CHECK(uptake_chance(p, two) == Approx(1.0 - 0.8 * 0.5));
  p.rule = static_cast<int>(SpreadRule::kComplex);
  p.threshold = 2;
  CHECK(uptake_chance(p, one) == 0.0);
  CHECK(uptake_chance(p, two) == Approx(1.0 - 0.8 * 0.5));
  // A convening without bright spots informs but does not reinforce.
  CHECK(uptake_chance(p, two_one_weak) == 0.0);
}

TEST_CASE("Seeding strategies pick what they say", "[network][seeding]") {
  NetworkParams np = network_table().defaults();
  np.topology = static_cast<int>(Topology::kScaleFree);
  np.schools = 300;
  np.degree = 4;
  RandomStream graph_stream(StreamKey{1, 0, 0, 0, 0, purpose::kNetworkGraph});
  const auto g = build_school_graph(np, graph_stream);
  const auto c = eigenvector_centrality(g);
  std::vector<Readiness> ready(300);
  for (std::uint32_t i = 0; i < 300; ++i) ready[i] = {static_cast<double>(i % 7), i / 300.0};
  SeedingParams p = seeding_table().defaults();
  p.schools = 5;
  const auto pick = [&](SeedingStrategy s) {
    p.strategy = static_cast<int>(s);
    RandomStream r(StreamKey{1, 0, 0, 0, 0, purpose::kSeeding});
    return choose_seeds(p, g, c, ready, r);
  };
  const auto central = pick(SeedingStrategy::kCentral);
  const auto peripheral = pick(SeedingStrategy::kPeripheral);
  REQUIRE(central.size() == 5);
  double lowest_central = 1.0, highest_peripheral = 0.0;
  for (auto s : central) lowest_central = std::min(lowest_central, c[s]);
  for (auto s : peripheral) highest_peripheral = std::max(highest_peripheral, c[s]);
  CHECK(lowest_central > highest_peripheral);
  for (std::uint32_t i = 0; i < 300; ++i) {
    if (std::find(central.begin(), central.end(), i) == central.end())
      CHECK(c[i] <= lowest_central);
  }
  for (auto s : pick(SeedingStrategy::kReady)) CHECK(ready[s].capacity == 6.0);
  // Clustered: every seed after the first is tied to an earlier seed.
  const auto clustered = pick(SeedingStrategy::kClustered);
  for (std::size_t k = 1; k < clustered.size(); ++k) {
    bool tied = false;
    for (std::size_t j = 0; j < k; ++j)
      for (auto nb : g.neighbours(clustered[j])) tied = tied || nb == clustered[k];
    CHECK(tied);
  }
  const auto random = pick(SeedingStrategy::kRandom);
  CHECK(std::set<std::uint32_t>(random.begin(), random.end()).size() == 5);
}
