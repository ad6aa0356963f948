#include "models/school/staff/tie_store.hpp"

#include <algorithm>
#include <stdexcept>

namespace loom {

TieStore TieStore::from_pairs(std::size_t people,
                              std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs,
                              float initial_trust) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> directed;
  directed.reserve(pairs.size() * 2);
  for (const auto& [a, b] : pairs) {
    if (a >= people || b >= people)
      throw std::out_of_range("tie names a person who does not exist");
    if (a == b) continue;
    directed.emplace_back(a, b);
    directed.emplace_back(b, a);
  }
  std::sort(directed.begin(), directed.end());
  directed.erase(std::unique(directed.begin(), directed.end()), directed.end());
  TieStore s;
  s.offset.assign(people + 1, 0);
  for (const auto& [a, b] : directed) ++s.offset[a + 1];
  for (std::size_t i = 0; i < people; ++i) s.offset[i + 1] += s.offset[i];
  s.neighbour.reserve(directed.size());
  for (const auto& edge : directed) s.neighbour.push_back(edge.second);
  s.trust.assign(directed.size(), initial_trust);
  return s;
}

}  // namespace loom
