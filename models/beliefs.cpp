#include "beliefs.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace loom {

std::vector<std::uint64_t> code_keep_thresholds(double p2, int max_k) {
  std::vector<std::uint64_t> keep(static_cast<std::size_t>(max_k) + 1);
  for (int k = 0; k <= max_k; ++k) {
    keep[static_cast<std::size_t>(k)] = RandomStream::bernoulli_threshold(std::pow(1.0 - p2, k));
  }
  return keep;
}

void learn_code(std::uint64_t& code_known, std::uint64_t& code_positive,
                std::span<const std::uint64_t> superior_actions, int m,
                std::span<const std::uint64_t> keep, RandomStream& stream) {
  if (superior_actions.empty()) return;
  DimensionCounter plus;
  for (const std::uint64_t action : superior_actions) plus.add(action);
  const int group = static_cast<int>(superior_actions.size());
  for (int d = 0; d < m; ++d) {
    const int k_plus = plus.count(d);
    const int margin = 2 * k_plus - group;  // (+1 actions) - (-1 actions)
    if (margin == 0) continue;              // a tie changes nothing
    const std::uint64_t bit = std::uint64_t{1} << d;
    const bool majority_positive = margin > 0;
    const bool code_agrees =
        (code_known & bit) && (((code_positive & bit) != 0) == majority_positive);
    if (code_agrees) continue;
    const int k = majority_positive ? margin : -margin;
    // Changes with probability 1 - (1-p2)^k: a draw at or above "keep".
    if (stream.bernoulli_u32(keep[static_cast<std::size_t>(k)])) continue;
    code_known |= bit;
    code_positive = majority_positive ? (code_positive | bit) : (code_positive & ~bit);
  }
}

int learn_code_agenda(std::uint64_t& code_known, std::uint64_t& code_positive,
                      std::span<const std::uint64_t> superior_actions, int m,
                      std::span<const std::uint64_t> keep, int agenda_items, RandomStream& stream) {
  if (superior_actions.empty() || agenda_items <= 0) return 0;
  DimensionCounter plus;
  for (const std::uint64_t action : superior_actions) plus.add(action);
  const int group = static_cast<int>(superior_actions.size());
  // Candidates: (margin, random tie-break, dimension, majority sign). At
  // most 64 dimensions, so a fixed array and a partial sort cost nothing.
  struct Candidate {
    int k;
    std::uint32_t order;
    int dimension;
    bool positive;
  };
  std::array<Candidate, 64> candidates{};
  std::size_t count = 0;
  for (int d = 0; d < m; ++d) {
    const int margin = 2 * plus.count(d) - group;
    if (margin == 0) continue;
    const std::uint64_t bit = std::uint64_t{1} << d;
    const bool majority_positive = margin > 0;
    if ((code_known & bit) && (((code_positive & bit) != 0) == majority_positive)) continue;
    candidates[count++] = {majority_positive ? margin : -margin, stream.next_u32(), d,
                           majority_positive};
  }
  const auto items = std::min(count, static_cast<std::size_t>(agenda_items));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(items),
                    candidates.begin() + static_cast<std::ptrdiff_t>(count),
                    [](const Candidate& a, const Candidate& b) {
                      return a.k != b.k ? a.k > b.k : a.order < b.order;
                    });
  int changed = 0;
  for (std::size_t i = 0; i < items; ++i) {
    const Candidate& x = candidates[i];
    if (stream.bernoulli_u32(keep[static_cast<std::size_t>(x.k)])) continue;
    const std::uint64_t bit = std::uint64_t{1} << x.dimension;
    code_known |= bit;
    code_positive = x.positive ? (code_positive | bit) : (code_positive & ~bit);
    ++changed;
  }
  return changed;
}

}  // namespace loom
