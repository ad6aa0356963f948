#pragma once
// Staff-staff ties in compressed sparse row form: the ties of slot i are
// neighbour[offset[i] .. offset[i+1]) with a trust value each. Undirected
// ties are stored in both directions so each row is complete.
// Cost: building is O(E log E); a row is contiguous, so walking a person's
// colleagues touches one small block of memory.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace loom {

struct TieStore {
  std::vector<std::uint32_t> offset;  // size = people + 1
  std::vector<std::uint32_t> neighbour;
  std::vector<float> trust;  // 0 (none) .. 1 (full relational trust)

  std::size_t people() const { return offset.empty() ? 0 : offset.size() - 1; }
  std::size_t tie_count() const { return neighbour.size(); }
  std::span<const std::uint32_t> neighbours(std::size_t person) const {
    return {neighbour.data() + offset[person], neighbour.data() + offset[person + 1]};
  }
  std::span<float> trust_of(std::size_t person) {
    return {trust.data() + offset[person], trust.data() + offset[person + 1]};
  }

  // Builds the store from undirected pairs (duplicates and self-ties dropped).
  static TieStore from_pairs(std::size_t people,
                             std::span<const std::pair<std::uint32_t, std::uint32_t>> pairs,
                             float initial_trust);
};

}  // namespace loom
