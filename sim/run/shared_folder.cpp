#include "sim/run/shared_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

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

void write_records(const std::filesystem::path& done,
                   const std::vector<std::vector<unsigned char>>& records) {
  auto temp = done;
  temp += ".part." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    for (const auto& r : records) {
      const std::uint64_t size = r.size();
      out.write(reinterpret_cast<const char*>(&size), sizeof size);
      out.write(reinterpret_cast<const char*>(r.data()), static_cast<std::streamsize>(r.size()));
    }
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temp.string());
  }
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::filesystem::rename(temp, done);
}

std::vector<std::vector<unsigned char>> read_records(const std::filesystem::path& done) {
  std::ifstream in(done, std::ios::binary);
  std::vector<std::vector<unsigned char>> records;
  std::uint64_t size = 0;
  while (in.read(reinterpret_cast<char*>(&size), sizeof size)) {
    if (size > (1ull << 32)) throw std::runtime_error(done.string() + ": a damaged record");
    std::vector<unsigned char> r(size);
    if (!in.read(reinterpret_cast<char*>(r.data()), static_cast<std::streamsize>(size)))
      throw std::runtime_error(done.string() + ": a truncated record");
    records.push_back(std::move(r));
  }
  return records;
}

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
        std::vector<std::vector<unsigned char>> records;
        execute_records(
            plan, mine, run, record,
            [&](std::uint64_t, std::span<const unsigned char> bytes) {
              records.emplace_back(bytes.begin(), bytes.end());
            },
            options);
        write_records(path(chunk, ".done"), records);
      }
      if (!waiting) break;
      std::this_thread::sleep_for(std::chrono::duration<double>(poll_seconds));
    }
    // Every chunk is on disk: deliver the batch in unit order.
    std::map<std::uint64_t, std::vector<unsigned char>> by_unit;
    for (std::uint64_t chunk = 0; chunk < count; ++chunk) {
      for (auto& r : read_records(path(chunk, ".done"))) {
        std::uint64_t unit = 0;
        decode_unit(r, &unit);
        by_unit.emplace(unit, std::move(r));
      }
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
