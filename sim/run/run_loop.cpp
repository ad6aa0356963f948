#include "sim/run/run_loop.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>

#include "sim/core/parallel_for.hpp"

namespace loom {
namespace {

LoopStatus execute_positions(const RunPlan& plan, std::uint64_t count,
                             const std::function<std::uint64_t(std::uint64_t)>& unit_at,
                             const UnitRunner& run, RunSink& sink, const LoopOptions& options) {
  // No more workers than units: a lone unit (one network run) then runs
  // outside any busy parallel region, so it can split itself over the
  // threads (Model::set_threads).
  const int workers = static_cast<int>(
      std::min<std::uint64_t>(static_cast<std::uint64_t>(resolve_thread_count(options.threads)),
                              std::max<std::uint64_t>(count, 1)));
  const std::uint64_t window =
      options.window > 0 ? options.window
                         : std::max<std::uint64_t>(8, 4 * static_cast<std::uint64_t>(workers));
  for (auto* o : options.observers) o->on_start(count);

  std::atomic<std::uint64_t> next_position{0};  // next list position to start
  std::atomic<bool> stop{false};
  bool cancelled = false;
  std::mutex mutex;  // guards everything below
  std::condition_variable room;
  std::uint64_t delivered = 0;  // positions [0, delivered) went to the sink
  bool delivering = false;      // one thread at a time calls the sink
  std::map<std::uint64_t, std::pair<PlanUnit, RunOutput>> waiting;  // the reorder buffer
  std::exception_ptr error;

  const auto fail = [&](std::exception_ptr e) {
    const std::lock_guard lock(mutex);
    if (!error) error = e;
    stop = true;
    room.notify_all();
  };

  const auto worker = [&] {
    while (!stop) {
      if (options.cancelled && options.cancelled()) {
        const std::lock_guard lock(mutex);
        cancelled = true;
        stop = true;
        room.notify_all();
        return;
      }
      const std::uint64_t position = next_position++;
      if (position >= count) return;
      {
        std::unique_lock lock(mutex);
        room.wait(lock, [&] { return stop || position < delivered + window; });
        if (stop) return;
      }
      PlanUnit unit;
      RunOutput output;
      try {
        unit = plan.unit(unit_at(position));
        output = run(unit);
        if (options.prepare) options.prepare(unit, output);
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      std::unique_lock lock(mutex);
      waiting.emplace(position, std::make_pair(unit, std::move(output)));
      if (delivering) continue;  // that thread will pick this unit up too
      delivering = true;
      while (!stop && !waiting.empty() && waiting.begin()->first == delivered) {
        auto node = waiting.extract(waiting.begin());
        lock.unlock();
        try {
          auto& [done_unit, done_output] = node.mapped();
          sink.on_unit_done(done_unit, std::move(done_output));
          for (auto* o : options.observers) o->on_unit_done(node.key() + 1, count);
        } catch (...) {
          lock.lock();
          delivering = false;
          if (!error) error = std::current_exception();
          stop = true;
          room.notify_all();
          return;
        }
        lock.lock();
        ++delivered;
        room.notify_all();
      }
      delivering = false;
    }
  };
  // One parallel_for iteration per worker; each worker takes units from the
  // shared counter until none are left, so units start in list order.
  // `options.threads`, not `workers`, as the budget: a lone unit (workers 1)
  // runs inline and may split itself over all the threads asked for.
  parallel_for(static_cast<std::size_t>(workers), options.threads,
               [&](std::size_t, int) { worker(); });

  for (auto* o : options.observers) o->on_finish(delivered, count, cancelled);
  if (error) std::rethrow_exception(error);
  return cancelled ? LoopStatus::kCancelled : LoopStatus::kFinished;
}

}  // namespace

LoopStatus execute(const RunPlan& plan, const std::vector<std::uint64_t>& units,
                   const UnitRunner& run, RunSink& sink, const LoopOptions& options) {
  return execute_positions(
      plan, units.size(), [&](std::uint64_t position) { return units[position]; }, run, sink,
      options);
}

LoopStatus execute(const RunPlan& plan, const UnitRunner& run, RunSink& sink,
                   const LoopOptions& options) {
  return execute_positions(
      plan, plan.unit_count(), [](std::uint64_t position) { return position; }, run, sink, options);
}

}  // namespace loom
