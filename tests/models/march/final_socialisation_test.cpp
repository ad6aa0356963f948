#include "models/march/final_socialisation.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "models/march/beliefs.hpp"

namespace loom {

TEST_CASE("The last stretch drawn at once equals the one drawn step by step", "[march]") {
  // Organisations with a final code (no 0) and beliefs of three kinds, for
  // p1 from 0.02 to 1 and from 1 period left (the one-by-one run at once)
  // through a few dozen (uniforms too small for the shortcut now and then:
  // it starts again one by one) to the safety stop's 100,000 (the shortcut):
  // the periods used and every belief must be the same, bit for bit.
  RandomStream setup(FoldedKey{fold_run(8, 1), 0, 0, 0, Purpose{90}});
  int cases = 0;
  for (const double p1 : {0.02, 0.1, 0.5, 0.9, 1.0}) {
    const std::uint64_t threshold = RandomStream::bernoulli_threshold(p1);
    const double log_stay = std::log1p(-static_cast<double>(threshold) * 0x1.0p-32);
    for (const int remaining : {1, 7, 8, 12, 40, 300, 100000}) {
      for (int trial = 0; trial < 60; ++trial, ++cases) {
        Organisation o;
        // Large organisations and tiny ones (a belief or two to move, where
        // one small uniform decides which way the shortcut goes).
        const bool tiny = trial % 2 == 0;
        o.m = 1 + static_cast<int>(setup.below(tiny ? 3 : 64));
        o.all = dimension_mask(o.m);
        o.code_known = o.all;
        o.code_positive = setup.next_u64() & o.all;
        const auto people = 1 + setup.below(tiny ? 2 : 60);
        // Beliefs of every kind, only 0s (one step each) or only opposite
        // signs (two steps each), where they differ from the code.
        const int kind = trial % 3;
        for (std::uint32_t i = 0; i < people; ++i) {
          const std::uint64_t differ = setup.next_u64() & setup.next_u64() & o.all;
          std::uint64_t known = o.all, positive = o.code_positive;
          if (kind == 0) {
            known = setup.next_u64() & o.all;
            positive = setup.next_u64() & known;
          } else if (kind == 1) {
            known &= ~differ;
            positive &= known;
          } else {
            positive ^= differ;
          }
          o.known.push_back(known);
          o.positive.push_back(positive);
        }
        Organisation step_by_step = o;
        const FoldedKey name{fold_run(8, 2), 0, 0, static_cast<std::uint32_t>(cases), Purpose{4}};
        INFO("p1 " << p1 << ", " << remaining << " periods left, case " << trial);
        REQUIRE(finish_socialisation(o, log_stay, remaining, name) ==
                finish_one_by_one(step_by_step, log_stay, remaining, name));
        REQUIRE(o.known == step_by_step.known);
        REQUIRE(o.positive == step_by_step.positive);
      }
    }
  }
}

}  // namespace loom
