#include "sim/core/random_stream.hpp"

#include <cmath>

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
  block_ = philox4x32_10(counter_, key_);
  if (++counter_[0] == 0) ++counter_[1];  // 2^32 blocks per word; carry
  used_ = 0;
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
