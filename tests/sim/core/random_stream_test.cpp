#include "sim/core/random_stream.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <set>

using namespace loom;

namespace {
// The engine defines no purposes (models do); these are just numbers.
constexpr Purpose kPurposeA = static_cast<Purpose>(3);
constexpr Purpose kPurposeB = static_cast<Purpose>(4);
constexpr Purpose kPurposeC = static_cast<Purpose>(2);
}  // namespace

TEST_CASE("Philox4x32-10 matches the Random123 known-answer vectors", "[random]") {
  // Known-answer tests published with Random123 (kat_vectors).
  CHECK(philox4x32_10({0, 0, 0, 0}, {0, 0}) ==
        std::array<std::uint32_t, 4>{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  CHECK(philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                      {0xffffffffu, 0xffffffffu}) ==
        std::array<std::uint32_t, 4>{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  CHECK(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                      {0xa4093822u, 0x299f31d0u}) ==
        std::array<std::uint32_t, 4>{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("A stream is a pure function of its name", "[random]") {
  const StreamKey key{7, 3, 1, 42, 9, kPurposeA};
  RandomStream a(key), b(key);
  for (int i = 0; i < 100; ++i) REQUIRE(a.next_u32() == b.next_u32());
}

TEST_CASE("Streams that differ in any part of their name are different", "[random]") {
  const StreamKey base{7, 3, 1, 42, 9, kPurposeA};
  std::vector<StreamKey> keys(7, base);
  keys[1].seed = 8;
  keys[2].run = 4;
  keys[3].school = 2;
  keys[4].entity = 43;
  keys[5].week = 10;
  keys[6].purpose = kPurposeB;
  std::set<std::uint64_t> first_draws;
  for (const auto& k : keys) first_draws.insert(RandomStream(k).next_u64());
  CHECK(first_draws.size() == keys.size());
}

TEST_CASE("Uniform and Bernoulli draws have the right moments", "[random]") {
  // 200,000 draws: the standard error of a uniform mean is 0.29/sqrt(n) =
  // 0.00065, of a p = 0.1 rate 0.00067; 5 SE keeps false alarms below 1e-6.
  RandomStream s({1, 0, 0, 0, 0, kPurposeA});
  constexpr int n = 200000;
  double sum = 0;
  int hits = 0;
  const auto threshold = RandomStream::bernoulli_threshold(0.1);
  for (int i = 0; i < n; ++i) {
    sum += s.uniform();
    hits += s.bernoulli_u32(threshold) ? 1 : 0;
  }
  CHECK(std::abs(sum / n - 0.5) < 5 * 0.00065);
  CHECK(std::abs(static_cast<double>(hits) / n - 0.1) < 5 * 0.00067);
  CHECK(RandomStream::bernoulli_threshold(0.0) == 0);
  CHECK(RandomStream::bernoulli_threshold(1.0) == (std::uint64_t{1} << 32));
}

TEST_CASE("below(n) covers 0..n-1 evenly", "[random]") {
  RandomStream s({2, 0, 0, 0, 0, kPurposeC});
  std::array<int, 3> counts{};
  constexpr int n = 90000;
  for (int i = 0; i < n; ++i) ++counts[s.below(3)];
  // Each count ~ Binomial(n, 1/3): SD = 141; 5 SD tolerance.
  for (int c : counts) CHECK(std::abs(c - n / 3) < 5 * 141);
}

TEST_CASE("A stream opened from a folded key is the stream of the same name", "[random]") {
  const StreamKey name{2026, 17, 3, 41, 0x40000005u, Purpose{12}};
  RandomStream plain(name);
  RandomStream folded(FoldedKey{fold_run(2026, 17), 3, 41, 0x40000005u, Purpose{12}});
  for (int i = 0; i < 40; ++i) CHECK(plain.next_u32() == folded.next_u32());
  // Another run folds to another key.
  RandomStream other(FoldedKey{fold_run(2026, 18), 3, 41, 0x40000005u, Purpose{12}});
  RandomStream again(name);
  CHECK(other.next_u64() != again.next_u64());
}

TEST_CASE("Streams opened together draw what streams opened one by one draw", "[random]") {
  const FoldedKey name{fold_run(7, 3), 2, 0, 0x40000011u, Purpose{21}};
  std::vector<std::uint32_t> entities;
  for (std::uint32_t e = 0; e < 21; ++e) entities.push_back(e * 977u + 5u);  // 8 + 8 + a tail of 5
  for (const int blocks : {1, 2, 3}) {
    INFO(blocks << " blocks opened ahead");
    std::vector<RandomStream> together;
    RandomStream::open_many(name, entities, blocks, together);
    REQUIRE(together.size() == entities.size());
    for (std::size_t i = 0; i < entities.size(); ++i) {
      FoldedKey one = name;
      one.entity = entities[i];
      RandomStream alone(one);
      // Past the blocks opened ahead too (7 blocks).
      for (int k = 0; k < 28; ++k) REQUIRE(together[i].next_u32() == alone.next_u32());
    }
  }
}

TEST_CASE("A stream filled in bulk draws what next_u32 draws, and goes on from there", "[random]") {
  const FoldedKey name{fold_run(11, 4), 1, 7, 0x40000003u, Purpose{4}};
  // Starts inside a block (0 to 3 words read), fills of every length up to
  // 4 whole blocks plus a tail (the SSE path, the scalar tail, the partial
  // block kept for later), then single words again.
  for (int read_first = 0; read_first < 4; ++read_first) {
    for (std::size_t length = 0; length <= 19; ++length) {
      INFO(read_first << " words read first, a fill of " << length);
      RandomStream bulk(name), one_by_one(name);
      for (int k = 0; k < read_first; ++k) REQUIRE(bulk.next_u32() == one_by_one.next_u32());
      std::vector<std::uint32_t> words(length);
      bulk.fill(words);
      for (const std::uint32_t w : words) REQUIRE(w == one_by_one.next_u32());
      for (int k = 0; k < 9; ++k) REQUIRE(bulk.next_u32() == one_by_one.next_u32());
    }
  }
  // The bulk reader: 16 words at a time, the same numbers.
  BulkRandomStream bulk(name);
  RandomStream plain(name);
  for (int k = 0; k < 100; ++k) REQUIRE(bulk.next_u64() == plain.next_u64());
}
