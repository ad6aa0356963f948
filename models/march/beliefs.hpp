#pragma once
// Beliefs about practice as bit masks (March 1991's {-1, 0, +1} per dimension).
//
// A belief vector over m <= 64 dimensions is two masks: `known` (non-zero)
// and `positive` (+1 where known). Reality is one mask (every dimension is
// +1 or -1). Packing turns March's per-dimension loops into a few popcounts:
// scoring a person is ~4 instructions instead of 30 compares.
#include <array>
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "models/march/march_purposes.hpp"

namespace loom {

inline std::uint64_t dimension_mask(int m) {
  return m >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m) - 1;
}

// Correct minus wrong non-zero beliefs (March's knowledge score of a code).
// One of the set bits of a non-empty mask, uniformly at random: the index
// of a dimension among those the mask marks.
inline int random_dimension(std::uint64_t mask, RandomStream& stream) {
  int pick = static_cast<int>(stream.below(static_cast<std::uint32_t>(std::popcount(mask))));
  while (pick-- > 0) mask &= mask - 1;
  return std::countr_zero(mask);
}

inline int belief_score(std::uint64_t known, std::uint64_t positive, std::uint64_t reality) {
  const int wrong = std::popcount(known & (positive ^ reality));
  return std::popcount(known) - 2 * wrong;
}

// Acting: the belief where it is non-zero, a coin flip (bits of `coins`)
// where it is zero. Returns the mask of +1 actions.
inline std::uint64_t act(std::uint64_t known, std::uint64_t positive, std::uint64_t coins) {
  return (positive & known) | (coins & ~known);
}

// Performance of an action: dimensions matched minus dimensions missed.
inline int action_score(std::uint64_t action, std::uint64_t reality, std::uint64_t all_dims,
                        int m) {
  return m - 2 * std::popcount((action ^ reality) & all_dims);
}

// Naive beliefs (March's newcomers): -1, 0 or +1 with equal probability on
// each of m dimensions.
inline void draw_naive_beliefs(RandomStream& stream, int m, std::uint64_t& known,
                               std::uint64_t& positive) {
  known = positive = 0;
  for (int d = 0; d < m; ++d) {
    const std::uint32_t v = stream.below(3);  // 0: -1, 1: 0, 2: +1
    const std::uint64_t bit = std::uint64_t{1} << d;
    if (v != 1) known |= bit;
    if (v == 2) positive |= bit;
  }
}

// One step toward the code on each dimension of `move` (where the belief
// differs from a non-zero code): an opposite belief becomes 0, a 0 takes
// the code's sign.
inline void step_toward_code(std::uint64_t& known, std::uint64_t& positive, std::uint64_t move,
                             std::uint64_t code_positive) {
  const std::uint64_t doubt = move & known;   // opposite belief: to 0
  const std::uint64_t adopt = move & ~known;  // no belief: the code's
  known = (known & ~doubt) | adopt;
  positive = (positive & ~doubt) | (code_positive & adopt);
}

// Gradual socialisation: on each dimension where the code is non-zero and
// the belief differs, with probability p1 the belief takes one step toward
// the code (-1 -> 0 -> +1). Draws only for differing dimensions, so a
// converged organisation costs almost nothing.
inline void socialise(std::uint64_t& known, std::uint64_t& positive, std::uint64_t code_known,
                      std::uint64_t code_positive, std::uint64_t p1_threshold,
                      RandomStream& stream) {
  const std::uint64_t differ = code_known & (~known | (positive ^ code_positive));
  // The moves as a mask, without a branch per draw (~1 in 5 mispredicted).
  std::uint64_t move = 0;
  for (std::uint64_t rest = differ; rest; rest &= rest - 1) {
    const std::uint64_t bit = rest & (~rest + 1);
    move |=
        bit & (std::uint64_t{0} - static_cast<std::uint64_t>(stream.bernoulli_u32(p1_threshold)));
  }
  step_toward_code(known, positive, move, code_positive);
}

// Counts, for every dimension at once, how many added masks have that bit
// set: a ripple-carry adder over bit planes (plane p holds bit p of every
// dimension's count). Adding a mask costs 3 word operations per plane
// instead of one per dimension. Counts up to 2^12 - 1 (4095 people).
class DimensionCounter {
 public:
  // Counts up to max_count (<= 4095): every add runs over the planes such
  // a count needs, with no branch on the carry (stopping after the last
  // carry was a mispredicted branch per add).
  explicit DimensionCounter(std::size_t max_count)
      : planes_used_(static_cast<std::size_t>(std::bit_width(max_count))) {}
  void add(std::uint64_t mask) {
    for (std::size_t p = 0; p < planes_used_; ++p) {
      const std::uint64_t carry = planes_[p] & mask;
      planes_[p] ^= mask;
      mask = carry;
    }
  }
  int count(int dimension) const {
    int c = 0;
    for (std::size_t p = 0; p < planes_used_; ++p) {
      c |= static_cast<int>((planes_[p] >> dimension) & 1u) << p;
    }
    return c;
  }

 private:
  std::array<std::uint64_t, 12> planes_{};
  std::size_t planes_used_;
};

// The chance the code keeps its value when k more superior performers act
// against it than with it is (1 - p2)^k; as 32-bit thresholds, for k = 0..n.
std::vector<std::uint64_t> code_keep_thresholds(double p2, int max_k);

// Code learning from superior performers' actions (March 1991, footnote 1):
// on each dimension where the strict majority action of the superior group
// differs from the code, the code adopts it with probability 1 - (1-p2)^k,
// k = majority count minus minority count. `keep` from code_keep_thresholds
// must cover k up to superior_actions.size().
void learn_code(std::uint64_t& code_known, std::uint64_t& code_positive,
                std::span<const std::uint64_t> superior_actions, int m,
                std::span<const std::uint64_t> keep, RandomStream& stream);

// Code learning at a meeting with a limited agenda (staff_meetings.hpp): of
// the dimensions where the superior group's majority is against the code,
// only the `agenda_items` with the largest margin k are taken up (equal
// margins in random order), each changing with probability 1 - (1-p2)^k.
void learn_code_agenda(std::uint64_t& code_known, std::uint64_t& code_positive,
                       std::span<const std::uint64_t> superior_actions, int m,
                       std::span<const std::uint64_t> keep, int agenda_items, RandomStream& stream);

}  // namespace loom
