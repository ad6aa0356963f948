#pragma once
// A sweep's journal: finished units appended to a plain file as they come,
// so a killed sweep can resume where it stopped (`loom sweep --resume`).
//
// Why not append straight into the HDF5 file: HDF5 (without SWMR, which
// needs the 1.10 file format) makes no promise about a file whose writer was
// killed between flushes: its metadata can be half-written and the whole
// file unreadable, finished units included. A journal is append-only with a
// checksum per record, so after a kill every record before the torn tail
// is intact and provably so. The results file is built from the journal
// when the sweep finishes (a sequential pass: about 1 s per million
// summary-only runs), then the journal is deleted.
//
// Layout: a 48-byte header (magic "LOOMJRN1", byte-order mark, version,
// plan hash, shard index and count), then records:
//   u32 length | payload (sim/output/unit_record.hpp) | u64 FNV-1a of payload.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace loom {

struct JournalHeader {
  std::uint64_t plan_hash = 0;
  std::uint64_t shard_index = 0;  // 0-based
  std::uint64_t shard_count = 1;
  bool operator==(const JournalHeader&) const = default;
};

class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class UnitJournal {
 public:
  using RecordVisitor = std::function<void(std::span<const unsigned char> payload)>;

  // Starts a new journal (an existing file at `path` is replaced).
  static UnitJournal create(const std::filesystem::path& path, const JournalHeader& header);
  // Continues an existing journal: checks its header equals `expected`
  // (JournalError naming both plans otherwise), hands every intact record
  // to `each` in file order, cuts off a torn or damaged tail and positions
  // at the end for appending.
  static UnitJournal resume(const std::filesystem::path& path, const JournalHeader& expected,
                            const RecordVisitor& each);
  // Reads a journal without changing it; returns its header.
  static JournalHeader read(const std::filesystem::path& path, const RecordVisitor& each);

  ~UnitJournal();
  UnitJournal(UnitJournal&& other) noexcept;
  UnitJournal& operator=(UnitJournal&&) = delete;
  UnitJournal(const UnitJournal&) = delete;

  // Buffered; written by sync() or when the buffer passes 1 MiB.
  void append(std::span<const unsigned char> payload);
  // Writes the buffer and asks the kernel to put it on disk (fdatasync).
  void sync();
  const std::filesystem::path& path() const { return path_; }

 private:
  UnitJournal(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  void write_buffer();
  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<unsigned char> buffer_;
};

}  // namespace loom
