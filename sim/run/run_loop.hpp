#pragma once
// The one execution loop: runs a set of plan units on the thread pool and
// hands each finished unit to a sink. `loom run`, `loom compare`,
// `loom march` and the viewer's what-if runner all use it.
//
// Determinism. Workers take units in list order and run them in parallel,
// but the sink receives them strictly in list order, one at a time: a
// finished unit waits in a reorder buffer until every unit before it has been
// handed over. A sink therefore sees the same sequence of (unit, output)
// calls for 1 or 64 threads, and a file it writes is byte-for-byte the same.
// The buffer is bounded (`window` units): a worker does not start unit k
// until unit k - window has been handed to the sink, so memory does not grow
// with the number of units even when one unit is much slower than the rest.
// (No deadlock: the unit the buffer waits for was taken earlier by a worker
// that is running it, and that worker is never the one waiting.)
//
// Sinks and observers are called on worker threads but never concurrently,
// so they need no locks of their own (and HDF5 is only ever entered by one
// thread at a time).
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/run/ensemble.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {

class RunSink {
 public:
  virtual ~RunSink() = default;
  // Called once per finished unit, in unit-list order. May move from `output`.
  virtual void on_unit_done(const PlanUnit& unit, RunOutput&& output) = 0;
};

// Watches the loop (progress display, logs). Called in unit-list order,
// after the sink, never concurrently.
class LoopObserver {
 public:
  virtual ~LoopObserver() = default;
  virtual void on_start(std::uint64_t /*total*/) {}
  virtual void on_unit_done(std::uint64_t /*done*/, std::uint64_t /*total*/) {}
  virtual void on_finish(std::uint64_t /*done*/, std::uint64_t /*total*/, bool /*cancelled*/) {}
};

using UnitRunner = std::function<RunOutput(const PlanUnit& unit)>;

struct LoopOptions {
  int threads = 0;  // 0 = all cores (OMP_NUM_THREADS)
  // Polled before each unit starts; when it returns true no further unit
  // starts, running ones finish, and execute() returns kCancelled.
  std::function<bool()> cancelled;
  std::vector<LoopObserver*> observers;
  // Most units held finished-but-not-delivered; 0 = 4 per worker (at least 8).
  std::size_t window = 0;
  // Called on the worker thread right after a unit ran, concurrently for
  // different units: where a sink does its per-unit work that can run in
  // parallel (compressing a chunk), so the serial sink only copies bytes.
  std::function<void(const PlanUnit&, RunOutput&)> prepare;
};

enum class LoopStatus { kFinished, kCancelled };

// Runs units[0], units[1], ... of `plan`. The first exception from the runner
// or the sink stops the loop (units not started are skipped) and is rethrown.
LoopStatus execute(const RunPlan& plan, const std::vector<std::uint64_t>& units,
                   const UnitRunner& run, RunSink& sink, const LoopOptions& options = {});
// Every unit of the plan, in index order.
LoopStatus execute(const RunPlan& plan, const UnitRunner& run, RunSink& sink,
                   const LoopOptions& options = {});

}  // namespace loom
