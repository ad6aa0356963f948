#include "models/march/final_socialisation.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace loom {
namespace {

// A uniform in (0, 1] (53 random bits; log(u) is finite).
double uniform_open_zero(BulkRandomStream& s) {
  return static_cast<double>((s.next_u64() >> 11) + 1) * 0x1.0p-53;
}

// Periods until the first success of a p1 trial per period, 1, 2, ..., for
// the uniform u (inverse of the geometric distribution; log_stay =
// log(1 - p1) < 0); more than `cap`: cap + 1.
int periods_for(double u, double log_stay, int cap) {
  const double t = 1.0 + std::floor(std::log(u) / log_stay);
  return t > cap ? cap + 1 : static_cast<int>(t);
}

}  // namespace

// Each period's p1 draws are independent, so one geometric wait per step
// (two for an opposite belief: doubt, then adopt) has the law of simulating
// the periods one by one.
int finish_one_by_one(Organisation& o, double log_stay, int remaining, const FoldedKey& name) {
  BulkRandomStream s(name);
  const auto periods = [&] {
    if (log_stay == -HUGE_VAL) return 1;  // p1 = 1: every trial succeeds, no draw
    return periods_for(uniform_open_zero(s), log_stay, remaining);
  };
  int last = 0;
  for (std::size_t i = 0; i < o.known.size(); ++i) {
    std::uint64_t& known = o.known[i];
    std::uint64_t& positive = o.positive[i];
    const std::uint64_t differ = o.code_known & (~known | (positive ^ o.code_positive));
    for (std::uint64_t rest = differ; rest; rest &= rest - 1) {
      const std::uint64_t bit = rest & (~rest + 1);
      int t = periods();
      const bool opposite = (known & bit) != 0;
      if (opposite && t <= remaining) {  // doubt first, then adopt
        known &= ~bit;
        positive &= ~bit;
        t += periods();
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

// finish_one_by_one's result, the same draws and the same arithmetic, with a
// logarithm for a few beliefs instead of every step (the logarithms were ~9%
// of a March grid). It holds when every uniform is large enough that no
// belief can run out of periods (always, unless the safety stop is near):
// then every belief reaches the code, and the periods used are the longest
// wait. periods_for falls as u grows, so the longest one-step wait is that
// of the smallest u, and a two-step wait (the sum of two, between
// log(u1 u2) / log_stay and that + 2) can be the longest only if u1 u2 is
// within a factor (1 - p1)^-2 of the smallest product. Only those are
// computed, with a margin far above the logarithm's rounding. Otherwise
// (a uniform too small) the one-by-one run is made from the stream's start.
int finish_socialisation(Organisation& o, double log_stay, int remaining, const FoldedKey& name) {
  if (log_stay == -HUGE_VAL || remaining < 8)
    return finish_one_by_one(o, log_stay, remaining, name);
  // u >= large_enough: periods_for(u) <= remaining / 2 - 1, two steps fit.
  const double large_enough = std::exp((remaining / 2.0 - 3.0) * log_stay);
  thread_local std::vector<double> one_step;
  thread_local std::vector<std::array<double, 2>> two_steps;
  one_step.clear();
  two_steps.clear();
  double least_u = 2.0, least_product = 2.0;
  BulkRandomStream s(name);
  for (std::size_t i = 0; i < o.known.size(); ++i) {
    const std::uint64_t known = o.known[i];
    const std::uint64_t differ = o.code_known & (~known | (o.positive[i] ^ o.code_positive));
    for (std::uint64_t rest = differ; rest; rest &= rest - 1) {
      const std::uint64_t bit = rest & (~rest + 1);
      const double u = uniform_open_zero(s);
      if (u < large_enough) return finish_one_by_one(o, log_stay, remaining, name);
      if (!(known & bit)) {
        one_step.push_back(u);
        least_u = std::min(least_u, u);
        continue;
      }
      const double second = uniform_open_zero(s);
      if (second < large_enough) return finish_one_by_one(o, log_stay, remaining, name);
      two_steps.push_back({u, second});
      least_product = std::min(least_product, u * second);
    }
  }
  int last = 0;
  const double near = 1.0 + 1e-9;
  for (const double u : one_step) {
    if (u <= least_u * near) last = std::max(last, periods_for(u, log_stay, remaining));
  }
  const double reach = least_product * std::exp(-2.0 * log_stay) * near;
  for (const auto& [first, second] : two_steps) {
    if (first * second <= reach) {
      last = std::max(
          last, periods_for(first, log_stay, remaining) + periods_for(second, log_stay, remaining));
    }
  }
  for (std::size_t i = 0; i < o.known.size(); ++i) {  // everyone holds the code
    o.known[i] = o.code_known;
    o.positive[i] = o.code_positive & o.code_known;
  }
  return last;
}

}  // namespace loom
