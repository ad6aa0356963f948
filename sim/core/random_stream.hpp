#pragma once
// Counter-based random streams.
//
// Every random number in Loom comes from a stream named by what it is for:
// (seed, run, school, entity, week, purpose). The stream is a Philox4x32-10
// generator (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3")
// whose key and counter are built from that name, so a draw depends only on
// *what* is being decided, never on which thread or MPI rank decides it. That
// is what makes results bit-identical for any thread or rank count.
//
// Cost: one Philox block (10 rounds, ~20 multiplies, ~10 ns) yields 128 bits;
// opening a stream costs one mixing step once the run's part of the name is
// folded (FoldedKey). A school run opens ~140 streams a week and its blocks
// were 40% of its time, so phases that open a stream per person open them
// together (open_many), computing their first blocks four at a time.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace loom {

// Why a draw is made: part of every stream's name. The engine knows no
// purposes; a model names its own as constants of this type
// (`inline constexpr Purpose kSpread{43};` in namespace loom::purpose: March's
// in models/march/march_purposes.hpp, each school mechanism's in its header,
// the network's in models/school_network/network_purposes.hpp). The numeric
// value is what enters the stream, so values must never change or be reused.
enum class Purpose : std::uint32_t;

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  std::uint32_t school = 0;
  std::uint32_t entity = 0;
  std::uint32_t week = 0;
  Purpose purpose{};  // a model-defined purpose (never 0 in practice)
};

// A stream's name with its (seed, run) part folded in advance (fold_run): a
// model folds it once per run, and opening a stream then costs one mixing
// step instead of three (stream set-up was ~9.5% of a school run, ~140 a
// week). The streams are exactly those of the StreamKey with the same name.
struct FoldedKey {
  std::uint64_t run_part = 0;  // fold_run(seed, run)
  std::uint32_t school = 0;
  std::uint32_t entity = 0;
  std::uint32_t week = 0;
  Purpose purpose{};
};
std::uint64_t fold_run(std::uint64_t seed, std::uint64_t run);

// Philox4x32-10 block function: counter (4 x 32 bit) and key (2 x 32 bit) to
// 4 x 32 random bits. Exposed for the known-answer test.
std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter,
                                           std::array<std::uint32_t, 2> key);

class RandomStream {
 public:
  explicit RandomStream(const StreamKey& key);
  explicit RandomStream(const FoldedKey& key);

  // The streams `name` with each of `entities` in turn, opened together with
  // their first `blocks` blocks (1 to 3) already computed, side by side:
  // four streams at a time with SSE4.1, one at a time elsewhere. They
  // draw exactly what RandomStream(name with that entity) draws; what
  // changes is the time where a phase opens a stream per person and week
  // (Philox refills were 40% of a school run, one block per stream each).
  // Blocks past the first `blocks` are computed one by one as usual.
  static void open_many(const FoldedKey& name, std::span<const std::uint32_t> entities, int blocks,
                        std::vector<RandomStream>& out);

  // The stream's next out.size() 32-bit words, exactly what as many
  // next_u32() calls would return, whole blocks computed four at a time
  // (SSE4.1) where a loop would compute them one by one: for a consumer that
  // reads a stream's bits in bulk (March's socialising draws).
  void fill(std::span<std::uint32_t> out);

  // 32 and 64 uniformly random bits.
  std::uint32_t next_u32() {
    if (used_ == filled_) refill();
    return block_[used_++];
  }
  std::uint64_t next_u64() {
    const std::uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // True with probability p, at 32-bit resolution (threshold from
  // bernoulli_threshold so that hot loops convert p once).
  bool bernoulli_u32(std::uint64_t threshold) { return next_u32() < threshold; }
  bool bernoulli(double p) { return next_u32() < bernoulli_threshold(p); }
  // Standard normal (Box-Muller; the second value is discarded so a draw
  // always uses the same number of bits: reproducible and simple, at twice
  // the cost, which is negligible at the few draws per cycle made here).
  double normal();
  // Uniform integer in [0, n) (Lemire's multiply-shift, bias < n / 2^32).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
  }

  static std::uint64_t bernoulli_threshold(double p);

 private:
  void refill();
  std::array<std::uint32_t, 4> counter_{};  // the next block's counter
  std::array<std::uint32_t, 2> key_{};
  std::array<std::uint32_t, 12> block_{};  // up to 3 blocks (open_many)
  int used_ = 0;
  int filled_ = 0;
};

// A stream read in bulk: exactly the numbers of the RandomStream of the same
// name, its words computed 16 at a time (fill: four blocks side by side) for
// a loop that draws hundreds of numbers from one stream (March's last
// socialising step). Opening it costs those 16 words.
class BulkRandomStream {
 public:
  explicit BulkRandomStream(const FoldedKey& name) : stream_(name) {}
  std::uint32_t next_u32() {
    if (next_ == kWords) {
      stream_.fill(words_);
      next_ = 0;
    }
    return words_[next_++];
  }
  std::uint64_t next_u64() {
    const std::uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }

 private:
  static constexpr std::size_t kWords = 16;
  RandomStream stream_;
  std::array<std::uint32_t, kWords> words_{};
  std::size_t next_ = kWords;
};

}  // namespace loom
