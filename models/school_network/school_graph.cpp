#include "models/school_network/school_graph.hpp"

#include "models/school_network/network_files.hpp"

#include <Eigen/SparseCore>
#include <algorithm>
#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/small_world_generator.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_set>

namespace loom {
namespace {

constexpr std::array<std::string_view, 7> kTopologyChoices{
    "hub-and-spoke", "buddy", "ring-lattice", "random", "small-world", "scale-free", "file"};

// A RandomStream as the uniform random bit generator Boost.Graph's
// generators take (copyable: small_world_iterator copies it back and forth).
struct StreamBits {
  using result_type = std::uint32_t;
  RandomStream* stream;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return stream->next_u32(); }
};

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

Pairs ring_lattice(std::uint32_t n, std::uint32_t k) {
  Pairs pairs;
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t j = 1; j <= k / 2; ++j) pairs.emplace_back(i, (i + j) % n);
  return pairs;
}

std::uint64_t tie_key(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (std::uint64_t{a} << 32) | b;
}

// Degree-preserving double-edge swaps: (a,b),(c,d) -> (a,d),(c,b) when that
// makes no self-loop or repeated tie; ten tries per tie mix the lattice
// beyond recognition (Maslov & Sneppen 2002 use a few per tie).
Pairs randomise_keeping_degree(Pairs pairs, RandomStream& r) {
  std::unordered_set<std::uint64_t> present;
  for (const auto& [a, b] : pairs) present.insert(tie_key(a, b));
  const auto m = static_cast<std::uint32_t>(pairs.size());
  for (std::uint64_t attempt = 0; m > 1 && attempt < 10ull * m; ++attempt) {
    auto& e = pairs[r.below(m)];
    auto& f = pairs[r.below(m)];
    if (&e == &f) continue;
    // Either orientation of the second tie, so every rewiring is possible.
    if (r.next_u32() & 1u) std::swap(f.first, f.second);
    const auto [a, b] = e;
    const auto [c, d] = f;
    if (a == d || c == b || present.count(tie_key(a, d)) || present.count(tie_key(c, b))) continue;
    present.erase(tie_key(a, b));
    present.erase(tie_key(c, d));
    present.insert(tie_key(a, d));
    present.insert(tie_key(c, b));
    e = {a, d};
    f = {c, b};
  }
  return pairs;
}

Pairs small_world(std::uint32_t n, std::uint32_t k, double rewire, RandomStream& r) {
  using Graph = boost::adjacency_list<>;
  StreamBits bits{&r};
  boost::small_world_iterator<StreamBits, Graph> it(bits, n, k, rewire), end;
  Pairs pairs;
  for (; it != end; ++it)
    pairs.emplace_back(static_cast<std::uint32_t>(it->first),
                       static_cast<std::uint32_t>(it->second));
  return pairs;
}

Pairs scale_free(std::uint32_t n, std::uint32_t k, RandomStream& r) {
  const std::uint32_t m = std::max<std::uint32_t>(1, k / 2);
  Pairs pairs;
  std::vector<std::uint32_t> ends;  // each tie's two ends: drawing one is degree-proportional
  for (std::uint32_t a = 0; a <= m && a < n; ++a)
    for (std::uint32_t b = a + 1; b <= m && b < n; ++b) {
      pairs.emplace_back(a, b);
      ends.push_back(a);
      ends.push_back(b);
    }
  std::vector<std::uint32_t> chosen;
  for (std::uint32_t v = m + 1; v < n; ++v) {
    chosen.clear();
    while (chosen.size() < m) {
      const std::uint32_t t = ends[r.below(static_cast<std::uint32_t>(ends.size()))];
      if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) chosen.push_back(t);
    }
    for (const std::uint32_t t : chosen) {
      pairs.emplace_back(t, v);
      ends.push_back(t);
      ends.push_back(v);
    }
  }
  return pairs;
}

Pairs buddies(std::uint32_t n, RandomStream& r) {
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  for (std::uint32_t i = n; i > 1; --i) std::swap(order[i - 1], order[r.below(i)]);  // shuffle
  Pairs pairs;
  for (std::uint32_t i = 0; i + 1 < n; i += 2) pairs.emplace_back(order[i], order[i + 1]);
  if (n % 2 == 1 && n >= 3) {  // the last school joins the last pair: a triad
    pairs.emplace_back(order[n - 3], order[n - 1]);
    pairs.emplace_back(order[n - 2], order[n - 1]);
  }
  return pairs;
}

