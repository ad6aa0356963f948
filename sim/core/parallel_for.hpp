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
// (0 = all hardware threads / OMP_NUM_THREADS). Units are handed out one at a
// time (dynamic schedule) because run lengths vary (March runs stop at
// equilibrium). The first exception thrown by a unit is rethrown here.
void parallel_for(std::size_t count, int threads, const UnitFunction& fn);

// The number of workers parallel_for(…, threads, …) will use.
int resolve_thread_count(int threads);

}  // namespace loom
