#pragma once
// Which schools start with the practice (section [seeding]).
//
// - random: any `schools` member schools;
// - central: the highest eigenvector centrality (Bonacich 1972), the
//   schools best connected to well-connected schools;
// - peripheral: the lowest;
// - clustered: one neighbourhood: a random school, then its ties, then
//   theirs (breadth first), so seeds reinforce each other (Centola 2010);
// - ready: the schools with the most spare capacity (teachers' hours for
//   improvement work), fewer poor students breaking ties;
// - named: the schools `seeding.named` lists by id, the same in every run
//   (a hub's own pilots, or what loom choose-seeds found).
// Ties in any ranking are broken by school id, so seeds never depend on
// the order of a sort.
#include <cstdint>
#include <string>
#include <vector>

#include "models/school_network/school_graph.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/input/parameter.hpp"

namespace loom {

enum class SeedingStrategy : int { kRandom = 0, kCentral, kPeripheral, kClustered, kReady, kNamed };

struct SeedingParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int strategy{};
  int schools{};
  std::string named;  // kNames: ids, one a line
};

// The schools `p.named` names, as indices into `ids` (the network's ids in
// school order). Throws std::invalid_argument for an id not in `ids`,
// suggesting the nearest one.
std::vector<std::uint32_t> named_seeds(const SeedingParams& p, const std::vector<std::string>& ids);

const ParameterTable<SeedingParams>& seeding_table();

// What the ready strategy ranks by, per school.
struct Readiness {
  double capacity = 0.0;  // hours a week
  double poverty = 0.0;
};

// The seed schools, in the order chosen (`named`: named_seeds' result, used
// by the named strategy).
std::vector<std::uint32_t> choose_seeds(const SeedingParams& p, const SchoolGraph& g,
                                        const std::vector<double>& centrality,
                                        const std::vector<Readiness>& readiness,
                                        const std::vector<std::uint32_t>& named,
                                        RandomStream& stream);

}  // namespace loom
