#include "models/march/bit_draws.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <deque>
#include <vector>

namespace loom {
namespace {

// The definition, read literally (the reference both readers must match):
// the stream's bits in order, each 32-bit word from its top bit; a draw
// reads bits while they equal the threshold's (at most 32) and is true when
// it stops on a bit where the threshold has the 1 (u < t).
std::vector<bool> one_at_a_time(RandomStream& stream, std::uint32_t threshold, std::size_t count) {
  std::deque<int> bits;
  const auto next_bit = [&] {
    if (bits.empty()) {
      const std::uint32_t word = stream.next_u32();
      for (int b = 31; b >= 0; --b) bits.push_back(static_cast<int>((word >> b) & 1u));
    }
    const int bit = bits.front();
    bits.pop_front();
    return bit;
  };
  std::vector<bool> out;
  for (std::size_t i = 0; i < count; ++i) {
    bool draw = false;  // all 32 bits equal: u == t, not below
    for (int j = 0; j < 32; ++j) {
      const int t = static_cast<int>((threshold >> (31 - j)) & 1u);
      if (next_bit() != t) {
        draw = t == 1;
        break;
      }
    }
    out.push_back(draw);
  }
  return out;
}

}  // namespace

TEST_CASE("Bit draws made by table are the draws read one bit at a time", "[march][random]") {
  const FoldedKey name{fold_run(5, 9), 0, 0, 12, Purpose{4}};
  // p1 = 0.1 and 0.5 and 0.9 as March sets them, thresholds with long runs
  // of equal bits (draws longer than the 12-bit window, up to all 32), and
  // the extremes.
  const std::vector<std::uint32_t> thresholds = {
      static_cast<std::uint32_t>(RandomStream::bernoulli_threshold(0.1)),
      0x80000000u,
      static_cast<std::uint32_t>(RandomStream::bernoulli_threshold(0.9)),
      0x00000001u,
      0xFFFFFFFFu,
      0x00010000u,
      0x7FFFFFFFu,
      0x55555555u,
      0xFFF00001u};
  for (const std::uint32_t threshold : thresholds) {
    const BitDrawTable table(threshold);
    for (const std::size_t count : {1u, 2u, 63u, 64u, 65u, 127u, 1000u, 20000u}) {
      INFO("threshold " << threshold << ", " << count << " draws");
      for (std::uint32_t week = 0; week < 3; ++week) {
        FoldedKey key = name;
        key.week = week;
        RandomStream a(key), b(key), c(key);
        std::vector<std::uint64_t> outcomes, plain;
        draw_bits_by_table(table, a, count, outcomes);
        const std::vector<bool> expected = one_at_a_time(b, threshold, count);
        // Without the table, the library's reader gives the same draws.
        draw_bits_one_at_a_time(threshold, c, count, plain);
        for (std::size_t i = 0; i < count; ++i)
          REQUIRE(((plain[i / 64] >> (i % 64)) & 1u) == expected[i]);
        for (std::size_t i = 0; i < count; ++i) {
          REQUIRE(((outcomes[i / 64] >> (i % 64)) & 1u) == expected[i]);
        }
        // Nothing past the draws asked for.
        if (count % 64) CHECK((outcomes[count / 64] >> (count % 64)) == 0);
        // draws_at reads any k consecutive draws, across word boundaries.
        for (std::size_t first = 0; first + 64 <= count; first += 37) {
          for (const int k : {1, 7, 33, 64}) {
            const std::uint64_t got = draws_at(outcomes, first, k);
            for (int j = 0; j < k; ++j)
              REQUIRE(((got >> j) & 1u) == expected[first + static_cast<std::size_t>(j)]);
            if (k < 64) REQUIRE((got >> k) == 0);
          }
        }
      }
    }
  }
}

TEST_CASE("draw_bits switches to the table after enough draws, with the same draws",
          "[march][random]") {
  // Periods of 3,000 draws at one threshold: one at a time until 20,000 have
  // been made in a row on this thread, by table after; a new threshold
  // starts the count again.
  for (const std::uint32_t threshold : {0x1999999Au, 0xE6666666u, 0x1999999Au}) {
    for (std::uint32_t week = 1; week <= 10; ++week) {
      const FoldedKey key{fold_run(4, 4), 0, 0, week, Purpose{4}};
      RandomStream a(key), b(key);
      std::vector<std::uint64_t> outcomes;
      draw_bits(threshold, a, 3000, outcomes);
      const std::vector<bool> expected = one_at_a_time(b, threshold, 3000);
      for (std::size_t i = 0; i < expected.size(); ++i)
        REQUIRE(((outcomes[i / 64] >> (i % 64)) & 1u) == expected[i]);
    }
  }
}

TEST_CASE("Bit draws are true with the threshold's probability", "[march][random]") {
  // 200,000 draws at p = 0.1: standard error 0.00067; 5 SE is a bound a
  // correct generator breaks once in ~3.5 million runs, while a misread bit
  // (e.g. a draw decided one bit late) moves the share by far more.
  const std::uint64_t threshold = RandomStream::bernoulli_threshold(0.1);
  const BitDrawTable table(static_cast<std::uint32_t>(threshold));
  RandomStream stream(FoldedKey{fold_run(1, 2), 0, 0, 1, Purpose{4}});
  const std::size_t count = 200000;
  std::vector<std::uint64_t> outcomes;
  draw_bits_by_table(table, stream, count, outcomes);
  std::size_t trues = 0;
  for (const std::uint64_t w : outcomes) trues += static_cast<std::size_t>(std::popcount(w));
  const double share = static_cast<double>(trues) / static_cast<double>(count);
  CHECK(share == Approx(0.1).margin(5 * 0.00067));
}

TEST_CASE("Spreading draws over a mask: bit by bit and with pdep agree", "[march]") {
  RandomStream stream(FoldedKey{fold_run(3, 3), 0, 0, 0, Purpose{4}});
  CHECK(spread_draws(0b101, 0b111000) == 0b101000);
  CHECK(spread_draws(0b11, 0) == 0);
  CHECK(spread_draws(~std::uint64_t{0}, ~std::uint64_t{0}) == ~std::uint64_t{0});
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t mask = stream.next_u64() & stream.next_u64();
    const std::uint64_t draws = stream.next_u64();
    const std::uint64_t spread = spread_draws(draws, mask);
    REQUIRE((spread & ~mask) == 0);
    // The j-th set bit of the mask (lowest first) carries draw j.
    int j = 0;
    for (std::uint64_t rest = mask; rest; rest &= rest - 1, ++j) {
      const std::uint64_t bit = rest & (~rest + 1);
      REQUIRE(((spread & bit) != 0) == (((draws >> j) & 1u) != 0));
    }
#if LOOM_HAS_PDEP
    if (__builtin_cpu_supports("bmi2")) REQUIRE(spread_draws_pdep(draws, mask) == spread);
#endif
  }
}

}  // namespace loom
