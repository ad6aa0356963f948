#include "models/march/march_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "models/march/beliefs.hpp"
#include "models/march/bit_draws.hpp"
#include "models/march/final_socialisation.hpp"
#include "models/march/organisation.hpp"
#include "sim/run/model.hpp"

namespace loom {

const ParameterTable<MarchParams>& march_parameter_table() {
  static const ParameterTable<MarchParams> table = [] {
    ParameterTable<MarchParams> t{"march", "March (1991) organisational learning", {}, {}};
    const std::string_view paper = "March 1991, Organization Science 2(1)";
    t.add(&MarchParams::dimensions,
          {"dimensions", ValueKind::kInteger, 30, 1, 64, "dimensions",
           "Number of practice dimensions", "m: dimensions of reality, each +1 or -1", paper});
    t.add(&MarchParams::people, {"people", ValueKind::kInteger, 50, 1, 1000, "people",
                                 "Number of people", "n: individuals in the organisation", paper});
    t.add(&MarchParams::p1,
          {"p1", ValueKind::kReal, 0.5, 0, 1, "probability per period",
           "How fast people adopt the shared code",
           "p1: socialisation rate; per differing dimension, chance of a step toward the code",
           paper});
    t.add(&MarchParams::p2,
          {"p2", ValueKind::kReal, 0.5, 0, 1, "probability per period",
           "How fast the shared code learns from the best performers",
           "p2: code learning rate; the code keeps its value with probability (1-p2)^k", paper});
    t.add(&MarchParams::p3,
          {"p3", ValueKind::kReal, 0, 0, 1, "probability per period", "Staff turnover",
           "p3: chance a person is replaced by a newcomer with random beliefs", paper});
    t.add(&MarchParams::p4,
          {"p4", ValueKind::kReal, 0, 0, 1, "probability per period", "How fast the world changes",
           "p4: turbulence; chance a dimension of reality flips", paper});
    t.add(&MarchParams::periods,
          {"periods", ValueKind::kInteger, 100, 1, 100000, "periods", "Time limit",
           "Periods run when p3 or p4 > 0 (no equilibrium exists); also the length of "
           "the recorded series",
           "Workiewicz 2019 (a reimplementation of March 1991) uses 100"});
    t.add(&MarchParams::max_periods,
          {"max_periods", ValueKind::kInteger, 100000, 1, 10000000, "periods", "Safety stop",
           "Stop a run that never reaches equilibrium (e.g. p1 = 0)",
           "Loom assumption: a safety stop, no effect on runs that reach equilibrium"});
    return t;
  }();
  return table;
}

namespace {

// The code is final: it has no 0, and every belief that still differs from
// it does so on a dimension the code has right. Socialisation only moves a
// belief toward the code, so a person's best possible score (each differing
// dimension counted as right, as a 0 guessed right or a belief reaching the
// code) never exceeds the code's: no one can ever be superior again, and
// what remains of the run is socialisation toward a fixed code.
bool code_is_final(const Organisation& o) {
  if (o.code_known != o.all) return false;
  const std::uint64_t code_wrong = (o.code_positive ^ o.reality) & o.all;
  for (std::size_t i = 0; i < o.known.size(); ++i) {
    if ((~o.known[i] | (o.positive[i] ^ o.code_positive)) & code_wrong) return false;
  }
  return true;
}

// The beliefs' moves toward the code this period (beliefs.hpp's
// `socialise`: on each dimension where the code is non-zero and the belief
// differs, with probability p1 one step toward it). The p1 draws come from
// one stream in the order person by person, dimension by dimension (lowest
// first), made all at once (draw_bits); each person's k draws are then
// spread over their k differing dimensions.
class Socialising {
 public:
  Socialising(std::uint64_t p1_threshold, std::size_t people)
      : p1_is_one_(p1_threshold >= (std::uint64_t{1} << 32)),
        drawn_(p1_threshold > 0 && !p1_is_one_),
        threshold_(static_cast<std::uint32_t>(p1_threshold)),
        differ_(people) {}