// Buddy pairs from the hub's partnership file: its ties in file order, each
// taken when neither school has a buddy yet (a greedy matching), then the
// schools left over paired at random as without a file. A single school left
// over joins its first partner in the file (a triad), if it has one.
Pairs buddies_from(std::uint32_t n, const Pairs& file, RandomStream& r) {
  std::vector<char> paired(n, 0);
  Pairs pairs;
  for (const auto& [a, b] : file) {
    if (paired[a] || paired[b]) continue;
    paired[a] = paired[b] = 1;
    pairs.emplace_back(a, b);
  }
  std::vector<std::uint32_t> rest;
  for (std::uint32_t i = 0; i < n; ++i)
    if (!paired[i]) rest.push_back(i);
  if (rest.size() == 1) {
    for (const auto& [a, b] : file) {
      if (a == rest[0] || b == rest[0]) {
        pairs.emplace_back(a, b);
        break;
      }
    }
    return pairs;
  }
  for (const auto& [a, b] : buddies(static_cast<std::uint32_t>(rest.size()), r))
    pairs.emplace_back(rest[a], rest[b]);
  return pairs;
}

}  // namespace

std::string_view topology_name(Topology t) {
  return kTopologyChoices[static_cast<std::size_t>(t)];
}

const ParameterTable<NetworkParams>& network_table() {
  static const ParameterTable<NetworkParams> table = [] {
    ParameterTable<NetworkParams> t{"network", "Network of schools: members and ties", {}, {}};
    t.add(&NetworkParams::schools,
          {"schools", ValueKind::kInteger, 40, 2, 20000, "schools", "Schools in the network",
           "Member schools; each runs the full school model",
           "Loom assumption, illustrative (networked improvement communities range from a "
           "handful of schools to hundreds: Bryk et al. 2015)"});
    t.add(
        &NetworkParams::topology,
        {"topology", ValueKind::kChoice, 1, 0, 6, "", "How schools are tied",
         "hub-and-spoke: schools tied to the hub only; buddy: pairs of partner schools; "
         "ring-lattice: clustered neighbourhoods; random: same degree, rewired; small-world: "
         "ring with some ties rewired; scale-free: a few schools with many ties; file: the ties in "
         "network.edges_file",
         "Network structures compared by Centola 2010 (clustered vs random) and Watts & "
         "Strogatz 1998 (small world); hub vs peer designs: Bryk et al. 2015",
         kTopologyChoices});
    t.add(&NetworkParams::degree,
          {"degree", ValueKind::kInteger, 4, 1, 100, "ties per school",
           "Ties each school has to other schools",
           "ring-lattice and random: exactly this (even); small-world: this on average; "
           "scale-free: about this on average (degree / 2 new ties per school)",
           "Centola 2010 used 6 neighbours per person; Loom assumption, illustrative"});
    t.applies_when(
        "network.topology == \"ring-lattice\" or network.topology == \"random\" or "
        "network.topology == \"small-world\" or network.topology == \"scale-free\"");
    t.add(&NetworkParams::rewire,
          {"rewire", ValueKind::kReal, 0.1, 0, 1, "probability per tie",
           "Chance a tie is rewired at random", "Watts-Strogatz rewiring probability",
           "Watts & Strogatz 1998 (small worlds appear from about 0.01); Loom assumption, "
           "illustrative"});
    t.applies_when("network.topology == \"small-world\"");
    t.add(&NetworkParams::rows_every_weeks,
          {"rows_every_weeks", ValueKind::kInteger, 12, 1, 52, "weeks",
           "Weeks between per-school rows",
           "The school_rows table holds every school at week 0, every this-many weeks, and at "
           "the last week",
           "Loom assumption: output size only, no effect on results"});
    t.add(&NetworkParams::edges_file,
          {"edges_file", ValueKind::kPath, 0, 0, 0, "CSV file", "File of ties between schools",
           "Edge list with a header row 'source,target' (school ids: the schools.file ids, or "
           "S-1 .. S-n without one); ties are undirected, repeats merged. With topology buddy: "
           "the partnerships buddy pairs are taken from (in file order, each school once; "
           "schools left over are paired at random)",
           "None: the user's own data (a network's real partnerships)"});
    t.applies_when("network.topology == \"file\" or network.topology == \"buddy\"");
    t.fixed_at_start("read once when the network is built");
    return t;
  }();
  return table;
}

