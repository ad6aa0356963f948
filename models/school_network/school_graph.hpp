#pragma once
// The ties between the schools of a network (section [network]).
//
// Topologies:
// - hub-and-spoke: no ties between schools; every school is tied to the
//   hub only (convenings and coaching, hub.hpp), so the practice travels
//   through the hub alone.
// - buddy: schools paired into buddy partnerships (one triad when the count
//   is odd), pairs drawn at random.
// - ring-lattice: each school tied to degree / 2 neighbours on each side
//   of a ring: clustered (neighbours share neighbours), long paths.
// - random: the ring lattice with every tie rewired by degree-preserving
//   swaps (Maslov & Sneppen 2002): every school keeps exactly `degree`
//   ties, but neighbours rarely share neighbours. This is the "random
//   network of the same degree" that complex contagion is compared on
//   (Centola 2010).
// - small-world: Watts & Strogatz 1998 rewiring of the ring lattice with
//   chance `rewire` per tie (Boost.Graph's small_world_iterator); duplicate
//   ties a rewiring creates are merged.
// - scale-free: preferential attachment (Barabasi & Albert 1999), each new
//   school tying to degree / 2 existing schools with chance proportional to
//   their ties. Boost.Graph's plod_iterator gives a power law but neither a
//   chosen mean degree nor a graph without repeated ties, hence own code.
// - file: the ties of a real network, read from network.edges_file (an
//   edge list, network_files.hpp); no draws.
// All draws come from one stream keyed by purpose (kNetworkGraph), so the
// graph is the same for any thread count.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/random_stream.hpp"
#include "sim/input/parameter.hpp"

namespace loom {

enum class Topology : int {
  kHubAndSpoke = 0,
  kBuddy = 1,
  kRingLattice = 2,
  kRandom = 3,
  kSmallWorld = 4,
  kScaleFree = 5,
  kFile = 6,
};

struct NetworkParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int schools{};
  int topology{};
  int degree{};
  double rewire{};
  int rows_every_weeks{};
  std::string edges_file;  // absolute, or "" (scenario.cpp resolves it)
};

const ParameterTable<NetworkParams>& network_table();
std::string_view topology_name(Topology t);

// Undirected simple graph: ties (a < b) sorted, and adjacency lists.
struct SchoolGraph {
  std::uint32_t schools = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
  std::vector<std::uint32_t> offset;  // schools + 1
  std::vector<std::uint32_t> neighbour;

  std::span<const std::uint32_t> neighbours(std::uint32_t s) const {
    return {neighbour.data() + offset[s], neighbour.data() + offset[s + 1]};
  }
  std::uint32_t degree(std::uint32_t s) const { return offset[s + 1] - offset[s]; }
  // Sorts, drops self-loops and repeated ties, builds the adjacency.
  static SchoolGraph from_pairs(std::uint32_t schools,
                                std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs);
};

// Builds the topology; throws std::invalid_argument naming the keys when the
// degree cannot be built (odd on a ring, not below the number of schools),
// and NetworkFileError for a bad edge list. `ids`: the schools file's ids
// (empty: the edge list uses 0 .. schools - 1).
SchoolGraph build_school_graph(const NetworkParams& p, RandomStream& stream,
                               const std::vector<std::string>& ids = {});
// The reason the parameters cannot be built, or "" (for Model::validate).
std::string graph_problem(const NetworkParams& p);

// Eigenvector centrality (Bonacich 1972), by power iteration on A + I with
// Eigen's sparse matrices (the shift keeps bipartite graphs from
// oscillating; it does not move the leading eigenvector). Scaled so the
// largest is 1; all 0 when there are no ties.
std::vector<double> eigenvector_centrality(const SchoolGraph& g);

}  // namespace loom
