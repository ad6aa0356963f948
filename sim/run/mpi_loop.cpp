#include "sim/run/mpi_loop.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include "sim/core/parallel_for.hpp"

namespace loom {
namespace {

enum Tag : int { kHello = 1, kResult = 2, kChunk = 3, kStop = 4 };

// A chunk of finished records: [u32 length | record]...
void append_record(std::vector<unsigned char>& out, std::span<const unsigned char> record) {
  const auto n = static_cast<std::uint32_t>(record.size());
  const auto* p = reinterpret_cast<const unsigned char*>(&n);
  out.insert(out.end(), p, p + 4);
  out.insert(out.end(), record.begin(), record.end());
}

template <class F>
void each_record(const std::vector<unsigned char>& bytes, F&& f) {
  std::size_t at = 0;
  while (at + 4 <= bytes.size()) {
    std::uint32_t n = 0;
    std::memcpy(&n, bytes.data() + at, 4);
    at += 4;
    if (at + n > bytes.size()) throw std::runtime_error("MPI: truncated result message");
    const std::span<const unsigned char> record(bytes.data() + at, n);
    std::uint64_t unit = 0;
    std::memcpy(&unit, record.data(), sizeof unit);  // a record starts with its unit
    f(unit, record);
    at += n;
  }
}

std::vector<unsigned char> receive_bytes(int source, int tag, MPI_Status* status) {
  MPI_Status probe;
  MPI_Probe(source, tag, MPI_COMM_WORLD, &probe);
  int count = 0;
  MPI_Get_count(&probe, MPI_BYTE, &count);
  std::vector<unsigned char> bytes(static_cast<std::size_t>(count));
  MPI_Recv(bytes.data(), count, MPI_BYTE, probe.MPI_SOURCE, probe.MPI_TAG, MPI_COMM_WORLD,
           status ? status : MPI_STATUS_IGNORE);
  return bytes;
}

// Hands out list positions in shrinking chunks.
class Dispenser {
 public:
  Dispenser(std::uint64_t count, int ranks) : count_(count), ranks_(std::max(ranks, 1)) {}
  // [begin, end); empty when the work is gone.
  std::pair<std::uint64_t, std::uint64_t> take() {
    const std::lock_guard lock(mutex_);
    const std::uint64_t left = count_ - next_;
    const std::uint64_t size =
        std::clamp<std::uint64_t>(left / (4 * static_cast<std::uint64_t>(ranks_)), 1, 64);
    const std::uint64_t begin = next_;
    next_ = std::min(count_, next_ + size);
    return {begin, next_};
  }

 private:
  std::mutex mutex_;
  std::uint64_t count_, next_ = 0;
  int ranks_;
};

}  // namespace

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

MpiSession mpi_start(int* argc, char*** argv) {
  MpiSession s;
  if (!launched_by_mpirun()) return s;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &s.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &s.size);
  return s;
}

void mpi_finalize() {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) MPI_Finalize();
}

void mpi_abort(int code) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

int mpi_default_threads() {
  const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  const int ranks_here = local ? std::max(1, std::atoi(local)) : 1;
  return std::max(1, resolve_thread_count(0) / ranks_here);
}