  // Where each belief differs from the code, and the period's draws.
  void draw(const Organisation& o, RandomStream& stream) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < differ_.size(); ++i) {
      differ_[i] = o.code_known & (~o.known[i] | (o.positive[i] ^ o.code_positive));
      count += static_cast<std::size_t>(std::popcount(differ_[i]));
    }
    if (drawn_ && count > 0) draw_bits(threshold_, stream, count, outcomes_);
  }

  // Everyone's moves, from the draws made by draw().
  void move_all(Organisation& o) {
    if (p1_is_one_) {
      for (std::size_t i = 0; i < differ_.size(); ++i) apply(o, i, differ_[i]);
    } else if (drawn_) {
#if LOOM_HAS_PDEP
      if (pdep_is_fast()) return move_all_pdep(o);
#endif
      move_all_with(
          o, [](std::uint64_t draws, std::uint64_t mask) { return spread_draws(draws, mask); });
    }
  }

 private:
#if LOOM_HAS_PDEP
  // flatten: everything inlined here, where BMI2 may be used.
  __attribute__((target("bmi2"), flatten)) void move_all_pdep(Organisation& o) {
    move_all_with(
        o, [](std::uint64_t draws, std::uint64_t mask) { return spread_draws_pdep(draws, mask); });
  }
#endif

  template <class Spread>
  void move_all_with(Organisation& o, Spread spread) {
    std::size_t next_draw = 0;
    for (std::size_t i = 0; i < differ_.size(); ++i) {
      const std::uint64_t differ = differ_[i];
      if (!differ) continue;
      const int k = std::popcount(differ);
      apply(o, i, spread(draws_at(outcomes_, next_draw, k), differ));
      next_draw += static_cast<std::size_t>(k);
    }
  }

  static void apply(Organisation& o, std::size_t i, std::uint64_t move) {
    step_toward_code(o.known[i], o.positive[i], move, o.code_positive);
  }

  bool p1_is_one_;
  bool drawn_;               // 0 < p1 < 1: moves by draw
  std::uint32_t threshold_;  // p1's, when drawn_
  std::vector<std::uint64_t> differ_, outcomes_;
};

__extension__ typedef unsigned __int128 Wide128;

// Naive beliefs (beliefs.hpp's draw_naive_beliefs: -1, 0 or +1 with equal
// probability per dimension) from one 64-bit word per 20 dimensions instead
// of one draw per dimension: the word is a fraction in [0, 1), and each
// multiplication by 3 brings out its next base-3 digit (the digits are those
// of floor(x * 3^20 / 2^64): uniform up to a bias of 3^20 / 2^64 < 2e-10).
// Four digits come out at once as floor(x * 81 / 2^64) (the same digits as
// four multiplications by 3: a quarter of the dependent multiplications,
// which were ~10% of a run), a table giving their four dimensions.
struct FourDigits {
  std::array<std::uint8_t, 81> known{}, positive{};  // bit j: digit j, first digit in bit 0
  constexpr FourDigits() {
    for (int v = 0; v < 81; ++v) {
      for (int j = 0, rest = v, place = 27; j < 4; ++j, rest %= place, place /= 3) {
        const int digit = rest / place;  // 0: -1, 1: 0, 2: +1
        known[v] = static_cast<std::uint8_t>(known[v] | (digit != 1) << j);
        positive[v] = static_cast<std::uint8_t>(positive[v] | (digit == 2) << j);
      }
    }
  }
};
constexpr FourDigits kFourDigits;

void draw_beliefs(RandomStream& s, int m, std::uint64_t& known_out, std::uint64_t& positive_out) {
  std::uint64_t known = 0, positive = 0;  // locals: the outputs may alias
  for (int word_start = 0; word_start < m; word_start += 20) {
    std::uint64_t x = s.next_u64();
    const int digits = std::min(20, m - word_start);
    int d = 0;
    for (; d + 4 <= digits; d += 4) {
      const Wide128 t = static_cast<Wide128>(x) * 81u;
      const auto four = static_cast<std::size_t>(t >> 64);
      x = static_cast<std::uint64_t>(t);
      known |= std::uint64_t{kFourDigits.known[four]} << (word_start + d);
      positive |= std::uint64_t{kFourDigits.positive[four]} << (word_start + d);
    }
    for (; d < digits; ++d) {
      const Wide128 t = static_cast<Wide128>(x) * 3u;
      const auto digit = static_cast<std::uint64_t>(t >> 64);  // 0: -1, 1: 0, 2: +1
      x = static_cast<std::uint64_t>(t);
      known |= static_cast<std::uint64_t>(digit != 1) << (word_start + d);
      positive |= static_cast<std::uint64_t>(digit == 2) << (word_start + d);
    }
  }
  known_out = known;
  positive_out = positive;
}

}  // namespace

