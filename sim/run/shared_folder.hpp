#pragma once
// Running a sequence of batches cooperatively from several processes that
// share only a folder: the tasks of a Slurm array (`loom calibrate --shards
// N`), started together or one after another. MPI needs one allocation for
// all ranks; an array's tasks may start at different times, may be few at a
// time, and may be killed and resubmitted alone.
//
// Every task runs the same algorithm and so asks for the same batches (the
// same run plan) in the same order. A batch's units are split into
// `shard_count` chunks (every count-th unit). A task first runs its own
// chunk, then any chunk no other live task holds: a chunk is claimed by an
// exclusive flock() on FOLDER/<plan hash>-<units>-<chunk>.lock (the lock
// ends with its process, so a killed task's chunk is taken over) and
// finished by renaming its records into FOLDER/...-<chunk>.done. A task
// that finds every open chunk held by others waits for them, polling. Then
// every task reads all chunks and delivers the records in unit order, so
// each has the whole batch, exactly as if it had run it alone: one task can
// finish the whole job, several share it, and a rerun of the same command
// (a resubmitted task) finds the finished chunks on disk instead of running
// them again.
//
// The folder keeps every batch's records until it is deleted (the caller
// says when that is safe). A chunk is a unit journal
// (sim/output/unit_journal.hpp: checksummed records, its header naming the
// plan and the chunk).
#include <cstdint>
#include <filesystem>

#include "sim/run/record_loop.hpp"

namespace loom {

// `shard_index` is 0-based. Threads come from the LoopOptions each call gets.
RecordExecutor shared_folder_executor(std::filesystem::path folder, std::uint64_t shard_index,
                                      std::uint64_t shard_count, double poll_seconds = 1.0);

}  // namespace loom
