#include "sim/run/run_estimate.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <vector>

#include "tests/same_bits.hpp"

using namespace loom;

namespace {

class CollectingSink final : public RunSink {
 public:
  void on_unit_done(const PlanUnit&, RunOutput&& output) override {
    values.push_back(output.summary.at(0));
  }
  std::vector<double> values;
};

}  // namespace

TEST_CASE("The run takes the estimate's measured units instead of running them twice",
          "[run_estimate]") {
  // Three points, so the estimate measures three first units.
  const RunPlan plan({{"a", "test", "", 1, 5}, {"b", "test", "", 1, 4}, {"c", "test", "", 1, 6}});
  for (const int threads : {1, 2, 4}) {
    INFO(threads << " threads");
    std::atomic<int> calls{0};
    const UnitRunner run = [&calls](const PlanUnit& unit) {
      ++calls;
      RunOutput out;
      out.summary = {static_cast<double>(unit.index) * 1.5 + static_cast<double>(unit.point)};
      return out;
    };
    EstimateOptions options;
    options.threads = threads;
    RunEstimate estimate = estimate_run(plan, run, options);
    CHECK(calls == 3);
    REQUIRE(estimate.measured.size() == 3);
    CHECK(estimate.measured[1].first == plan.first_unit(1));

    CollectingSink reused, plain;
    LoopOptions loop;
    loop.threads = threads;
    CHECK(execute(plan, reusing_measured(estimate, run), reused, loop) == LoopStatus::kFinished);
    CHECK(calls == static_cast<int>(plan.unit_count()));  // every unit exactly once
    CHECK(execute(plan, run, plain, loop) == LoopStatus::kFinished);
    CHECK(loom::testing::same_bits(reused.values, plain.values));
  }
}
