// The spread rule and seeding, unit by unit.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "models/school_network/network_purposes.hpp"
#include "models/school_network/seeding.hpp"
#include "models/school_network/spread.hpp"

using namespace loom;

TEST_CASE("Take-up rises with adopting contacts: simple adds them, complex reinforces",
          "[network][spread]") {
  SpreadParams p = spread_table().defaults();
  const double c = 0.01;
  p.rule = static_cast<int>(SpreadRule::kSimple);
  CHECK(peer_uptake_chance(p, 0, c) == 0.0);
  CHECK(peer_uptake_chance(p, 1, c) == Approx(c));
  CHECK(peer_uptake_chance(p, 2, c) == Approx(1.0 - 0.99 * 0.99));
  p.rule = static_cast<int>(SpreadRule::kComplex);
  p.reinforcement = 2.0;
  // One contact still acts (no strict threshold), and a second adds about
  // three times what the first did (4 doses instead of 1).
  const double one = peer_uptake_chance(p, 1, c), two = peer_uptake_chance(p, 2, c);
  CHECK(one == Approx(c));
  CHECK(two == Approx(1.0 - std::pow(0.99, 4.0)));
  CHECK(two - one > 2.5 * one);
  // Reinforcement 1 is simple contagion.
  p.reinforcement = 1.0;
  CHECK(peer_uptake_chance(p, 3, c) == Approx(1.0 - std::pow(0.99, 3.0)));
  // A convening or coaching is its own exposure: it adds its chance and
  // never counts as a tied school, so it cannot stand in for reinforcement.
  p.reinforcement = 3.0;
  const double peers = peer_uptake_chance(p, 1, c);
  const std::vector<double> convening{0.1};
  CHECK(uptake_chance(peers, convening) == Approx(1.0 - (1.0 - peers) * 0.9));
  CHECK(uptake_chance(peers, convening) < uptake_chance(peer_uptake_chance(p, 2, c), convening));
}

TEST_CASE("Dropping is graded: no cliff at any fidelity", "[network][spread]") {
  SpreadParams p = spread_table().defaults();
  p.fade_per_week = 0.01;
  p.infidelity_drop = 0.02;
  CHECK(drop_chance(p, 0.0, 1.0).overtaken == Approx(0.01));
  CHECK(drop_chance(p, 0.6, 1.0).overtaken == Approx(0.004));
  CHECK(drop_chance(p, 0.0, 1.0).infidelity == 0.0);
  // The chance grows smoothly as fidelity falls: equal steps in fidelity
  // give equal steps in the chance, on both sides of the old cliff at 0.6.
  double last = -1.0;
  for (double f = 1.0; f >= 0.0; f -= 0.05) {
    const double now = drop_chance(p, 0.0, f).infidelity;
    CHECK(now > last);
    if (last >= 0.0) CHECK(now - last == Approx(0.02 * 0.05).margin(1e-12));
    last = now;
  }
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
    return choose_seeds(p, g, c, ready, {}, r);
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
