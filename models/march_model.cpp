#include "march_model.hpp"

#include <algorithm>
#include <vector>

#include "beliefs.hpp"
#include "model.hpp"

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

// Nothing can change any more: everyone holds the code's beliefs exactly, and
// no one could, even by lucky coin flips, outperform the code.
bool at_equilibrium(const Organisation& o, int code_score) {
  for (std::size_t i = 0; i < o.known.size(); ++i) {
    if (o.known[i] != o.code_known || (o.positive[i] & o.known[i]) != o.code_positive) return false;
    const int best_possible =
        belief_score(o.known[i], o.positive[i], o.reality) + (o.m - std::popcount(o.known[i]));
    if (best_possible > code_score) return false;
  }
  return true;
}

}  // namespace

MarchResult run_march(const MarchParams& p, std::uint64_t seed, std::uint64_t run, double* series) {
  Organisation o;
  o.m = p.dimensions;
  o.all = dimension_mask(p.dimensions);
  const auto n = static_cast<std::size_t>(p.people);
  o.known.resize(n);
  o.positive.resize(n);
  {
    RandomStream s({seed, run, 0, 0, 0, Purpose::kReality});
    o.reality = s.next_u64() & o.all;
  }
  for (std::size_t i = 0; i < n; ++i) {
    RandomStream s({seed, run, 0, static_cast<std::uint32_t>(i), 0, Purpose::kInitialBeliefs});
    draw_naive_beliefs(s, o.m, o.known[i], o.positive[i]);
  }
  const std::uint64_t p1 = RandomStream::bernoulli_threshold(p.p1);
  const std::uint64_t p3 = RandomStream::bernoulli_threshold(p.p3);
  const std::uint64_t p4 = RandomStream::bernoulli_threshold(p.p4);
  const std::vector<std::uint64_t> keep = code_keep_thresholds(p.p2, p.people);
  const bool open_system = p.p3 > 0 || p.p4 > 0;
  const int limit = open_system ? p.periods : p.max_periods;

  std::vector<std::uint64_t> actions(n), superior;
  superior.reserve(n);
  MarchResult result;
  int period = 0;
  for (; period < limit; ++period) {
    const auto week = static_cast<std::uint32_t>(period + 1);  // week 0 = initial draws
    if (p.p3 > 0) {
      RandomStream s({seed, run, 0, 0, week, Purpose::kTurnover});
      for (std::size_t i = 0; i < n; ++i) {
        if (!s.bernoulli_u32(p3)) continue;
        RandomStream b(
            {seed, run, 0, static_cast<std::uint32_t>(i), week, Purpose::kInitialBeliefs});
        draw_naive_beliefs(b, o.m, o.known[i], o.positive[i]);
      }
    }
    if (p.p4 > 0) {
      RandomStream s({seed, run, 0, 0, week, Purpose::kTurbulence});
      for (int d = 0; d < o.m; ++d) {
        if (s.bernoulli_u32(p4)) o.reality ^= std::uint64_t{1} << d;
      }
    }
    // 1. Everyone acts (before socialising, as in Christensen's ordering).
    {
      RandomStream s({seed, run, 0, 0, week, Purpose::kAct});
      for (std::size_t i = 0; i < n; ++i) actions[i] = act(o.known[i], o.positive[i], s.next_u64());
    }
    // 2. Socialisation toward the code as it stood at the start of the period.
    {
      RandomStream s({seed, run, 0, 0, week, Purpose::kSocialise});
      for (std::size_t i = 0; i < n; ++i) {
        socialise(o.known[i], o.positive[i], o.code_known, o.code_positive, p1, s);
      }
    }
    // 3. The code learns from those whose observed performance beats its score.
    const int code_score = belief_score(o.code_known, o.code_positive, o.reality);
    superior.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (action_score(actions[i], o.reality, o.all, o.m) > code_score)
        superior.push_back(actions[i]);
    }
    {
      RandomStream s({seed, run, 0, 0, week, Purpose::kCodeLearning});
      learn_code(o.code_known, o.code_positive, superior, o.m, keep, s);
    }
    const int new_score = belief_score(o.code_known, o.code_positive, o.reality);
    if (series && period < p.periods) series[period] = static_cast<double>(new_score) / o.m;
    if (!open_system && at_equilibrium(o, new_score)) {
      result.equilibrium = true;
      ++period;
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
