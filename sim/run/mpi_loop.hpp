#pragma once
// Running a plan's units on every rank of an MPI job (OpenMPI from Debian;
// built when CMake's LOOM_MPI is on). `mpirun -n K loom sweep ...` gives K
// processes that each read the same sweep file and build the same plan;
// rank 0 hands out chunks of units to ranks that ask for work, runs chunks
// itself on its own threads, and delivers every unit's record in list order
// to one writer. The file is therefore identical to a one-process sweep
// (records are the same bytes whoever computes them: random streams are
// keyed by unit, never by rank or thread).
//
// Dynamic hand-out: runs differ in cost (school size, years, equilibrium
// times), so ranks ask for the next chunk when done. Chunks shrink as the
// work runs out (a share of what is left, at most 64 units, at least 1), so
// the last ranks to finish wait little.
//
// Rank 0's main thread only talks MPI (MPI_THREAD_FUNNELED); it polls with
// MPI_Iprobe and short sleeps rather than a blocking receive, because
// OpenMPI's blocking receive spins and would take a core from the workers.
#include <cstdint>
#include <vector>

#include "sim/run/record_loop.hpp"

namespace loom {

struct MpiSession {
  int rank = 0;
  int size = 1;
  bool active() const { return size > 1; }
};

// True when this process was started by mpirun (OpenMPI's or a PMI
// launcher's environment variables), so plain `loom` never touches MPI.
bool launched_by_mpirun();
// MPI_Init_thread (FUNNELED) when launched_by_mpirun(), else a one-rank
// session. Call once; mpi_finalize() at exit.
MpiSession mpi_start(int* argc, char*** argv);
void mpi_finalize();
// mpi_start when made, mpi_finalize when the scope ends: a command's body.
class MpiScope {
 public:
  MpiScope() : session(mpi_start(nullptr, nullptr)) {}
  ~MpiScope() { mpi_finalize(); }
  MpiScope(const MpiScope&) = delete;
  MpiScope& operator=(const MpiScope&) = delete;
  const MpiSession session;
};
// Ends every rank (after an error on one).
[[noreturn]] void mpi_abort(int code);
// Worker threads per rank by default: the cores of this node shared among
// the ranks on it (OMPI_COMM_WORLD_LOCAL_SIZE), at least 1.
int mpi_default_threads();

// Rank 0: runs `units` across all ranks; same contract as execute_records.
void mpi_execute_records(const MpiSession& session, const RunPlan& plan,
                         const std::vector<std::uint64_t>& units, const UnitRunner& run,
                         const UnitRecordOptions& record, const RecordDelivery& deliver,
                         const LoopOptions& options);
// This rank's part as a RecordExecutor: on rank 0 mpi_execute_records (it
// delivers every record), on the others mpi_work with `threads` (nothing
// is delivered there). For callers that run the same steps on every rank.
RecordExecutor mpi_record_executor(const MpiSession& session, int threads);

// Rank 0's `values` to every rank (a collective: every rank calls it);
// the others' are replaced, size included.
void mpi_broadcast(const MpiSession& session, std::vector<double>& values);

// Ranks > 0: ask rank 0 for chunks and run them until told to stop.
// `plan_hash` is checked against rank 0's (every rank must build the same
// plan; a different one aborts the job with a message).
void mpi_work(const MpiSession& session, const RunPlan& plan, const UnitRunner& run,
              const UnitRecordOptions& record, int threads);

}  // namespace loom
