#pragma once
// How the loom process runs its threads and allocates memory, set before
// any work starts.
//
// - Idle worker threads sleep instead of spinning. GNU OpenMP (libgomp)
//   keeps a thread that has no work spinning for a while before it sleeps,
//   which on a network run (a short parallel loop over the schools every
//   week, with serial work between) made 2 threads cost 2.3x the CPU of one
//   for the same work: on a shared cluster node that is CPU taken from
//   others. libgomp reads OMP_WAIT_POLICY only when it is loaded, before
//   main, so when the variable is unset the process sets it to "passive" and
//   re-executes itself once (a few milliseconds). Any value set by the user
//   is kept (OMP_WAIT_POLICY=active restores the spinning).
// - One malloc arena unless MALLOC_ARENA_MAX says otherwise: glibc gives
//   each thread its own arena, which kept ~40% more memory at 2 threads
//   than at 1 on a 5,000-school network, at no measured CPU cost when
//   removed (benchmarks/BASELINE.md, "Efficiency").
namespace loom {

// Call first thing in main; may not return (re-executes the program).
void set_up_process(char** argv);

}  // namespace loom