namespace {

// Rank 0's view of the chunks out with the other ranks. A rank that was
// stopped (SIGSTOP, a frozen node) once stalled the whole job without a
// word: rank 0 waits for every chunk, since its units must come back in
// order. Now a chunk out for much longer than chunks take says so, once a
// chunk, naming the rank; the job still waits (the rank may resume), and a
// killed job continues with --resume.
class StallWatch {
 public:
  explicit StallWatch(int ranks)
      : out_(static_cast<std::size_t>(ranks)), units_(out_.size(), 0), warned_(out_.size(), false) {
    if (const char* s = std::getenv("LOOM_MPI_STALL_SECONDS"); s && std::atof(s) > 0)
      fixed_seconds_ = std::atof(s);  // tests; the default suits real sweeps
  }
  void sent(int rank, std::size_t units) {
    const auto r = static_cast<std::size_t>(rank);
    out_[r] = Clock::now();
    units_[r] = units;
    warned_[r] = false;
  }
  void returned(int rank) {
    const auto r = static_cast<std::size_t>(rank);
    if (units_[r] == 0) return;  // its hello
    total_seconds_ += seconds(out_[r]);
    ++chunks_;
    units_[r] = 0;
  }
  void warn_about_stalled_ranks(std::ostream& out) {
    if (seconds(last_check_) < 1.0) return;
    last_check_ = Clock::now();
    const double typical = chunks_ > 0 ? total_seconds_ / static_cast<double>(chunks_) : 0.0;
    const double limit = fixed_seconds_ > 0 ? fixed_seconds_ : std::max(600.0, 20.0 * typical);
    for (std::size_t r = 1; r < out_.size(); ++r) {
      if (units_[r] == 0 || warned_[r] || seconds(out_[r]) < limit) continue;
      warned_[r] = true;
      out << "loom: rank " << r << " has not returned its " << units_[r] << " units for "
          << static_cast<long long>(seconds(out_[r])) << " s (chunks take "
          << static_cast<long long>(typical) << " s on average): is it stopped, or its node "
          << "down? The sweep waits for it; if it does not come back, stop the job and run it "
          << "again with --resume (finished units are kept)\n";
    }
  }

 private:
  using Clock = std::chrono::steady_clock;
  static double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  }
  std::vector<Clock::time_point> out_;
  std::vector<std::size_t> units_;
  std::vector<bool> warned_;
  double total_seconds_ = 0.0;
  std::size_t chunks_ = 0;
  double fixed_seconds_ = 0.0;  // LOOM_MPI_STALL_SECONDS, else the rule above
  Clock::time_point last_check_ = Clock::now();
};

}  // namespace

void mpi_execute_records(const MpiSession& session, const RunPlan& plan,
                         const std::vector<std::uint64_t>& units, const UnitRunner& run,
                         const UnitRecordOptions& record, const RecordDelivery& deliver,
                         const LoopOptions& options) {
  const std::uint64_t hash = plan.hash();
  Dispenser dispenser(units.size(), session.size);
  // Finished records waiting for their turn, by list position.
  std::mutex mutex;
  std::map<std::uint64_t, std::vector<unsigned char>> waiting;
  // Unit -> list position (lists are in increasing unit order: a shard's
  // units, or those a resumed sweep has left).
  if (!std::is_sorted(units.begin(), units.end()))
    throw std::logic_error("mpi_execute_records: units must be in increasing order");
  const auto position_of = [&units](std::uint64_t unit) {
    const auto it = std::lower_bound(units.begin(), units.end(), unit);
    if (it == units.end() || *it != unit) throw std::runtime_error("MPI: a unit not handed out");
    return static_cast<std::uint64_t>(it - units.begin());
  };
  std::uint64_t delivered = 0;
  std::exception_ptr local_error;
  for (auto* o : options.observers) o->on_start(units.size());

  // Rank 0's own share, on its threads, chunk by chunk.
  std::thread local([&] {
    try {
      for (;;) {
        const auto [begin, end] = dispenser.take();
        if (begin == end) return;
        std::vector<std::uint64_t> chunk(units.begin() + static_cast<std::ptrdiff_t>(begin),
                                         units.begin() + static_cast<std::ptrdiff_t>(end));
        LoopOptions quiet = options;
        quiet.observers.clear();
        execute_records(
            plan, chunk, run, record,
            [&](std::uint64_t unit, std::span<const unsigned char> bytes) {
              const std::lock_guard lock(mutex);
              waiting[position_of(unit)].assign(bytes.begin(), bytes.end());
            },
            quiet);
      }
    } catch (...) {
      local_error = std::current_exception();
    }
  });

  const auto deliver_ready = [&] {
    std::vector<std::pair<std::uint64_t, std::vector<unsigned char>>> ready;
    {
      const std::lock_guard lock(mutex);
      for (auto it = waiting.begin();
           it != waiting.end() && it->first == delivered + ready.size();) {
        ready.emplace_back(it->first, std::move(it->second));
        it = waiting.erase(it);
      }
    }
    for (auto& [position, bytes] : ready) {
      deliver(units[position], bytes);
      ++delivered;
      for (auto* o : options.observers) o->on_unit_done(delivered, units.size());
    }
  };

  // Serve the other ranks until all have been told to stop.
  int stopped = 0;
  std::vector<std::uint64_t> chunk_units;
  StallWatch watch(session.size);
  while (stopped < session.size - 1) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      deliver_ready();
      watch.warn_about_stalled_ranks(std::cerr);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    const int source = status.MPI_SOURCE;
    if (status.MPI_TAG == kResult) watch.returned(source);
    const auto bytes = receive_bytes(source, status.MPI_TAG, nullptr);
    if (status.MPI_TAG == kHello) {
      std::uint64_t theirs = 0;
      if (bytes.size() == sizeof theirs) std::memcpy(&theirs, bytes.data(), sizeof theirs);
      if (theirs != hash) {
        std::cerr << "loom: rank " << source << " built plan " << hash_hex(theirs)
                  << ", rank 0 plan " << hash_hex(hash)
                  << ": every rank must read the same sweep file and base\n";
        mpi_abort(2);
      }
    } else if (status.MPI_TAG == kResult) {
      const std::lock_guard lock(mutex);
      each_record(bytes, [&](std::uint64_t unit, std::span<const unsigned char> r) {
        waiting[position_of(unit)].assign(r.begin(), r.end());
      });
    }
    const auto [begin, end] = dispenser.take();
    if (begin == end) {
      MPI_Send(nullptr, 0, MPI_BYTE, source, kStop, MPI_COMM_WORLD);
      ++stopped;
    } else {
      chunk_units.assign(units.begin() + static_cast<std::ptrdiff_t>(begin),
                         units.begin() + static_cast<std::ptrdiff_t>(end));
      MPI_Send(chunk_units.data(), static_cast<int>(chunk_units.size() * sizeof(std::uint64_t)),
               MPI_BYTE, source, kChunk, MPI_COMM_WORLD);
      watch.sent(source, chunk_units.size());
    }
    deliver_ready();
  }
  local.join();
  if (local_error) std::rethrow_exception(local_error);
  deliver_ready();
  if (delivered != units.size())
    throw std::runtime_error("MPI: " + std::to_string(units.size() - delivered) +
                             " units were not returned");
  for (auto* o : options.observers) o->on_finish(delivered, units.size(), false);
}

