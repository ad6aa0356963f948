#include "sim/core/random_stream.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace loom {
namespace {

constexpr std::uint32_t kMulA = 0xD2511F53u;  // Philox4x32 multipliers
constexpr std::uint32_t kMulB = 0xCD9E8D57u;
constexpr std::uint32_t kWeylA = 0x9E3779B9u;  // key schedule (golden ratio)
constexpr std::uint32_t kWeylB = 0xBB67AE85u;  // key schedule (sqrt(3) - 1)

// SplitMix64 finaliser: folds the 64-bit name parts into the 64-bit key.
std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c,
                                           std::array<std::uint32_t, 2> k) {
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(kMulA) * c[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kMulB) * c[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
    k[0] += kWeylA;
    k[1] += kWeylB;
  }
  return c;
}

std::uint64_t fold_run(std::uint64_t seed, std::uint64_t run) {
  return mix64(mix64(seed) ^ run);
}

RandomStream::RandomStream(const StreamKey& name)
    : RandomStream(FoldedKey{fold_run(name.seed, name.run), name.school, name.entity, name.week,
                             name.purpose}) {}

RandomStream::RandomStream(const FoldedKey& name) {
  // The key carries what is shared by many streams (seed, run, school,
  // purpose); the counter carries entity and week directly, so two streams of
  // one run can never collide, and word 0 counts blocks within the stream.
  const std::uint64_t h = mix64(name.run_part ^ (static_cast<std::uint64_t>(name.school) << 32 |
                                                 static_cast<std::uint32_t>(name.purpose)));
  key_ = {static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32)};
  counter_ = {0, 0, name.entity, name.week};
}

void RandomStream::refill() {
  const auto block = philox4x32_10(counter_, key_);
  std::copy(block.begin(), block.end(), block_.begin());
  if (++counter_[0] == 0) ++counter_[1];  // 2^32 blocks per word; carry
  used_ = 0;
  filled_ = 4;
}

namespace {

// Philox4x32-10 of `n` counters under one key, the counters given as their
// four words (word[0][i] .. word[3][i]); block i goes to out[4i .. 4i+3].
void philox_scalar(const std::array<const std::uint32_t*, 4>& word, std::size_t n,
                   std::array<std::uint32_t, 2> key, std::uint32_t* out) {
  for (std::size_t i = 0; i < n; ++i) {
    const auto block = philox4x32_10({word[0][i], word[1][i], word[2][i], word[3][i]}, key);
    std::copy(block.begin(), block.end(), out + 4 * i);
  }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// Four blocks per step with SSE4.1 (128-bit, no AVX: on the benchmark
// machine 256-bit AVX2 made the rest of the run slower than it saved): the
// same rounds as philox4x32_10, lane by lane. _mm_mul_epu32 multiplies the
// even 32-bit lanes into 64-bit products; the odd lanes are shifted down and
// multiplied alike, and the products' low and high halves are blended back
// into 32-bit lanes.
__attribute__((target("sse4.1"))) inline void product_halves(__m128i x, __m128i m, __m128i& hi,
                                                             __m128i& lo) {
  const __m128i even = _mm_mul_epu32(x, m);
  const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(x, 32), m);
  lo = _mm_blend_epi16(even, _mm_slli_epi64(odd, 32), 0xCC);
  hi = _mm_blend_epi16(_mm_srli_epi64(even, 32), odd, 0xCC);
}

// Four blocks from the counters' words as lanes (a: word 0 of each, ...),
// block j written to row[j][0 .. 3].
__attribute__((target("sse4.1"))) inline void philox_sse_four(
    __m128i a, __m128i b, __m128i c, __m128i d, std::array<std::uint32_t, 2> key,
    const std::array<std::uint32_t*, 4>& row) {
  const __m128i mul_a = _mm_set1_epi32(static_cast<int>(kMulA));
  const __m128i mul_b = _mm_set1_epi32(static_cast<int>(kMulB));
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    __m128i hi0, lo0, hi1, lo1;
    product_halves(a, mul_a, hi0, lo0);
    product_halves(c, mul_b, hi1, lo1);
    a = _mm_xor_si128(_mm_xor_si128(hi1, b), _mm_set1_epi32(static_cast<int>(k0)));
    c = _mm_xor_si128(_mm_xor_si128(hi0, d), _mm_set1_epi32(static_cast<int>(k1)));
    b = lo1;
    d = lo0;
    k0 += kWeylA;
    k1 += kWeylB;
  }
  // Four blocks as rows: transpose the 4 x 4 words.
  const __m128i ab_lo = _mm_unpacklo_epi32(a, b), ab_hi = _mm_unpackhi_epi32(a, b);
  const __m128i cd_lo = _mm_unpacklo_epi32(c, d), cd_hi = _mm_unpackhi_epi32(c, d);
  const auto to = [&](int j) {
    return reinterpret_cast<__m128i*>(row[static_cast<std::size_t>(j)]);
  };
  _mm_storeu_si128(to(0), _mm_unpacklo_epi64(ab_lo, cd_lo));
  _mm_storeu_si128(to(1), _mm_unpackhi_epi64(ab_lo, cd_lo));
  _mm_storeu_si128(to(2), _mm_unpacklo_epi64(ab_hi, cd_hi));
  _mm_storeu_si128(to(3), _mm_unpackhi_epi64(ab_hi, cd_hi));
}