MarchResult run_march(const MarchParams& p, std::uint64_t seed, std::uint64_t run, double* series) {
  const std::uint64_t folded = fold_run(seed, run);  // stream names' (seed, run) part
  Organisation o;
  o.m = p.dimensions;
  o.all = dimension_mask(p.dimensions);
  const auto n = static_cast<std::size_t>(p.people);
  o.known.resize(n);
  o.positive.resize(n);
  {
    RandomStream s(FoldedKey{folded, 0, 0, 0, purpose::kReality});
    o.reality = s.next_u64() & o.all;
  }
  {
    // One stream per person, opened together (their blocks four at a time).
    thread_local std::vector<std::uint32_t> people;
    thread_local std::vector<RandomStream> streams;
    if (people.size() != n) {
      people.resize(n);
      for (std::size_t i = 0; i < n; ++i) people[i] = static_cast<std::uint32_t>(i);
    }
    const int blocks = ((o.m + 19) / 20 * 2 + 3) / 4;  // two words per 20 dimensions
    RandomStream::open_many(FoldedKey{folded, 0, 0, 0, purpose::kInitialBeliefs}, people, blocks,
                            streams);
    for (std::size_t i = 0; i < n; ++i) draw_beliefs(streams[i], o.m, o.known[i], o.positive[i]);
  }
  const std::uint64_t p1 = RandomStream::bernoulli_threshold(p.p1);
  // log(1 - p1) at the threshold's resolution, for finish_socialisation.
  const double log_stay = std::log1p(-static_cast<double>(p1) * 0x1.0p-32);
  const std::uint64_t p3 = RandomStream::bernoulli_threshold(p.p3);
  const std::uint64_t p4 = RandomStream::bernoulli_threshold(p.p4);
  // (1-p2)^k thresholds, kept per thread while p2 and n stay (a grid runs
  // many replicates of one cell in a row; n + 1 pow calls were ~3% of a run).
  thread_local double keep_p2 = -1.0;
  thread_local std::vector<std::uint64_t> keep;
  if (keep_p2 != p.p2 || keep.size() != n + 1) {
    keep = code_keep_thresholds(p.p2, p.people);
    keep_p2 = p.p2;
  }
  Socialising socialising(p1, n);
  const bool open_system = p.p3 > 0 || p.p4 > 0;
  const int limit = open_system ? p.periods : p.max_periods;

  const bool wide = o.m > 32;  // random words of 64 bits, else 32
  std::vector<std::uint64_t> superior;
  superior.reserve(n);
  std::vector<std::uint32_t> contenders(n);
  MarchResult result;
  int period = 0;
  for (; period < limit; ++period) {
    const auto week = static_cast<std::uint32_t>(period + 1);  // week 0 = initial draws
    if (p.p3 > 0) {
      RandomStream s(FoldedKey{folded, 0, 0, week, purpose::kTurnover});
      for (std::size_t i = 0; i < n; ++i) {
        if (!s.bernoulli_u32(p3)) continue;
        RandomStream b(
            FoldedKey{folded, 0, static_cast<std::uint32_t>(i), week, purpose::kInitialBeliefs});
        draw_beliefs(b, o.m, o.known[i], o.positive[i]);
      }
    }
    if (p.p4 > 0) {
      RandomStream s(FoldedKey{folded, 0, 0, week, purpose::kTurbulence});
      for (int d = 0; d < o.m; ++d) {
        if (s.bernoulli_u32(p4)) o.reality ^= std::uint64_t{1} << d;
      }
    }
    // 1. Everyone acts (before socialising, as in Christensen's ordering),
    // and the code's current score decides who is superior. Coins are drawn
    // only for people whose best possible action (belief score plus every
    // 0-belief guessed right) beats the code: no one else can be superior,
    // and an action counts for nothing else. 2. Each person then socialises
    // toward the code as it stood at the start of the period.
    const int code_score = belief_score(o.code_known, o.code_positive, o.reality);
    superior.clear();
    {
      RandomStream acting(FoldedKey{folded, 0, 0, week, purpose::kAct});
      RandomStream social_stream(FoldedKey{folded, 0, 0, week, purpose::kSocialise});
      socialising.draw(o, social_stream);
      // Those who could beat the code, listed without a branch per person
      // (which way it goes is close to a coin toss: ~1 in 5 mispredicted).
      std::size_t could = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const int unknown = o.m - std::popcount(o.known[i]);
        contenders[could] = static_cast<std::uint32_t>(i);
        could += belief_score(o.known[i], o.positive[i], o.reality) + unknown > code_score;
      }
      for (std::size_t c = 0; c < could; ++c) {
        const std::size_t i = contenders[c];
        const std::uint64_t coins = wide ? acting.next_u64() : acting.next_u32();
        const std::uint64_t action = act(o.known[i], o.positive[i], coins);
        if (action_score(action, o.reality, o.all, o.m) > code_score) superior.push_back(action);
      }
      socialising.move_all(o);
    }
    // 3. The code learns from those whose observed performance beats its score.
    {
      RandomStream s(FoldedKey{folded, 0, 0, week, purpose::kCodeLearning});
      learn_code(o.code_known, o.code_positive, superior, o.m, keep, s);
    }
    const int new_score = belief_score(o.code_known, o.code_positive, o.reality);
    if (series && period < p.periods) series[period] = static_cast<double>(new_score) / o.m;
    // A closed run whose code is final is finished in one step: the code's
    // knowledge is known, and the periods until every belief reaches the code
    // are drawn at once (equilibrium: everyone holds the code and no one can
    // beat it).
    if (!open_system && p1 > 0 && code_is_final(o)) {
      ++period;
      const int remaining = limit - period;
      const int used = finish_socialisation(o, log_stay, remaining,
                                            FoldedKey{folded, 0, 0, week + 1, purpose::kSocialise});
      result.equilibrium = used <= remaining;
      period += std::min(used, remaining);
      break;
    }
  }
  const int final_score = belief_score(o.code_known, o.code_positive, o.reality);
  if (series) {
    for (int t = std::min(period, p.periods); t < p.periods; ++t)
      series[t] = static_cast<double>(final_score) / o.m;
  }
  result.periods = period;
  result.code_knowledge = static_cast<double>(final_score) / o.m;
  double individual = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    individual += belief_score(o.known[i], o.positive[i], o.reality);
  result.individual_knowledge = individual / (static_cast<double>(n) * o.m);
  return result;
}

namespace {

// The March model as a scenario model ("model = \"march\""), so the same
// presets, --set, HDF5 layout and comparison serve it.
class MarchModel final : public Model {
 public:
  MarchModel()
      : params_(march_parameter_table().defaults()), section_(march_parameter_table(), params_) {}
  std::vector<ParameterSection*> sections() override { return {&section_}; }
  OutputLayout layout() const override {
    return {"period",
            params_.periods,
            {"code_knowledge"},
            {"code_knowledge", "individual_knowledge", "periods", "equilibrium"}};
  }
  RunOutput run(std::uint64_t seed, std::uint64_t replicate) const override {
    RunOutput out;
    out.series.resize(static_cast<std::size_t>(params_.periods));
    const MarchResult r = run_march(params_, seed, replicate, out.series.data());
    out.summary = {r.code_knowledge, r.individual_knowledge, static_cast<double>(r.periods),
                   r.equilibrium ? 1.0 : 0.0};
    return out;
  }

 private:
  MarchParams params_;
  BoundSection<MarchParams> section_;
};

}  // namespace

std::unique_ptr<Model> make_march_model() {
  return std::make_unique<MarchModel>();
}

}  // namespace loom
