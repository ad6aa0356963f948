#include "models/march/bit_draws.hpp"

#include <array>
#include <memory>

namespace loom {
namespace {

// The draw that starts at the top of `bits` read bit by bit (at most 32
// bits): its outcome (u < threshold) and how many bits it read.
inline bool read_one_draw(std::uint64_t bits, std::uint32_t threshold, int& used) {
  const auto u = static_cast<std::uint32_t>(bits >> 32);
  const std::uint32_t differ = u ^ threshold;
  used = differ ? std::countl_zero(differ) + 1 : 32;
  return u < threshold;
}

}  // namespace

BitDrawTable::BitDrawTable(std::uint32_t threshold) : threshold_(threshold) {
  for (std::uint32_t window = 0; window < kWindows; ++window) {
    // The draw starting at bit `read` of the window (bit 0 = its top bit) is
    // decided at its first bit that differs from the threshold's: true where
    // the threshold has the 1. `rest` holds the unread bits at the top.
    std::uint32_t rest = window << (32 - kWindowBits);
    int read = 0;
    Entry e{};
    for (;;) {
      const std::uint32_t differ = rest ^ threshold;
      const int first = differ ? std::countl_zero(differ) : 32;  // bits equal to the threshold's
      if (read + first >= kWindowBits) break;                    // not decided in the window
      e.outcomes =
          static_cast<std::uint16_t>(e.outcomes | ((threshold >> (31 - first)) & 1u) << e.count);
      ++e.count;
      read += first + 1;
      rest <<= first + 1;
    }
    e.used = static_cast<std::uint8_t>(read);
    entry_[window] = e;
  }
}

#if LOOM_HAS_PDEP
bool pdep_is_fast() {
  static const bool fast = __builtin_cpu_supports("bmi2") && !__builtin_cpu_is("znver1") &&
                           !__builtin_cpu_is("znver2") && !__builtin_cpu_is("bdver4");
  return fast;
}
#endif

void draw_bits(std::uint32_t threshold, RandomStream& stream, std::size_t count,
               std::vector<std::uint64_t>& outcomes) {
  // Per thread: the table last built, and the draws made in a row at a
  // threshold that has none yet.
  thread_local std::unique_ptr<BitDrawTable> table;
  thread_local std::uint32_t counting = 0;
  thread_local std::size_t counted = 0;
  if (table && table->threshold() == threshold) {
    return draw_bits_by_table(*table, stream, count, outcomes);
  }
  counted = counting == threshold ? counted + count : count;
  counting = threshold;
  if (counted < kBuildTableAfter)
    return draw_bits_one_at_a_time(threshold, stream, count, outcomes);
  table = std::make_unique<BitDrawTable>(threshold);
  draw_bits_by_table(*table, stream, count, outcomes);
}

void draw_bits_one_at_a_time(std::uint32_t threshold, RandomStream& stream, std::size_t count,
                             std::vector<std::uint64_t>& outcomes) {
  outcomes.assign(count / 64 + 2, 0);  // a spare word for draws_at
  std::uint64_t bits = 0;              // `held` unread bits, from the top
  int held = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (held < 32) {
      bits |= static_cast<std::uint64_t>(stream.next_u32()) << (32 - held);
      held += 32;
    }
    int used = 0;
    const bool draw = read_one_draw(bits, threshold, used);
    bits <<= used;
    held -= used;
    outcomes[i / 64] |= static_cast<std::uint64_t>(draw) << (i % 64);
  }
}

namespace {

// Reads a stream's bits from the top of each 32-bit word, word after word
// (RandomStream::next_u32's order), and turns them into draws.
class Reader {
 public:
  static constexpr int kChunk = 16;
  using Words = std::array<std::uint32_t, kChunk>;
  // `words`: outside the reader, so that filling it does not make the
  // reader's own state live in memory (a store and reload per lookup).
  Reader(const BitDrawTable& table, RandomStream& stream, Words& words, std::uint64_t* out)
      : table_(table), stream_(stream), words_(words), out_(out) {}

  std::size_t decided() const { return decided_; }

  // At least 32 unread bits, without a branch on how many are held (as
  // masks: a compiler turns `low ? a : b` into a branch that the random
  // bits mispredict). Words come 16 at a time (four blocks side by side).
  void top_up() {
    if (next_word_ == kChunk) {
      stream_.fill(words_);
      next_word_ = 0;
    }
    const std::uint64_t low = std::uint64_t{0} - static_cast<std::uint64_t>(held_ < 32);
    bits_ |= (std::uint64_t{words_[next_word_]} << ((32 - held_) & 63)) & low;
    next_word_ += low & 1;
    held_ += static_cast<int>(low & 32);
  }

  // The draws the next window decides, appended at bit `decided_` of the
  // zeroed words. Needs kWindowBits unread bits; leaves at least 20.
  void decide() {
    const BitDrawTable::Entry& e = table_.entry(bits_ >> (64 - BitDrawTable::kWindowBits));
    std::uint64_t decided_here = e.outcomes;
    int count_here = e.count;
    int used = e.used;
    if (count_here == 0) [[unlikely]] {  // the draw reads more than the window
      top_up();
      decided_here = read_one_draw(bits_, table_.threshold(), used);
      count_here = 1;
    }
    bits_ <<= used;
    held_ -= used;
    if (count_here == 1 && held_ < BitDrawTable::kWindowBits) [[unlikely]]
      top_up();
    // Append (the second OR writes what crosses into the next word,
    // nothing when none does).
    const std::size_t word = decided_ / 64;
    const unsigned shift = decided_ % 64;
    out_[word] |= decided_here << shift;
    out_[word + 1] |= (decided_here >> 1) >> (63 - shift);
    decided_ += static_cast<std::size_t>(count_here);
  }

 private:
  const BitDrawTable& table_;
  RandomStream& stream_;
  Words& words_;
  std::uint64_t* out_;
  int next_word_ = kChunk;
  std::uint64_t bits_ = 0;  // `held_` unread random bits, from the top
  int held_ = 0;
  std::size_t decided_ = 0;
};

}  // namespace

// Two versions on x86-64, chosen when the program starts: with BMI2 a shift
// by a variable amount is one instruction instead of three (a lookup has four).
#if defined(__x86_64__) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__))
#define LOOM_BMI2_CLONE __attribute__((target_clones("default", "bmi2")))
#else
#define LOOM_BMI2_CLONE
#endif
LOOM_BMI2_CLONE void draw_bits_by_table(const BitDrawTable& table, RandomStream& stream,
                                        std::size_t count, std::vector<std::uint64_t>& outcomes) {
  // Zeroed words: the draws asked for, up to two lookups more (24 draws),
  // and a spare word for the last lookup's carry and for draws_at.
  outcomes.assign(count / 64 + 3, 0);
  Reader::Words words;
  Reader r(table, stream, words, outcomes.data());
  // 32 unread bits serve two lookups of 12 bits (a draw longer than the
  // window tops up for itself, and again if it leaves too few bits).
  while (r.decided() < count) {
    r.top_up();
    r.decide();
    r.decide();
  }
  if (count % 64) outcomes[count / 64] &= ~std::uint64_t{0} >> (64 - count % 64);
  for (std::size_t w = (count + 63) / 64; w < outcomes.size(); ++w) outcomes[w] = 0;
}

}  // namespace loom
