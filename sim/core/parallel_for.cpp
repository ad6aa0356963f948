#include "sim/core/parallel_for.hpp"

#include <omp.h>

#include <exception>
#include <mutex>

namespace loom {

int resolve_thread_count(int threads) {
  return threads > 0 ? threads : omp_get_max_threads();
}

void parallel_for(std::size_t count, int threads, const UnitFunction& fn) {
  const int workers = resolve_thread_count(threads);
  std::exception_ptr first_error;
  std::mutex error_mutex;
  const auto n = static_cast<long long>(count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
  for (long long unit = 0; unit < n; ++unit) {
    try {
      fn(static_cast<std::size_t>(unit), omp_get_thread_num());
    } catch (...) {
      const std::lock_guard lock(error_mutex);
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace loom
