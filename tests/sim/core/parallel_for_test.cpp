#include "sim/core/parallel_for.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

using namespace loom;

namespace {

// The distinct threads that ran a nested loop's units, per outer unit.
std::vector<std::size_t> nested_threads(std::size_t outer_units, int outer_threads,
                                        int inner_threads) {
  std::vector<std::size_t> counts(outer_units);
  parallel_for(outer_units, outer_threads, [&](std::size_t u, int) {
    std::mutex m;
    std::set<std::thread::id> seen;
    parallel_for(64, inner_threads, [&](std::size_t, int) {
      // Long enough that a second thread, if there is one, takes units.
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      const std::lock_guard lock(m);
      seen.insert(std::this_thread::get_id());
    });
    counts[u] = seen.size();
  });
  return counts;
}

}  // namespace

TEST_CASE("Nested loops share the outer thread budget instead of multiplying it",
          "[parallel_for]") {
  // One thread asked for: one thread all the way down, whatever the inner
  // loop asks (a network run inside `loom sweep -t 1` used every core).
  for (const std::size_t n : nested_threads(3, 1, 0)) CHECK(n == 1);
  for (const std::size_t n : nested_threads(3, 1, 2)) CHECK(n == 1);
  // Several workers: each worker's core is taken, so inner loops run serially.
  for (const std::size_t n : nested_threads(4, 2, 2)) CHECK(n == 1);
  // A lone unit on two threads may split itself over both.
  CHECK(nested_threads(1, 2, 0).front() == 2);
  CHECK(resolve_thread_count(3) == 3);
}

TEST_CASE("The first error of a unit is rethrown after the others ran", "[parallel_for]") {
  for (const int threads : {1, 2}) {
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH(parallel_for(10, threads,
                                   [&](std::size_t u, int) {
                                     ++ran;
                                     if (u == 3) throw std::runtime_error("unit 3");
                                   }),
                      "unit 3");
    CHECK(ran == 10);
  }
}
