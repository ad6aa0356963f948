#include "sim/run/run_loop.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "models/catalog/scenario_runner.hpp"
#include "sim/core/progress.hpp"
#include "sim/output/result_sinks.hpp"
#include "tests/same_bits.hpp"

using namespace loom;

namespace {

// Records the order of calls and how many units were finished but waiting.
class RecordingSink final : public RunSink {
 public:
  void on_unit_done(const PlanUnit& unit, RunOutput&& output) override {
    order.push_back(unit.index);
    values.push_back(output.summary.at(0));
  }
  std::vector<std::uint64_t> order;
  std::vector<double> values;
};

RunPlan plan_of(std::uint64_t units) {
  return RunPlan({{"p", "test", "", 1, units}});
}

RunOutput slow_unit(const PlanUnit& unit) {
  // Uneven durations so units finish out of order on several threads.
  std::this_thread::sleep_for(std::chrono::microseconds((unit.index * 7919) % 5 * 300));
  RunOutput out;
  out.summary = {static_cast<double>(unit.index * unit.index)};
  return out;
}

}  // namespace

TEST_CASE("The sink gets units in plan order whatever the thread count", "[run_loop]") {
  const RunPlan plan = plan_of(40);
  for (const int threads : {1, 2, 4, 8}) {
    INFO(threads << " threads");
    RecordingSink sink;
    LoopOptions options;
    options.threads = threads;
    options.window = 3;  // small, so the bound is exercised
    CHECK(execute(plan, slow_unit, sink, options) == LoopStatus::kFinished);
    REQUIRE(sink.order.size() == 40);
    for (std::uint64_t i = 0; i < 40; ++i) CHECK(sink.order[i] == i);
  }
}

TEST_CASE("No unit starts more than `window` units ahead of the sink", "[run_loop]") {
  const RunPlan plan = plan_of(30);
  std::mutex m;
  std::uint64_t delivered = 0, worst_lead = 0;
  struct Counting final : RunSink {
    std::mutex& m;
    std::uint64_t& delivered;
    Counting(std::mutex& mm, std::uint64_t& d) : m(mm), delivered(d) {}
    void on_unit_done(const PlanUnit&, RunOutput&&) override {
      const std::lock_guard lock(m);
      ++delivered;
    }
  } sink(m, delivered);
  LoopOptions options;
  options.threads = 4;
  options.window = 2;
  execute(
      plan,
      [&](const PlanUnit& unit) {
        {
          const std::lock_guard lock(m);
          worst_lead = std::max(worst_lead, unit.index - std::min(unit.index, delivered));
        }
        // Unit 0 is slow: the others must wait for it rather than pile up.
        if (unit.index == 0) std::this_thread::sleep_for(std::chrono::milliseconds(30));
        return RunOutput{};
      },
      sink, options);
  CHECK(delivered == 30);
  CHECK(worst_lead < 2);
}

TEST_CASE("Any subset of units, in any order, gives the same per-unit outputs",
          "[run_loop][reproducibility]") {
  RunRequest request;
  request.replicates = 6;
  request.seed = 99;
  std::vector<LoadedScenario> scenarios;
  scenarios.push_back(
      load_scenario(std::string(LOOM_SOURCE_DIR) + "/scenarios/top-down.toml", request));
  scenarios.push_back(
      load_scenario(std::string(LOOM_SOURCE_DIR) + "/scenarios/shared-leadership.toml", request));
  const RunPlan plan = make_plan(scenarios);
  REQUIRE(plan.unit_count() == 12);
  std::vector<OutputLayout> layouts{scenarios[0].model->layout(), scenarios[1].model->layout()};

  MemorySink all(plan, layouts);
  LoopOptions two;
  two.threads = 2;
  execute(plan, unit_runner(scenarios), all, two);

  // A shard's worth, out of order, on one thread.
  struct Keep final : RunSink {
    std::vector<std::pair<PlanUnit, RunOutput>> got;
    void on_unit_done(const PlanUnit& u, RunOutput&& o) override {
      got.emplace_back(u, std::move(o));
    }
  } some;
  LoopOptions one;
  one.threads = 1;
  execute(plan, {11, 3, 7, 0}, unit_runner(scenarios), some, one);
  REQUIRE(some.got.size() == 4);
  CHECK(some.got[0].first.index == 11);  // list order, not index order
  for (const auto& [unit, output] : some.got) {
    const RunOutput& reference = all.results()[unit.point].runs[unit.replicate];
    CHECK(loom::testing::same_bits(output.series, reference.series));
    CHECK(loom::testing::same_bits(output.summary, reference.summary));
    CHECK(output.events.size() == reference.events.size());
  }
}

