#pragma once
// The one parallel loop of the engine.
//
// Work is split into independent units (replicates today, schools later).
// Each unit must write only to its own output slot; `worker` (0..threads-1)
// indexes per-worker scratch space that a unit may reuse but never keep.
// Nothing random may depend on `worker`: streams are keyed by the unit.
#include <cstddef>
#include <functional>

namespace loom {

using UnitFunction = std::function<void(std::size_t unit, int worker)>;

// Runs fn(unit, worker) for unit in [0, count) on `threads` threads
// (0 = all hardware threads / OMP_NUM_THREADS), never more than `count`.
// Units are handed out one at a time (dynamic schedule) because run lengths
// vary (March runs stop at equilibrium). The first exception thrown by a unit
// is rethrown here, after the other units ran.
//
// Nested calls share the outer budget instead of multiplying it: inside a
// loop of several workers a nested loop runs serially on its worker; inside
// a loop on one thread it may use that loop's thread count. So `-t 1` uses
// one core whatever the model does inside a unit (a network run's loop over
// its schools used to start all cores under `loom sweep -t 1`).
void parallel_for(std::size_t count, int threads, const UnitFunction& fn);

// The threads parallel_for(…, threads, …) may use here: `threads` (0 = all
// cores), capped by an enclosing loop's budget.
int resolve_thread_count(int threads);

}  // namespace loom