RecordExecutor mpi_record_executor(const MpiSession& session, int threads) {
  if (session.rank == 0) {
    return [session](const RunPlan& plan, const std::vector<std::uint64_t>& units,
                     const UnitRunner& run, const UnitRecordOptions& record,
                     const RecordDelivery& deliver, const LoopOptions& options) {
      mpi_execute_records(session, plan, units, run, record, deliver, options);
    };
  }
  return [session, threads](const RunPlan& plan, const std::vector<std::uint64_t>&,
                            const UnitRunner& run, const UnitRecordOptions& record,
                            const RecordDelivery&,
                            const LoopOptions&) { mpi_work(session, plan, run, record, threads); };
}

void mpi_broadcast(const MpiSession& session, std::vector<double>& values) {
  unsigned long long size = values.size();
  MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  if (session.rank != 0) values.resize(static_cast<std::size_t>(size));
  if (size > 0) MPI_Bcast(values.data(), static_cast<int>(size), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

void mpi_work(const MpiSession& session, const RunPlan& plan, const UnitRunner& run,
              const UnitRecordOptions& record, int threads) {
  (void)session;
  const std::uint64_t hash = plan.hash();
  MPI_Send(&hash, sizeof hash, MPI_BYTE, 0, kHello, MPI_COMM_WORLD);
  LoopOptions options;
  options.threads = threads;
  std::vector<unsigned char> results;
  for (;;) {
    MPI_Status status;
    const auto bytes = receive_bytes(0, MPI_ANY_TAG, &status);
    if (status.MPI_TAG == kStop) return;
    std::vector<std::uint64_t> chunk(bytes.size() / sizeof(std::uint64_t));
    std::memcpy(chunk.data(), bytes.data(), chunk.size() * sizeof(std::uint64_t));
    results.clear();
    execute_records(
        plan, chunk, run, record,
        [&](std::uint64_t, std::span<const unsigned char> r) { append_record(results, r); },
        options);
    MPI_Send(results.data(), static_cast<int>(results.size()), MPI_BYTE, 0, kResult,
             MPI_COMM_WORLD);
  }
}

}  // namespace loom