// Rows of four consecutive blocks at out.
inline std::array<std::uint32_t*, 4> rows_at(std::uint32_t* out) {
  return {out, out + 4, out + 8, out + 12};
}

__attribute__((target("sse4.1"))) void philox_sse(const std::array<const std::uint32_t*, 4>& word,
                                                  std::size_t n, std::array<std::uint32_t, 2> key,
                                                  std::uint32_t* out) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const auto lanes = [&](int w) {
      return _mm_loadu_si128(
          reinterpret_cast<const __m128i*>(word[static_cast<std::size_t>(w)] + i));
    };
    philox_sse_four(lanes(0), lanes(1), lanes(2), lanes(3), key, rows_at(out + 4 * i));
  }
  const std::array<const std::uint32_t*, 4> rest{word[0] + i, word[1] + i, word[2] + i,
                                                 word[3] + i};
  philox_scalar(rest, n - i, key, out + 4 * i);
}

// `n` blocks of one stream from `counter` on (word 0 counting, no carry into
// word 1 within them): the counters are made in registers.
__attribute__((target("sse4.1"))) void philox_sse_consecutive(std::array<std::uint32_t, 4> counter,
                                                              std::size_t n,
                                                              std::array<std::uint32_t, 2> key,
                                                              std::uint32_t* out) {
  std::size_t i = 0;
  const __m128i step = _mm_set_epi32(3, 2, 1, 0);
  const auto same = [](std::uint32_t w) { return _mm_set1_epi32(static_cast<int>(w)); };
  for (; i + 4 <= n; i += 4) {
    const __m128i a = _mm_add_epi32(same(counter[0] + static_cast<std::uint32_t>(i)), step);
    philox_sse_four(a, same(counter[1]), same(counter[2]), same(counter[3]), key,
                    rows_at(out + 4 * i));
  }
  for (; i < n; ++i) {
    const auto block = philox4x32_10(
        {counter[0] + static_cast<std::uint32_t>(i), counter[1], counter[2], counter[3]}, key);
    std::copy(block.begin(), block.end(), out + 4 * i);
  }
}

// open_many's first `blocks` blocks of the streams of `entities`, four
// streams at a time: block k of each has the counter (k, 0, entity, week),
// and goes to row_of(stream, k). Returns how many streams it did (a multiple
// of four; the rest are left to the caller).
template <class RowOf>
__attribute__((target("sse4.1"))) std::size_t open_four_at_a_time(
    std::span<const std::uint32_t> entities, std::size_t blocks, std::uint32_t week,
    std::array<std::uint32_t, 2> key, RowOf row_of) {
  std::size_t i = 0;
  for (; i + 4 <= entities.size(); i += 4) {
    const __m128i entity = _mm_loadu_si128(reinterpret_cast<const __m128i*>(entities.data() + i));
    for (std::size_t k = 0; k < blocks; ++k) {
      philox_sse_four(_mm_set1_epi32(static_cast<int>(k)), _mm_setzero_si128(), entity,
                      _mm_set1_epi32(static_cast<int>(week)), key,
                      {row_of(i, k), row_of(i + 1, k), row_of(i + 2, k), row_of(i + 3, k)});
    }
  }
  return i;
}

