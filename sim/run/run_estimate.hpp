#pragma once
// An estimate of a run's memory and time, made before the run starts, so
// that work which cannot fit is refused before it begins instead of dying
// part-way (`-r 1000000` once ran out of memory after hours; March with a
// huge time limit could take CPU-days without a word).
//
// Time: measured, not modelled. The first unit of each plan point (of up to
// 32 points spread over the plan; the rest take the sampled mean) is run
// once, alone, and timed; the estimate is that time times the point's units,
// summed, divided by the workers. The timed units' outputs are kept in the
// estimate and the run takes them instead of running those units again
// (`reusing_measured`): runs are functions of their unit, so the result is
// the same, and the estimate costs nothing but the wait before the first
// progress line (a 10,000-school network unit used to run twice). It holds
// for any model, including March
// runs whose length depends on when they reach equilibrium (a large
// max_periods costs only what the runs really use). It assumes the other
// units cost about what the first did, and two workers do twice the work of
// one (on 2 shared cores: a lower bound on the time).
//
// Memory: what stays in memory while the run goes (data streamed to the
// file does not count):
// - what the command keeps per unit: `loom run` and `loom compare` keep
//   the summary row of every run (8 bytes x fields), in vectors that grow
//   by doubling, so counted twice;
// - the loop's in-order buffer (sim/run/run_loop.hpp: max(8, 4 x workers)
//   finished units) plus one unit being computed per worker, each as large
//   as the largest measured unit output;
// - the file sink's batches (up to 4,096 rows of each table per scenario);
// - the measured units' outputs, kept until the run takes them.
// It is compared with the memory available to this process: the smallest of
// MemAvailable (/proc/meminfo), the cgroup limit left (memory.max minus
// memory.current) and the address-space and data limits left (ulimit -v/-d).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/run/run_loop.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {

// A refusal: the message names the figures and --force (exit code 2).
class EstimateRefused : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Longer runs are refused without --force.
constexpr double kDefaultTimeLimitSeconds = 24.0 * 3600.0;

struct EstimateOptions {
  int threads = 0;  // as LoopOptions (0 = all cores)
  // Bytes the command keeps in memory per finished unit, per plan point
  // (empty = none).
  std::vector<std::uint64_t> kept_bytes_per_unit;
  std::size_t max_calibration_points = 32;
};

struct RunEstimate {
  double seconds = 0.0;              // wall-clock estimate of the whole run
  double seconds_per_unit = 0.0;     // mean of the timed units
  double calibration_seconds = 0.0;  // spent measuring
  std::uint64_t units = 0;
  int workers = 1;
  std::uint64_t kept_bytes = 0;    // the command's per-unit rows
  std::uint64_t buffer_bytes = 0;  // in-order buffer, running units, batches
  std::uint64_t memory_bytes() const { return kept_bytes + buffer_bytes; }
  std::uint64_t available_bytes = 0;  // 0 = unknown
  std::string available_source;       // which limit gave it
  // The timed units' outputs, by unit index (ascending), for the run to take.
  std::vector<std::pair<std::uint64_t, RunOutput>> measured;
};

// Runs the calibration units (see above) and returns the estimate.
RunEstimate estimate_run(const RunPlan& plan, const UnitRunner& run,
                         const EstimateOptions& options);

// `run`, except that a unit the estimate measured is taken from
// `estimate.measured` (moved out, once) instead of being run again. Safe
// with any number of workers: each unit is asked for once, and the list is
// only searched, never resized. `estimate` must outlive the runner.
UnitRunner reusing_measured(RunEstimate& estimate, UnitRunner run);

// Bytes a finished unit occupies in memory (vectors and strings).
std::uint64_t output_bytes(const RunOutput& output);

// Memory this process can still use, and which limit says so ("" and 0 when
// nothing could be read).
std::uint64_t available_memory(std::string* source = nullptr);

// Throws EstimateRefused when the memory estimate exceeds the available
// memory or the time estimate exceeds `time_limit_seconds`, unless `force`.
void check_estimate(const RunEstimate& estimate, double time_limit_seconds, bool force);

// "1.2 GB", "35 MB", "512 kB"; "3.2 days", "5.2 h", "42 s" (up to years,
// unlike progress.hpp's format_duration).
std::string format_bytes(double bytes);
std::string format_long_duration(double seconds);

}  // namespace loom
