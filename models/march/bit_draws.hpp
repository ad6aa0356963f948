#pragma once
// Bernoulli draws that read random bits one at a time, many per table lookup.
//
// The law is RandomStream::bernoulli_u32's: true when a 32-bit uniform u is
// below a threshold t < 2^32. But u is compared with t from its top bit down
// and only the bits up to the first one that differs from t are read (two on
// average instead of 32); unread bits serve the next draw. So a Philox block
// serves ~64 draws instead of 4, and March's socialisation (thousands of p1
// trials per run) needs a few blocks a period.
//
// Reading bit by bit is a chain of dependent steps (find the first differing
// bit, shift it out, look again) with a branch per draw and per refill:
// ~10 cycles and many mispredicted branches a draw, which was most of a
// March run. A table built once per threshold (`BitDrawTable`) says, for the
// next 12 unread bits, how many whole draws they decide, their outcomes and
// how many bits those draws used: one lookup decides ~5 draws. A draw longer
// than 12 bits (probability < 1/2048 at any threshold) is read bit by bit as
// before, up to 32 bits. All the draws a period needs are made at once
// (draw_bits), so no branch waits on a draw. The draws are the same, bit for
// bit and in the same order, as reading one at a time:
// tests/models/march/bit_draws_test.cpp compares the two.
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "sim/core/random_stream.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LOOM_HAS_PDEP 1
#else
#define LOOM_HAS_PDEP 0
#endif

namespace loom {

class BitDrawTable {
 public:
  // What the next kWindowBits unread bits decide: the outcomes of the whole
  // draws they hold (first draw in bit 0, 1 is true), how many, and how many
  // bits those draws read. count 0: the first draw reads more bits.
  struct Entry {
    std::uint16_t outcomes = 0;
    std::uint8_t count = 0;
    std::uint8_t used = 0;
  };
  static constexpr int kWindowBits = 12;  // a 16 KB table: ~5 draws a lookup
  static constexpr std::uint32_t kWindows = 1u << kWindowBits;

  // t: the threshold, 0 < t < 2^32 (the caller handles p = 0 and p = 1).
  // Building one takes ~60 us (4,096 windows), the time of ~20,000 draws
  // read one at a time: draw_bits builds it only once a thread has made
  // that many draws at the threshold.
  explicit BitDrawTable(std::uint32_t threshold);

  std::uint32_t threshold() const { return threshold_; }
  // The entry of the next kWindowBits bits, the first read in the top bit.
  const Entry& entry(std::uint64_t window) const { return entry_[window]; }

 private:
  std::uint32_t threshold_;
  std::array<Entry, kWindows> entry_{};
};

// The next `count` draws of `stream` at `threshold` (0 < t < 2^32), as
// bits: draw i is bit i % 64 of outcomes[i / 64] (1 is true); the stream is
// left past the bits read, so it serves nothing after. By table once this
// thread has made kBuildTableAfter draws at the threshold in a row (a grid
// cell's replicates, a run at p1 = 0.1 makes ~17,000), one at a time before
// (a sweep that changes p1 every run never pays for a table). The same
// draws either way.
void draw_bits(std::uint32_t threshold, RandomStream& stream, std::size_t count,
               std::vector<std::uint64_t>& outcomes);
inline constexpr std::size_t kBuildTableAfter = 20000;

// The two ways, for draw_bits and the tests. By table: the stream's words in
// bulk (RandomStream::fill), read without a branch per word or per draw.
void draw_bits_by_table(const BitDrawTable& table, RandomStream& stream, std::size_t count,
                        std::vector<std::uint64_t>& outcomes);
void draw_bits_one_at_a_time(std::uint32_t threshold, RandomStream& stream, std::size_t count,
                             std::vector<std::uint64_t>& outcomes);

// Draws `first` to `first + k - 1` (1 <= k <= 64) of draw_bits' outcomes,
// the first in bit 0. The vector needs one word past the last draw's.
inline std::uint64_t draws_at(const std::vector<std::uint64_t>& outcomes, std::size_t first,
                              int k) {
  const std::size_t word = first / 64;
  const unsigned shift = first % 64;
  // (next << 1) << (63 - shift): the next word's low bits, or 0 when shift
  // is 0 (a shift by 64 is undefined).
  const std::uint64_t bits =
      (outcomes[word] >> shift) | ((outcomes[word + 1] << 1) << (63 - shift));
  return bits & (~std::uint64_t{0} >> (64 - k));
}

// Spreads k draws (bits 0..k-1) over the k set bits of `mask`, lowest
// first: a person's draws onto the dimensions where they differ from the
// code. Bit by bit here; in one instruction with BMI2's pdep below.
inline std::uint64_t spread_draws(std::uint64_t draws, std::uint64_t mask) {
  std::uint64_t spread = 0;
  for (std::uint64_t rest = mask; rest; rest &= rest - 1) {
    spread |= rest & (~rest + 1) & (std::uint64_t{0} - (draws & 1u));
    draws >>= 1;
  }
  return spread;
}

#if LOOM_HAS_PDEP
// The same with pdep. The loop above ends at an unpredictable count, a
// mispredicted branch per person and period that was ~15% of a March run.
// Call it only where pdep_is_fast(), from code compiled for BMI2.
__attribute__((target("bmi2"))) inline std::uint64_t spread_draws_pdep(std::uint64_t draws,
                                                                       std::uint64_t mask) {
  return _pdep_u64(draws, mask);
}
// BMI2 present and pdep fast: Intel, AMD since Zen 3 (on Zen 1 and 2 and
// older AMD it is microcoded, tens of cycles).
bool pdep_is_fast();
#endif

}  // namespace loom