TEST_CASE("A cancelled loop stops starting units and says so", "[run_loop]") {
  const RunPlan plan = plan_of(1000);
  RecordingSink sink;
  LoopOptions options;
  options.threads = 2;
  std::atomic<int> started{0};
  options.cancelled = [&] { return started.load() >= 10; };
  const auto status = execute(
      plan,
      [&](const PlanUnit& unit) {
        ++started;
        return slow_unit(unit);
      },
      sink, options);
  CHECK(status == LoopStatus::kCancelled);
  CHECK(sink.order.size() < 1000);
  for (std::uint64_t i = 0; i < sink.order.size(); ++i) CHECK(sink.order[i] == i);
}

TEST_CASE("An exception in a unit stops the loop and reaches the caller", "[run_loop]") {
  const RunPlan plan = plan_of(200);
  RecordingSink sink;
  LoopOptions options;
  options.threads = 2;
  CHECK_THROWS_WITH(execute(
                        plan,
                        [](const PlanUnit& unit) -> RunOutput {
                          if (unit.index == 17) throw std::runtime_error("unit 17 failed");
                          return slow_unit(unit);
                        },
                        sink, options),
                    "unit 17 failed");
  CHECK(sink.order.size() <= 17);
}

TEST_CASE("Progress without a terminal: one plain line at most every 10 s", "[progress]") {
  CHECK(progress_line("top-down", 1200, 8000, 34.0) ==
        "top-down: 1200/8000 units (15.0%), 35.3 units/s, ETA 3m 13s");
  CHECK(progress_line("x", 0, 10, 0.0) == "x: 0/10 units (0.0%), 0.0 units/s, ETA unknown");
  CHECK(progress_line("x", 10, 10, 4000.0) ==
        "x: 10/10 units (100.0%), 0.0 units/s, done in 1h 06m");
  CHECK(format_duration(59.4) == "59s");

  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  REQUIRE(out);
  double now = 0.0;
  {
    ProgressObserver p(
        "run", ProgressObserver::Mode::kLines, [&] { return now; }, out);
    p.on_start(100);
    for (int done = 1; done <= 100; ++done) {
      now += 0.5;  // 2 units per second: 50 s in all
      p.on_unit_done(static_cast<std::uint64_t>(done), 100);
    }
    p.on_finish(100, 100, false);
  }
  std::fclose(out);
  const std::string log(text, size);
  std::free(text);
  CHECK(log ==
        "run: 20/100 units (20.0%), 2.0 units/s, ETA 40s\n"
        "run: 40/100 units (40.0%), 2.0 units/s, ETA 30s\n"
        "run: 60/100 units (60.0%), 2.0 units/s, ETA 20s\n"
        "run: 80/100 units (80.0%), 2.0 units/s, ETA 10s\n"
        "run: 100/100 units (100.0%), 2.0 units/s, done in 50s\n");
}

TEST_CASE("Progress: a short run without a terminal, or a quiet one, prints nothing",
          "[progress]") {
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  REQUIRE(out);
  double now = 0.0;
  for (const auto mode : {ProgressObserver::Mode::kLines, ProgressObserver::Mode::kQuiet}) {
    ProgressObserver p(
        "run", mode, [&] { return now; }, out);
    p.on_start(5);
    for (int done = 1; done <= 5; ++done) {
      now += mode == ProgressObserver::Mode::kQuiet ? 100.0 : 1.0;
      p.on_unit_done(static_cast<std::uint64_t>(done), 5);
    }
    p.on_finish(5, 5, false);
  }
  std::fclose(out);
  CHECK(size == 0);
  std::free(text);
}
