#include "sim/run/run_estimate.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <variant>

#include "sim/core/parallel_for.hpp"

namespace loom {
namespace {

// Rows the file sink buffers per table before appending
// (sim/output/result_sinks.cpp, kBatchRows).
constexpr std::uint64_t kBatchRows = 4096;

std::uint64_t string_bytes(const std::string& s) {
  // The string object itself plus its heap buffer when it is not stored
  // inline (libstdc++: up to 15 characters inline).
  return sizeof(std::string) + (s.capacity() > 15 ? s.capacity() + 1 : 0);
}

std::uint64_t column_bytes(const TableColumn& c) {
  return std::visit(
      [](const auto& v) -> std::uint64_t {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) {
          std::uint64_t b = 0;
          for (const auto& s : v) b += string_bytes(s);
          return b;
        } else {
          return v.size() * sizeof(T);
        }
      },
      c.values);
}

std::uint64_t table_rows(const RunTable& t) {
  if (t.columns.empty()) return 0;
  return std::visit([](const auto& v) -> std::uint64_t { return v.size(); },
                    t.columns.front().values);
}

// A number from a /proc or /sys file's line "Key:   123 kB" (in bytes).
std::uint64_t proc_value(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream words(line.substr(key.size() + 1));
    std::uint64_t value = 0;
    std::string unit;
    words >> value >> unit;
    return unit == "kB" ? value * 1024 : value;
  }
  return 0;
}

// A whole-file number ("max" or unreadable = 0).
std::uint64_t file_number(const char* file) {
  std::ifstream in(file);
  std::string text;
  in >> text;
  if (text.empty() || text == "max") return 0;
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    return 0;
  }
}

// A resource limit left, given what is in use: 0 when unlimited.
std::uint64_t limit_left(int resource, std::uint64_t used) {
  rlimit limit{};
  if (getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
  const auto cap = static_cast<std::uint64_t>(limit.rlim_cur);
  return cap > used ? cap - used : 1;  // 1: nothing left (0 means unlimited)
}

}  // namespace

std::uint64_t output_bytes(const RunOutput& output) {
  std::uint64_t b = sizeof(RunOutput);
  b += output.series.size() * sizeof(double) + output.summary.size() * sizeof(double);
  for (const auto& e : output.events) {
    b += sizeof(RunEvent) - 2 * sizeof(std::string) + string_bytes(e.kind) + string_bytes(e.detail);
  }
  for (const auto& t : output.tables) {
    b += sizeof(RunTable) + string_bytes(t.name);
    for (const auto& c : t.columns) b += sizeof(TableColumn) + column_bytes(c);
  }
  return b;
}

std::uint64_t available_memory(std::string* source) {
  std::uint64_t best = 0;
  std::string from;
  const auto consider = [&](std::uint64_t value, const char* what) {
    if (value > 0 && (best == 0 || value < best)) {
      best = value;
      from = what;
    }
  };
  consider(proc_value("/proc/meminfo", "MemAvailable"), "MemAvailable in /proc/meminfo");
  const std::uint64_t cgroup_max = file_number("/sys/fs/cgroup/memory.max");
  if (cgroup_max > 0) {
    const std::uint64_t used = file_number("/sys/fs/cgroup/memory.current");
    consider(cgroup_max > used ? cgroup_max - used : 1, "the cgroup memory limit");
  }
  consider(limit_left(RLIMIT_AS, proc_value("/proc/self/status", "VmSize")),
           "the address-space limit (ulimit -v)");
  consider(limit_left(RLIMIT_DATA, proc_value("/proc/self/status", "VmData")),
           "the data-size limit (ulimit -d)");
  if (source) *source = from;
  return best;
}