SchoolGraph SchoolGraph::from_pairs(std::uint32_t schools, Pairs pairs) {
  for (auto& [a, b] : pairs)
    if (a > b) std::swap(a, b);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::erase_if(pairs, [](const auto& e) { return e.first == e.second; });
  SchoolGraph g;
  g.schools = schools;
  g.offset.assign(schools + 1, 0);
  for (const auto& [a, b] : pairs) {
    ++g.offset[a + 1];
    ++g.offset[b + 1];
  }
  for (std::uint32_t i = 0; i < schools; ++i) g.offset[i + 1] += g.offset[i];
  g.neighbour.resize(g.offset[schools]);
  std::vector<std::uint32_t> fill(g.offset.begin(), g.offset.end() - 1);
  for (const auto& [a, b] : pairs) {
    g.neighbour[fill[a]++] = b;
    g.neighbour[fill[b]++] = a;
  }
  g.ties = std::move(pairs);
  return g;
}

std::string graph_problem(const NetworkParams& p) {
  const auto t = static_cast<Topology>(p.topology);
  if (t == Topology::kHubAndSpoke || t == Topology::kBuddy) return "";
  if (t == Topology::kFile)
    return p.edges_file.empty() ? "network.topology = \"file\" needs network.edges_file (a CSV "
                                  "edge list with the header source,target)"
                                : "";
  const std::string name(topology_name(t));
  if (p.degree >= p.schools)
    return "network.degree (" + std::to_string(p.degree) + ") must be below network.schools (" +
           std::to_string(p.schools) + ") for topology " + name;
  if ((t == Topology::kRingLattice || t == Topology::kRandom || t == Topology::kSmallWorld) &&
      p.degree % 2 != 0)
    return "network.degree (" + std::to_string(p.degree) + ") must be even for topology " + name +
           " (degree / 2 neighbours on each side of the ring)";
  if (t == Topology::kScaleFree && p.degree < 2)
    return "network.degree must be at least 2 for topology scale-free (degree / 2 new ties per "
           "school)";
  return "";
}

SchoolGraph build_school_graph(const NetworkParams& p, RandomStream& r,
                               const std::vector<std::string>& ids) {
  if (const std::string problem = graph_problem(p); !problem.empty())
    throw std::invalid_argument(problem);
  const auto n = static_cast<std::uint32_t>(p.schools);
  const auto k = static_cast<std::uint32_t>(p.degree);
  switch (static_cast<Topology>(p.topology)) {
    case Topology::kHubAndSpoke:
      return SchoolGraph::from_pairs(n, {});
    case Topology::kBuddy:  // the hub's partnerships when it gives them
      return SchoolGraph::from_pairs(
          n, p.edges_file.empty() ? buddies(n, r)
                                  : buddies_from(n, read_edges_file(p.edges_file, ids, n), r));
    case Topology::kRingLattice:
      return SchoolGraph::from_pairs(n, ring_lattice(n, k));
    case Topology::kRandom:
      return SchoolGraph::from_pairs(n, randomise_keeping_degree(ring_lattice(n, k), r));
    case Topology::kSmallWorld:
      return SchoolGraph::from_pairs(n, small_world(n, k, p.rewire, r));
    case Topology::kScaleFree:
      return SchoolGraph::from_pairs(n, scale_free(n, k, r));
    case Topology::kFile:
      return SchoolGraph::from_pairs(n, read_edges_file(p.edges_file, ids, n));
  }
  throw std::invalid_argument("unknown network.topology");
}

std::vector<double> eigenvector_centrality(const SchoolGraph& g) {
  const auto n = static_cast<Eigen::Index>(g.schools);
  std::vector<double> result(g.schools, 0.0);
  if (g.ties.empty()) return result;
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(2 * g.ties.size() + g.schools);
  for (const auto& [a, b] : g.ties) {
    entries.emplace_back(a, b, 1.0);
    entries.emplace_back(b, a, 1.0);
  }
  for (Eigen::Index i = 0; i < n; ++i) entries.emplace_back(i, i, 1.0);
  Eigen::SparseMatrix<double> a(n, n);
  a.setFromTriplets(entries.begin(), entries.end());
  Eigen::VectorXd x = Eigen::VectorXd::Ones(n) / std::sqrt(static_cast<double>(n));
  // Converges at the rate of the second eigenvalue over the first; 1,000
  // sweeps of a sparse product cost ~0.1 s at 10,000 schools, paid once.
  for (int sweep = 0; sweep < 1000; ++sweep) {
    Eigen::VectorXd next = a * x;
    next /= next.norm();
    const double change = (next - x).lpNorm<Eigen::Infinity>();
    x = std::move(next);
    if (change < 1e-12) break;
  }
  const double top = x.maxCoeff();
  for (Eigen::Index i = 0; i < n; ++i) result[static_cast<std::size_t>(i)] = x[i] / top;
  return result;
}

}  // namespace loom
