#include "models/march/march_model.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/march/beliefs.hpp"
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

struct Organisation {
  int m = 0;
  std::uint64_t all = 0;
  std::uint64_t reality = 0;
  std::uint64_t code_known = 0, code_positive = 0;
  std::vector<std::uint64_t> known, positive;
};

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

// Periods until the first success of a p1 trial per period: 1, 2, ...
// (inverse of the geometric distribution; log_stay = log(1 - p1) < 0).
int periods_to_success(RandomStream& s, double log_stay, int cap) {
  if (log_stay == -HUGE_VAL) return 1;  // p1 = 1: every trial succeeds
  // u in (0, 1]: log(u) is finite.
  const double u = static_cast<double>((s.next_u64() >> 11) + 1) * 0x1.0p-53;
  const double t = 1.0 + std::floor(std::log(u) / log_stay);
  return t > cap ? cap + 1 : static_cast<int>(t);
}

// Runs the socialisation that remains once the code is final, for at most
// `remaining` periods, in one step per belief: a belief one step from the
// code (a 0) gets there after a geometric number of periods, one two steps
// away (the opposite sign) after two; each period's p1 draws are independent,
// so this has the law of simulating the periods one by one. Beliefs end as
// they stand after the last period; returns the periods used (remaining + 1
// if some belief is still short of the code then).
int finish_socialisation(Organisation& o, double log_stay, int remaining, RandomStream& s) {
  int last = 0;
  for (std::size_t i = 0; i < o.known.size(); ++i) {
    std::uint64_t& known = o.known[i];
    std::uint64_t& positive = o.positive[i];
    const std::uint64_t differ = o.code_known & (~known | (positive ^ o.code_positive));
    for (std::uint64_t rest = differ; rest; rest &= rest - 1) {
      const std::uint64_t bit = rest & (~rest + 1);
      int t = periods_to_success(s, log_stay, remaining);
      const bool opposite = (known & bit) != 0;
      if (opposite && t <= remaining) {  // doubt first, then adopt
        known &= ~bit;
        positive &= ~bit;
        t += periods_to_success(s, log_stay, remaining);
      }
      if (t <= remaining) {
        known |= bit;
        positive |= o.code_positive & bit;
      }
      last = std::max(last, std::min(t, remaining + 1));
    }
  }
  return last;
}

// Bernoulli draws that read random bits one at a time: the law of
// RandomStream::bernoulli_u32 (a 32-bit uniform below the threshold), but the
// uniform is compared with the threshold from its top bit down and only the
// bits up to the first one that differs from the threshold are read (two on
// average instead of 32). Bits not read stay for the next draw, so a Philox
// block serves ~64 draws instead of 4, and no branch depends on a draw's outcome.
class BitDraws {
 public:
  explicit BitDraws(RandomStream& stream) : stream_(stream) {}
  // True with probability threshold / 2^32; threshold < 2^32.
  bool below(std::uint32_t threshold) {
    if (available_ < 32) {
      bits_ |= static_cast<std::uint64_t>(stream_.next_u32()) << (32 - available_);
      available_ += 32;
    }
    const auto u = static_cast<std::uint32_t>(bits_ >> 32);
    const std::uint32_t differ = u ^ threshold;
    const int used = differ ? std::countl_zero(differ) + 1 : 32;
    bits_ <<= used;
    available_ -= used;
    return u < threshold;
  }

 private:
  RandomStream& stream_;
  std::uint64_t bits_ = 0;  // `available_` unread bits, from the top
  int available_ = 0;
};

// Gradual socialisation (beliefs.hpp's `socialise`: on each dimension where
// the code is non-zero and the belief differs, with probability p1 one step
// toward the code), with the p1 draws from BitDraws.
void socialise_bits(std::uint64_t& known, std::uint64_t& positive, std::uint64_t code_known,
                    std::uint64_t code_positive, std::uint64_t p1_threshold, BitDraws& draws) {
  const std::uint64_t differ = code_known & (~known | (positive ^ code_positive));
  if (!differ || p1_threshold == 0) return;
  std::uint64_t move = differ;
  if (p1_threshold < (std::uint64_t{1} << 32)) {
    const auto threshold = static_cast<std::uint32_t>(p1_threshold);
    move = 0;
    for (std::uint64_t rest = differ; rest; rest &= rest - 1) {
      const std::uint64_t bit = rest & (~rest + 1);
      move |= bit & (std::uint64_t{0} - static_cast<std::uint64_t>(draws.below(threshold)));
    }
  }
  const std::uint64_t doubt = move & known;   // opposite belief: to 0
  const std::uint64_t adopt = move & ~known;  // no belief: the code's
  known = (known & ~doubt) | adopt;
  positive = (positive & ~doubt) | (code_positive & adopt);
}

__extension__ typedef unsigned __int128 Wide128;

// Naive beliefs (beliefs.hpp's draw_naive_beliefs: -1, 0 or +1 with equal
// probability per dimension) from one 64-bit word per 20 dimensions instead
// of one draw per dimension: the word is a fraction in [0, 1), and each
// multiplication by 3 brings out its next base-3 digit (the digits are those
// of floor(x * 3^20 / 2^64): uniform up to a bias of 3^20 / 2^64 < 2e-10).
void draw_beliefs(RandomStream& s, int m, std::uint64_t& known, std::uint64_t& positive) {
  known = positive = 0;
  std::uint64_t x = 0;
  for (int d = 0; d < m; ++d) {
    if (d % 20 == 0) x = s.next_u64();
    const Wide128 t = static_cast<Wide128>(x) * 3u;
    const auto digit = static_cast<std::uint64_t>(t >> 64);  // 0: -1, 1: 0, 2: +1
    x = static_cast<std::uint64_t>(t);
    known |= static_cast<std::uint64_t>(digit != 1) << d;
    positive |= static_cast<std::uint64_t>(digit == 2) << d;
  }
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
  for (std::size_t i = 0; i < n; ++i) {
    RandomStream s(
        FoldedKey{folded, 0, static_cast<std::uint32_t>(i), 0, purpose::kInitialBeliefs});
    draw_beliefs(s, o.m, o.known[i], o.positive[i]);
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
  const bool open_system = p.p3 > 0 || p.p4 > 0;
  const int limit = open_system ? p.periods : p.max_periods;

  const bool wide = o.m > 32;  // random words of 64 bits, else 32
  std::vector<std::uint64_t> superior;
  superior.reserve(n);
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
      BitDraws social(social_stream);
      for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t& known = o.known[i];
        std::uint64_t& positive = o.positive[i];
        const int unknown = o.m - std::popcount(known);
        if (belief_score(known, positive, o.reality) + unknown > code_score) {
          const std::uint64_t coins = wide ? acting.next_u64() : acting.next_u32();
          const std::uint64_t action = act(known, positive, coins);
          if (action_score(action, o.reality, o.all, o.m) > code_score) superior.push_back(action);
        }
        socialise_bits(known, positive, o.code_known, o.code_positive, p1, social);
      }
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
      RandomStream s(FoldedKey{folded, 0, 0, week + 1, purpose::kSocialise});
      const int used = finish_socialisation(o, log_stay, remaining, s);
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