void philox_many(const std::array<const std::uint32_t*, 4>& word, std::size_t n,
                 std::array<std::uint32_t, 2> key, std::uint32_t* out) {
  static const bool sse41 = __builtin_cpu_supports("sse4.1");
  if (sse41) {
    philox_sse(word, n, key, out);
  } else {
    philox_scalar(word, n, key, out);
  }
}
#else
void philox_many(const std::array<const std::uint32_t*, 4>& word, std::size_t n,
                 std::array<std::uint32_t, 2> key, std::uint32_t* out) {
  philox_scalar(word, n, key, out);
}
#endif

}  // namespace

void RandomStream::open_many(const FoldedKey& name, std::span<const std::uint32_t> entities,
                             int blocks, std::vector<RandomStream>& out) {
  blocks = std::clamp(blocks, 1, 3);
  const RandomStream first(name);  // the key is the same for every entity
  const std::size_t n = entities.size();
  const auto b = static_cast<std::size_t>(blocks);
  out.assign(n, first);
  for (std::size_t i = 0; i < n; ++i) {
    RandomStream& r = out[i];
    r.counter_ = {static_cast<std::uint32_t>(blocks), 0, entities[i], name.week};
    r.used_ = 0;
    r.filled_ = 4 * blocks;
  }
  // Block k of stream i has the counter (k, 0, entity i, week); its words
  // go straight to the stream's buffer.
  std::size_t i = 0;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool sse41 = __builtin_cpu_supports("sse4.1");
  if (sse41) {
    i = open_four_at_a_time(
        entities, b, name.week, first.key_,
        [&](std::size_t stream, std::size_t k) { return out[stream].block_.data() + 4 * k; });
  }
#endif
  for (; i < n; ++i) {
    for (std::size_t k = 0; k < b; ++k) {
      const auto block =
          philox4x32_10({static_cast<std::uint32_t>(k), 0, entities[i], name.week}, first.key_);
      std::copy(block.begin(), block.end(),
                out[i].block_.begin() + static_cast<std::ptrdiff_t>(4 * k));
    }
  }
}

void RandomStream::fill(std::span<std::uint32_t> out) {
  std::size_t done = 0;
  while (done < out.size() && used_ < filled_) out[done++] = block_[used_++];
  const std::size_t whole = (out.size() - done) / 4;
  if (whole > 0) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static const bool sse41 = __builtin_cpu_supports("sse4.1");
    if (sse41 && counter_[0] <= ~std::uint32_t{0} - whole) {  // no carry within
      philox_sse_consecutive(counter_, whole, key_, out.data() + done);
      counter_[0] += static_cast<std::uint32_t>(whole);
      done += 4 * whole;
    }
#endif
    // Elsewhere, or across a carry: the counters of the next blocks, word by
    // word (word 0 counts blocks; word 1 takes its carry).
    const std::size_t left = (out.size() - done) / 4;
    if (left > 0) {
      thread_local std::vector<std::uint32_t> low, high, entity, week;
      low.resize(left);
      high.resize(left);
      entity.assign(left, counter_[2]);
      week.assign(left, counter_[3]);
      for (std::size_t b = 0; b < left; ++b) {
        low[b] = counter_[0];
        high[b] = counter_[1];
        if (++counter_[0] == 0) ++counter_[1];
      }
      philox_many({low.data(), high.data(), entity.data(), week.data()}, left, key_,
                  out.data() + done);
      done += 4 * left;
    }
  }
  while (done < out.size()) out[done++] = next_u32();
}

double RandomStream::normal() {
  const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

std::uint64_t RandomStream::bernoulli_threshold(double p) {
  if (!(p > 0.0)) return 0;
  if (p >= 1.0) return std::uint64_t{1} << 32;
  return static_cast<std::uint64_t>(std::llround(p * 4294967296.0));
}

}  // namespace loom
