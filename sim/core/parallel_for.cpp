#include "sim/core/parallel_for.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <mutex>

namespace loom {
namespace {

// The threads a parallel_for started on this thread may use: 0 when no
// parallel_for encloses it (then `threads` = 0 means all cores). Inside a
// loop of several workers it is 1, so a unit that splits itself (a network
// run over its schools) runs serially on its worker instead of starting
// threads the other workers' cores cannot give; inside a loop that runs on
// one thread it is that loop's own count, so `-t 1` means one core all the
// way down and one lone unit on `-t 2` still gets both cores.
thread_local int enclosing_budget = 0;

class BudgetScope {
 public:
  explicit BudgetScope(int budget) : saved_(enclosing_budget) { enclosing_budget = budget; }
  ~BudgetScope() { enclosing_budget = saved_; }
  BudgetScope(const BudgetScope&) = delete;
  BudgetScope& operator=(const BudgetScope&) = delete;

 private:
  int saved_;
};

}  // namespace

int resolve_thread_count(int threads) {
  const int wanted = threads > 0 ? threads : omp_get_max_threads();
  return enclosing_budget > 0 ? std::min(wanted, enclosing_budget) : wanted;
}

void parallel_for(std::size_t count, int threads, const UnitFunction& fn) {
  const int budget = resolve_thread_count(threads);
  const int workers =
      static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(budget), count));
  std::exception_ptr first_error;
  if (workers <= 1) {
    // No parallel region (an OpenMP team of one would still count as a
    // level and cost a fork): the units run here, and a loop nested in them
    // may use this loop's budget.
    const BudgetScope scope(budget);
    for (std::size_t unit = 0; unit < count; ++unit) {
      try {
        fn(unit, 0);
      } catch (...) {
        if (!first_error) first_error = std::current_exception();
      }
    }
    if (first_error) std::rethrow_exception(first_error);
    return;
  }
  std::mutex error_mutex;
  const auto n = static_cast<long long>(count);
#pragma omp parallel num_threads(workers)
  {
    const BudgetScope scope(1);  // every worker's core is taken
#pragma omp for schedule(dynamic, 1)
    for (long long unit = 0; unit < n; ++unit) {
      try {
        fn(static_cast<std::size_t>(unit), omp_get_thread_num());
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
      }
    }
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace loom
