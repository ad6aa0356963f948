#include "sim/run/shared_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

#include "sim/output/unit_journal.hpp"
#include "sim/output/unit_record.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {
namespace {

// An exclusive, non-blocking flock() held for this object's life; the
// process's end releases it too.
class ChunkLock {
 public:
  explicit ChunkLock(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
    if (fd_ < 0)
      throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
    held_ = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }
  ~ChunkLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  ChunkLock(const ChunkLock&) = delete;
  ChunkLock& operator=(const ChunkLock&) = delete;
  bool held() const { return held_; }

 private:
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace

RecordExecutor shared_folder_executor(std::filesystem::path folder, std::uint64_t shard_index,
                                      std::uint64_t shard_count, double poll_seconds) {
  return [folder, shard_index, shard_count, poll_seconds](
             const RunPlan& plan, const std::vector<std::uint64_t>& units, const UnitRunner& run,
             const UnitRecordOptions& record, const RecordDelivery& deliver,
             const LoopOptions& options) {
    std::filesystem::create_directories(folder);
    const std::string key = hash_hex(plan.hash()) + "-" + std::to_string(units.size());
    const auto path = [&](std::uint64_t chunk, const char* kind) {
      return folder / (key + "-" + std::to_string(chunk) + kind);
    };
    const std::uint64_t count = std::max<std::uint64_t>(1, shard_count);
    for (;;) {
      bool waiting = false;
      for (std::uint64_t k = 0; k < count; ++k) {
        const std::uint64_t chunk = (shard_index + k) % count;
        if (std::filesystem::exists(path(chunk, ".done"))) continue;
        const ChunkLock lock(path(chunk, ".lock"));
        if (!lock.held()) {
          waiting = true;  // another live task runs it
          continue;
        }
        if (std::filesystem::exists(path(chunk, ".done"))) continue;  // finished meanwhile
        std::vector<std::uint64_t> mine;
        for (std::size_t i = chunk; i < units.size(); i += count) mine.push_back(units[i]);
        // Into a journal under a name of this process's, then renamed: a
        // chunk is either finished on disk, checksummed, or not there.
        auto temp = path(chunk, ".part.");
        temp += std::to_string(::getpid());
        {
          UnitJournal journal = UnitJournal::create(temp, {plan.hash(), chunk, count});
          execute_records(
              plan, mine, run, record,
              [&](std::uint64_t, std::span<const unsigned char> bytes) { journal.append(bytes); },
              options);
          journal.sync();
        }
        std::filesystem::rename(temp, path(chunk, ".done"));
      }
      if (!waiting) break;
      std::this_thread::sleep_for(std::chrono::duration<double>(poll_seconds));
    }
    // Every chunk is on disk: deliver the batch in unit order.
    std::map<std::uint64_t, std::vector<unsigned char>> by_unit;
    for (std::uint64_t chunk = 0; chunk < count; ++chunk) {
      UnitJournal::read(path(chunk, ".done"), [&](std::span<const unsigned char> r) {
        std::uint64_t unit = 0;
        decode_unit(r, &unit);
        by_unit.emplace(unit, std::vector<unsigned char>(r.begin(), r.end()));
      });
    }
    for (const std::uint64_t u : units) {
      const auto at = by_unit.find(u);
      if (at == by_unit.end())
        throw std::runtime_error(folder.string() + ": unit " + std::to_string(u) +
                                 " is missing from the batch's records (a damaged folder: delete "
                                 "it and run again)");
      deliver(u, at->second);
    }
  };
}

}  // namespace loom