RunEstimate estimate_run(const RunPlan& plan, const UnitRunner& run,
                         const EstimateOptions& options) {
  RunEstimate e;
  const auto& points = plan.points();
  e.units = plan.unit_count();
  e.workers = std::max(1, resolve_thread_count(options.threads));
  if (e.units == 0) return e;

  // Which points to time: every one when there are few, else an even spread.
  std::vector<std::size_t> sampled;
  const std::size_t n = points.size();
  const std::size_t k = std::max<std::size_t>(1, std::min(n, options.max_calibration_points));
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t p = (i * n) / k;
    if (points[p].replicates > 0 && (sampled.empty() || sampled.back() != p)) sampled.push_back(p);
  }
  std::vector<double> seconds(n, -1.0);
  std::uint64_t largest_output = 0, batch_bytes = 0, kept_outputs = 0;
  double measured = 0.0;
  std::uint64_t timed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const std::size_t p : sampled) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t unit = plan.first_unit(p);
    e.measured.emplace_back(unit, run(plan.unit(unit)));
    const RunOutput& out = e.measured.back().second;
    seconds[p] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    measured += seconds[p];
    ++timed;
    kept_outputs += output_bytes(out);
    largest_output = std::max(largest_output, output_bytes(out));
    // The sink's batches for this point: its summary rows, events and each
    // table, up to kBatchRows rows each, at the bytes per row measured.
    std::uint64_t batch = kBatchRows * (out.summary.size() + 1) * sizeof(double);
    if (!out.events.empty()) {
      std::uint64_t b = 0;
      for (const auto& ev : out.events) b += sizeof(RunEvent) + string_bytes(ev.detail);
      batch += kBatchRows * (b / out.events.size());
    }
    for (const auto& t : out.tables) {
      const std::uint64_t rows = table_rows(t);
      std::uint64_t b = 0;
      for (const auto& c : t.columns) b += column_bytes(c);
      if (rows > 0) batch += kBatchRows * (b / rows + sizeof(std::int64_t));
    }
    batch_bytes = std::max(batch_bytes, batch);
  }
  e.calibration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  e.seconds_per_unit = timed ? measured / static_cast<double>(timed) : 0.0;

  double work = 0.0;
  for (std::size_t p = 0; p < n; ++p) {
    const double per_unit = seconds[p] >= 0 ? seconds[p] : e.seconds_per_unit;
    work += per_unit * static_cast<double>(points[p].replicates);
  }
  const double parallel =
      static_cast<double>(std::min<std::uint64_t>(static_cast<std::uint64_t>(e.workers), e.units));
  e.seconds = work / parallel;

  for (std::size_t p = 0; p < n && p < options.kept_bytes_per_unit.size(); ++p) {
    e.kept_bytes += options.kept_bytes_per_unit[p] * points[p].replicates;
  }
  const auto workers = static_cast<std::uint64_t>(e.workers);
  const std::uint64_t window = std::max<std::uint64_t>(8, 4 * workers);
  e.buffer_bytes = (window + workers) * largest_output + n * batch_bytes + kept_outputs;
  e.available_bytes = available_memory(&e.available_source);
  return e;
}

UnitRunner reusing_measured(RunEstimate& estimate, UnitRunner run) {
  return [&estimate, run = std::move(run)](const PlanUnit& unit) {
    auto& kept = estimate.measured;
    const auto at = std::lower_bound(
        kept.begin(), kept.end(), unit.index,
        [](const std::pair<std::uint64_t, RunOutput>& k, std::uint64_t i) { return k.first < i; });
    if (at != kept.end() && at->first == unit.index) return std::move(at->second);
    return run(unit);
  };
}

void check_estimate(const RunEstimate& e, double time_limit_seconds, bool force) {
  if (force) return;
  if (e.available_bytes > 0 && e.memory_bytes() > e.available_bytes) {
    throw EstimateRefused(
        "this run would need about " + format_bytes(static_cast<double>(e.memory_bytes())) +
        " of memory (summary rows kept for the table: " +
        format_bytes(static_cast<double>(e.kept_bytes)) +
        "; runs in flight and write buffers: " + format_bytes(static_cast<double>(e.buffer_bytes)) +
        "), but only " + format_bytes(static_cast<double>(e.available_bytes)) + " are available (" +
        e.available_source +
        "), so it would stop part-way. Use fewer replicates (-r), or add --force to run anyway");
  }
  if (e.seconds > time_limit_seconds) {
    char per_unit[64];
    std::snprintf(per_unit, sizeof per_unit, "%.3g s", e.seconds_per_unit);
    throw EstimateRefused(
        "this run would take about " + format_long_duration(e.seconds) + " on " +
        std::to_string(e.workers) + " thread(s): " + std::to_string(e.units) + " units at " +
        per_unit + " each (timed on the first unit of each scenario or cell), more than the " +
        format_long_duration(time_limit_seconds) +
        " limit. Use fewer replicates or iterations, or add --force to run anyway");
  }
}

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1000.0 && u < 5) {
    bytes /= 1000.0;
    ++u;
  }
  char text[32];
  std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
  return text;
}

std::string format_long_duration(double seconds) {
  char text[48];
  if (seconds < 60.0) {
    std::snprintf(text, sizeof text, "%.3g s", seconds);
  } else if (seconds < 3600.0) {
    std::snprintf(text, sizeof text, "%.0f min", seconds / 60.0);
  } else if (seconds < 48.0 * 3600.0) {
    std::snprintf(text, sizeof text, "%.3g h", seconds / 3600.0);
  } else if (seconds < 3.0e9) {
    std::snprintf(text, sizeof text, "%.3g days", seconds / 86400.0);
  } else {
    std::snprintf(text, sizeof text, "%.3g years", seconds / (365.25 * 86400.0));
  }
  return text;
}

}  // namespace loom
