#pragma once
// The run loop (run_loop.hpp) seen as a producer of unit records
// (unit_record.hpp): what a sweep needs, locally or across MPI ranks.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "sim/output/unit_record.hpp"
#include "sim/run/run_loop.hpp"

namespace loom {

// Receives each finished unit's record, in list order, never concurrently.
using RecordDelivery =
    std::function<void(std::uint64_t unit, std::span<const unsigned char> record)>;

// Runs `units` of `plan` and delivers their records (sim/run/mpi_loop.hpp has
// the same signature across ranks).
using RecordExecutor = std::function<void(
    const RunPlan& plan, const std::vector<std::uint64_t>& units, const UnitRunner& run,
    const UnitRecordOptions& record, const RecordDelivery& deliver, const LoopOptions& options)>;

// On this process's threads.
void execute_records(const RunPlan& plan, const std::vector<std::uint64_t>& units,
                     const UnitRunner& run, const UnitRecordOptions& record,
                     const RecordDelivery& deliver, const LoopOptions& options);

}  // namespace loom
