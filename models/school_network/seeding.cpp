#include "models/school_network/seeding.hpp"

#include <algorithm>
#include <array>
#include <deque>

namespace loom {
namespace {
constexpr std::array<std::string_view, 6> kStrategyChoices{"random",    "central", "peripheral",
                                                           "clustered", "ready",   "named"};

std::vector<std::uint32_t> ranked(std::uint32_t n, auto better) {
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), better);
  return order;
}
}  // namespace

const ParameterTable<SeedingParams>& seeding_table() {
  static const ParameterTable<SeedingParams> table = [] {
    ParameterTable<SeedingParams> t{"seeding", "Where the practice starts", {}, {}};
    t.add(&SeedingParams::strategy,
          {"strategy", ValueKind::kChoice, 0, 0, 5, "", "Which schools start",
           "random; central (eigenvector centrality); peripheral; clustered (one "
           "neighbourhood); ready (most spare capacity); named (the schools seeding.named "
           "lists)",
           "Seeding strategies for diffusion (Rogers 2003; clustered seeding: Centola 2010; "
           "centrality: Bonacich 1972)",
           kStrategyChoices});
    t.add(&SeedingParams::schools,
          {"schools", ValueKind::kInteger, 4, 0, 20000, "schools", "Schools that start",
           "Member schools running the practice from week 0",
           "Loom assumption, illustrative (a network typically starts with a few early "
           "adopters: Rogers 2003)"});
    t.applies_when("seeding.strategy != \"named\"");
    t.add(&SeedingParams::named,
          {"named", ValueKind::kNames, 0, 0, 0, "school ids", "The schools that start",
           "With strategy \"named\": the member schools running the practice from week 0, by "
           "id (schools.file's, or S-1 .. S-n without one); the same schools in every run",
           "None: the user's own data (a hub's chosen pilot schools)"});
    t.applies_when("seeding.strategy == \"named\"");
    return t;
  }();
  return table;
}

std::vector<std::uint32_t> named_seeds(const SeedingParams& p,
                                       const std::vector<std::string>& ids) {
  std::vector<std::uint32_t> seeds;
  for (const std::string& name : split_names(p.named)) {
    const auto it = std::find(ids.begin(), ids.end(), name);
    if (it == ids.end()) {
      throw std::invalid_argument(
          "seeding.named: no school '" + name + "' in the network" + suggestion(name, ids) +
          " (ids: the schools.file's, or S-1 .. S-" + std::to_string(ids.size()) + " without one)");
    }
    seeds.push_back(static_cast<std::uint32_t>(it - ids.begin()));
  }
  return seeds;
}

std::vector<std::uint32_t> choose_seeds(const SeedingParams& p, const SchoolGraph& g,
                                        const std::vector<double>& centrality,
                                        const std::vector<Readiness>& readiness,
                                        const std::vector<std::uint32_t>& named, RandomStream& r) {
  if (static_cast<SeedingStrategy>(p.strategy) == SeedingStrategy::kNamed) return named;
  const std::uint32_t n = g.schools;
  const auto k = std::min<std::uint32_t>(n, static_cast<std::uint32_t>(p.schools));
  std::vector<std::uint32_t> order;
  switch (static_cast<SeedingStrategy>(p.strategy)) {
    case SeedingStrategy::kRandom: {
      order.resize(n);
      for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
      for (std::uint32_t i = 0; i < k; ++i) std::swap(order[i], order[i + r.below(n - i)]);
      break;
    }
    case SeedingStrategy::kCentral:
      order = ranked(n, [&](auto a, auto b) { return centrality[a] > centrality[b]; });
      break;
    case SeedingStrategy::kPeripheral:
      order = ranked(n, [&](auto a, auto b) { return centrality[a] < centrality[b]; });
      break;
    case SeedingStrategy::kReady:
      order = ranked(n, [&](auto a, auto b) {
        if (readiness[a].capacity != readiness[b].capacity)
          return readiness[a].capacity > readiness[b].capacity;
        return readiness[a].poverty < readiness[b].poverty;
      });
      break;
    case SeedingStrategy::kNamed:  // returned above
      break;
    case SeedingStrategy::kClustered: {
      // Breadth first from a random school; when a neighbourhood is used up
      // (few ties), continue from another random school.
      std::vector<char> seen(n, 0);
      std::deque<std::uint32_t> queue;
      while (order.size() < k) {
        if (queue.empty()) {
          std::uint32_t start = r.below(n);
          while (seen[start]) start = (start + 1) % n;
          seen[start] = 1;
          queue.push_back(start);
        }
        const std::uint32_t s = queue.front();
        queue.pop_front();
        order.push_back(s);
        for (const std::uint32_t t : g.neighbours(s)) {
          if (!seen[t]) {
            seen[t] = 1;
            queue.push_back(t);
          }
        }
      }
      break;
    }
  }
  order.resize(k);
  return order;
}

}  // namespace loom
