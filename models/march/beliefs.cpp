#include "models/march/beliefs.hpp"

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

namespace {

// Calls fn(dimension, k, majority_positive) for every dimension, in order,
// where the strict majority of the superior actions is against the code:
// k = majority count minus minority count (a tie changes nothing).
template <class Fn>
void for_each_disagreement(std::uint64_t code_known, std::uint64_t code_positive,
                           std::span<const std::uint64_t> superior_actions, int m, Fn&& fn) {
  DimensionCounter plus(superior_actions.size());
  for (const std::uint64_t action : superior_actions) plus.add(action);
  const int group = static_cast<int>(superior_actions.size());
  for (int d = 0; d < m; ++d) {
    const int margin = 2 * plus.count(d) - group;  // (+1 actions) - (-1 actions)
    if (margin == 0) continue;
    const std::uint64_t bit = std::uint64_t{1} << d;
    const bool majority_positive = margin > 0;
    if ((code_known & bit) && (((code_positive & bit) != 0) == majority_positive)) continue;
    fn(d, majority_positive ? margin : -margin, majority_positive);
  }
}

void set_code(std::uint64_t& code_known, std::uint64_t& code_positive, int d, bool positive) {
  const std::uint64_t bit = std::uint64_t{1} << d;
  code_known |= bit;
  code_positive = positive ? (code_positive | bit) : (code_positive & ~bit);
}

}  // namespace

void learn_code(std::uint64_t& code_known, std::uint64_t& code_positive,
                std::span<const std::uint64_t> superior_actions, int m,
                std::span<const std::uint64_t> keep, RandomStream& stream) {
  if (superior_actions.empty()) return;
  for_each_disagreement(code_known, code_positive, superior_actions, m,
                        [&](int d, int k, bool positive) {
                          // Changes with probability 1 - (1-p2)^k: a draw at or above "keep".
                          if (stream.bernoulli_u32(keep[static_cast<std::size_t>(k)])) return;
                          set_code(code_known, code_positive, d, positive);
                        });
}

void learn_code_agenda(std::uint64_t& code_known, std::uint64_t& code_positive,
                       std::span<const std::uint64_t> superior_actions, int m,
                       std::span<const std::uint64_t> keep, int agenda_items,
                       RandomStream& stream) {
  if (superior_actions.empty() || agenda_items <= 0) return;
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
  for_each_disagreement(code_known, code_positive, superior_actions, m,
                        [&](int d, int k, bool positive) {
                          candidates[count++] = {k, stream.next_u32(), d, positive};
                        });
  const auto items = std::min(count, static_cast<std::size_t>(agenda_items));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(items),
                    candidates.begin() + static_cast<std::ptrdiff_t>(count),
                    [](const Candidate& a, const Candidate& b) {
                      return a.k != b.k ? a.k > b.k : a.order < b.order;
                    });
  for (std::size_t i = 0; i < items; ++i) {
    const Candidate& x = candidates[i];
    if (stream.bernoulli_u32(keep[static_cast<std::size_t>(x.k)])) continue;
    set_code(code_known, code_positive, x.dimension, x.positive);
  }
}

}  // namespace loom
