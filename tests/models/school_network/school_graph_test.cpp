// The school network's generators build what their names promise: exact
// degrees where the topology fixes them, the mean where it does not, no
// self-loops or repeated ties, the same graph for the same stream.
#include <catch2/catch.hpp>
#include <set>

#include "models/school_network/network_purposes.hpp"
#include "models/school_network/school_graph.hpp"

using namespace loom;

namespace {

NetworkParams params(Topology t, int schools, int degree, double rewire = 0.1) {
  NetworkParams p = network_table().defaults();
  p.topology = static_cast<int>(t);
  p.schools = schools;
  p.degree = degree;
  p.rewire = rewire;
  return p;
}

SchoolGraph build(const NetworkParams& p, std::uint64_t seed = 1) {
  RandomStream r(StreamKey{seed, 0, 0, 0, 0, purpose::kNetworkGraph});
  return build_school_graph(p, r);
}

void check_simple(const SchoolGraph& g) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (const auto& [a, b] : g.ties) {
    CHECK(a < b);
    CHECK(b < g.schools);
    CHECK(seen.insert({a, b}).second);
  }
  std::size_t ends = 0;
  for (std::uint32_t i = 0; i < g.schools; ++i) ends += g.degree(i);
  CHECK(ends == 2 * g.ties.size());
}

// Share of a school's pairs of neighbours that are tied themselves, averaged.
double clustering(const SchoolGraph& g) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> tie(g.ties.begin(), g.ties.end());
  double total = 0.0;
  for (std::uint32_t i = 0; i < g.schools; ++i) {
    const auto nb = g.neighbours(i);
    int pairs = 0, closed = 0;
    for (std::size_t x = 0; x < nb.size(); ++x)
      for (std::size_t y = x + 1; y < nb.size(); ++y) {
        ++pairs;
        closed += tie.count({std::min(nb[x], nb[y]), std::max(nb[x], nb[y])}) ? 1 : 0;
      }
    total += pairs ? static_cast<double>(closed) / pairs : 0.0;
  }
  return total / g.schools;
}

}  // namespace

TEST_CASE("Ring lattice: every school has exactly the degree, neighbours share neighbours",
          "[network][topology]") {
  const auto g = build(params(Topology::kRingLattice, 100, 6));
  check_simple(g);
  for (std::uint32_t i = 0; i < g.schools; ++i) CHECK(g.degree(i) == 6);
  CHECK(g.ties.size() == 300);
  // k = 6: 3(k - 2) / (4(k - 1)) = 0.6 (Watts & Strogatz 1998).
  CHECK(clustering(g) == Approx(0.6).margin(1e-12));
}

TEST_CASE("Random of equal degree: same degree everywhere, clustering gone",
          "[network][topology]") {
  const auto g = build(params(Topology::kRandom, 200, 6));
  check_simple(g);
  for (std::uint32_t i = 0; i < g.schools; ++i) CHECK(g.degree(i) == 6);
  // A random 6-regular graph on 200 nodes has clustering ~ 5/199 = 0.025;
  // 0.1 leaves room for chance and is far below the lattice's 0.6.
  CHECK(clustering(g) < 0.1);
}

TEST_CASE("Small world: no rewiring is the ring lattice, and rewiring keeps the mean degree",
          "[network][topology]") {
  const auto ring = build(params(Topology::kRingLattice, 100, 4));
  const auto none = build(params(Topology::kSmallWorld, 100, 4, 0.0));
  CHECK(none.ties == ring.ties);
  const auto g = build(params(Topology::kSmallWorld, 1000, 4, 0.1));
  check_simple(g);
  // Boost's generator makes n k / 2 ties; a rewired tie that repeats one
  // already there is merged, which is rare (~k / n per tie).
  CHECK(g.ties.size() <= 2000);
  CHECK(g.ties.size() >= 1990);
  CHECK(clustering(g) < clustering(ring));
}

TEST_CASE("Scale-free: mean degree about the degree, a few schools with many ties",
          "[network][topology]") {
  const auto g = build(params(Topology::kScaleFree, 2000, 4));
  check_simple(g);
  std::uint32_t most = 0, least = 1000;
  for (std::uint32_t i = 0; i < g.schools; ++i) {
    most = std::max(most, g.degree(i));
    least = std::min(least, g.degree(i));
  }
  // Each new school brings degree / 2 = 2 ties: mean 2 x 2 = 4 less the
  // start; the best-connected school has many times the mean.
  const double mean = 2.0 * static_cast<double>(g.ties.size()) / g.schools;
  CHECK(mean == Approx(4.0).margin(0.01));
  CHECK(least >= 2);
  CHECK(most >= 20);
}

TEST_CASE("Buddy: pairs, one triad when the count is odd, and hub-and-spoke has no ties",
          "[network][topology]") {
  const auto even = build(params(Topology::kBuddy, 40, 4));
  check_simple(even);
  for (std::uint32_t i = 0; i < even.schools; ++i) CHECK(even.degree(i) == 1);
  const auto odd = build(params(Topology::kBuddy, 41, 4));
  check_simple(odd);
  int twos = 0;
  for (std::uint32_t i = 0; i < odd.schools; ++i) {
    CHECK((odd.degree(i) == 1 || odd.degree(i) == 2));
    twos += odd.degree(i) == 2 ? 1 : 0;
  }
  CHECK(twos == 3);
  CHECK(build(params(Topology::kHubAndSpoke, 40, 4)).ties.empty());
}

TEST_CASE("A graph depends on its stream only", "[network][topology]") {
  for (auto t :
       {Topology::kBuddy, Topology::kRandom, Topology::kSmallWorld, Topology::kScaleFree}) {
    const auto p = params(t, 300, 4);
    CHECK(build(p, 5).ties == build(p, 5).ties);
    CHECK(build(p, 5).ties != build(p, 6).ties);
  }
}

TEST_CASE("Degrees a generator cannot build are refused, naming the keys",
          "[network][topology][bad_input]") {
  CHECK_THROWS_WITH(build(params(Topology::kRingLattice, 100, 5)),
                    Catch::Contains("network.degree (5) must be even"));
  CHECK_THROWS_WITH(build(params(Topology::kRandom, 6, 6)),
                    Catch::Contains("must be below network.schools (6)"));
  CHECK(graph_problem(params(Topology::kBuddy, 6, 7)).empty());  // degree unused
}

TEST_CASE("Eigenvector centrality: a star's centre leads, a ring is even", "[network][topology]") {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> star;
  for (std::uint32_t i = 1; i < 8; ++i) star.emplace_back(0, i);
  const auto c = eigenvector_centrality(SchoolGraph::from_pairs(8, star));
  CHECK(c[0] == Approx(1.0));
  for (std::uint32_t i = 1; i < 8; ++i) CHECK(c[i] < 0.5);
  const auto ring = eigenvector_centrality(build(params(Topology::kRingLattice, 50, 4)));
  for (double x : ring) CHECK(x == Approx(1.0).margin(1e-9));
}
