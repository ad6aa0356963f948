#include "sim/output/unit_journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "sim/run/run_plan.hpp"

namespace loom {
namespace {

constexpr std::array<char, 8> kMagic{'L', 'O', 'O', 'M', 'J', 'R', 'N', '1'};
constexpr std::uint32_t kByteOrder = 0x01020304;
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kHeaderBytes = 48;
constexpr std::size_t kBufferLimit = 1 << 20;
// A record longer than this is damage, not data (a 50-year weekly series
// with every metric is a few hundred kB).
constexpr std::uint32_t kMaxRecord = 1u << 30;

std::string system_error(const std::string& what, const std::filesystem::path& path) {
  return "cannot " + what + " " + path.string() + ": " + std::strerror(errno);
}

std::array<unsigned char, kHeaderBytes> encode_header(const JournalHeader& h) {
  std::array<unsigned char, kHeaderBytes> b{};
  std::memcpy(b.data(), kMagic.data(), 8);
  std::memcpy(b.data() + 8, &kByteOrder, 4);
  std::memcpy(b.data() + 12, &kVersion, 4);
  std::memcpy(b.data() + 16, &h.plan_hash, 8);
  std::memcpy(b.data() + 24, &h.shard_index, 8);
  std::memcpy(b.data() + 32, &h.shard_count, 8);
  return b;
}

void write_all(int fd, const unsigned char* data, std::size_t n, const std::filesystem::path& p) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw JournalError(system_error("write", p));
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Reads exactly n bytes, or fewer only at the end of the file.
class FileReader {
 public:
  FileReader(int fd, const std::filesystem::path& path) : fd_(fd), path_(path) {}
  bool exactly(unsigned char* out, std::size_t n) {
    while (n > 0) {
      if (at_ == filled_) {
        const ssize_t r = ::read(fd_, buffer_.data(), buffer_.size());
        if (r < 0) {
          if (errno == EINTR) continue;
          throw JournalError(system_error("read", path_));
        }
        if (r == 0) return false;
        at_ = 0;
        filled_ = static_cast<std::size_t>(r);
      }
      const std::size_t take = std::min(n, filled_ - at_);
      std::memcpy(out, buffer_.data() + at_, take);
      at_ += take;
      out += take;
      n -= take;
    }
    return true;
  }

 private:
  int fd_;
  const std::filesystem::path& path_;
  std::array<unsigned char, 1 << 16> buffer_{};
  std::size_t at_ = 0, filled_ = 0;
};

// Reads the file record by record (memory: one record); returns the header
// and sets *end to the offset after the last intact record.
JournalHeader scan(const std::filesystem::path& path, int fd,
                   const UnitJournal::RecordVisitor& each, std::size_t* end) {
  FileReader in(fd, path);
  std::array<unsigned char, kHeaderBytes> head{};
  if (!in.exactly(head.data(), head.size()) || std::memcmp(head.data(), kMagic.data(), 8) != 0)
    throw JournalError(path.string() + " is not a Loom sweep journal");
  std::uint32_t order = 0, version = 0;
  std::memcpy(&order, head.data() + 8, 4);
  std::memcpy(&version, head.data() + 12, 4);
  if (order != kByteOrder || version != kVersion)
    throw JournalError(path.string() + " was written by another Loom version or machine type");
  JournalHeader h;
  std::memcpy(&h.plan_hash, head.data() + 16, 8);
  std::memcpy(&h.shard_index, head.data() + 24, 8);
  std::memcpy(&h.shard_count, head.data() + 32, 8);
  std::size_t at = kHeaderBytes;
  std::vector<unsigned char> record;
  for (;;) {
    std::uint32_t length = 0;
    if (!in.exactly(reinterpret_cast<unsigned char*>(&length), 4) || length > kMaxRecord) break;
    record.resize(static_cast<std::size_t>(length) + 8);
    if (!in.exactly(record.data(), record.size())) break;
    const std::span<const unsigned char> payload(record.data(), length);
    std::uint64_t stored = 0;
    std::memcpy(&stored, record.data() + length, 8);
    if (stored != fnv1a64(payload)) break;
    if (each) each(payload);
    at += 4 + record.size();
  }
  *end = at;
  return h;
}

// Opens the journal, only ever a regular file: a link is not followed (a
// dangling OUT.h5.journal link once had its target created), and a FIFO or
// device is refused before any read (a FIFO journal hung --resume).
int open_journal(const std::filesystem::path& path, int flags, const char* verb) {
  const int fd = ::open(path.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ELOOP) {
    throw JournalError(path.string() +
                       " is a symbolic link; a journal is never written through a link: remove "
                       "it");
  }
  if (fd < 0 && errno == ENXIO) {  // a FIFO opened for writing with no reader
    throw JournalError(path.string() + " is a named pipe, not a file; remove it");
  }
  if (fd < 0) throw JournalError(system_error(verb, path));
  struct stat s {};
  if (::fstat(fd, &s) != 0 || !S_ISREG(s.st_mode)) {
    ::close(fd);
    throw JournalError(path.string() +
                       " is not a regular file (a folder, pipe or device); a journal is a file "
                       "Loom writes: remove it");
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace

UnitJournal UnitJournal::create(const std::filesystem::path& path, const JournalHeader& header) {
  const int fd = open_journal(path, O_WRONLY | O_CREAT | O_TRUNC, "create");
  UnitJournal j(path, fd);
  const auto h = encode_header(header);
  write_all(fd, h.data(), h.size(), path);
  return j;
}

UnitJournal UnitJournal::resume(const std::filesystem::path& path, const JournalHeader& expected,
                                const RecordVisitor& each) {
  const int fd = open_journal(path, O_RDWR, "open");
  UnitJournal j(path, fd);
  std::size_t end = 0;
  // Check the header before handing records out.
  const JournalHeader found = scan(path, fd, nullptr, &end);
  if (!(found == expected)) {
    throw JournalError(
        path.string() + " belongs to another sweep (plan " + hash_hex(found.plan_hash) +
        ", shard " + std::to_string(found.shard_index + 1) + "/" +
        std::to_string(found.shard_count) + "; this one is plan " + hash_hex(expected.plan_hash) +
        ", shard " + std::to_string(expected.shard_index + 1) + "/" +
        std::to_string(expected.shard_count) + ")");
  }
  if (::lseek(fd, 0, SEEK_SET) < 0) throw JournalError(system_error("seek in", path));
  scan(path, fd, each, &end);
  if (::ftruncate(fd, static_cast<off_t>(end)) != 0 ||
      ::lseek(fd, static_cast<off_t>(end), SEEK_SET) < 0) {
    throw JournalError(system_error("cut the damaged tail of", path));
  }
  return j;
}

JournalHeader UnitJournal::read(const std::filesystem::path& path, const RecordVisitor& each) {
  const int fd = open_journal(path, O_RDONLY, "open");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  std::size_t end = 0;
  return scan(path, fd, each, &end);
}

UnitJournal::~UnitJournal() {
  if (fd_ < 0) return;
  try {
    write_buffer();
  } catch (...) {
    // Destructors must not throw; a failed final write loses only records
    // the next --resume will run again.
  }
  ::close(fd_);
}

UnitJournal::UnitJournal(UnitJournal&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

void UnitJournal::append(std::span<const unsigned char> payload) {
  const auto length = static_cast<std::uint32_t>(payload.size());
  const std::uint64_t sum = fnv1a64(payload);
  const auto* l = reinterpret_cast<const unsigned char*>(&length);
  const auto* s = reinterpret_cast<const unsigned char*>(&sum);
  buffer_.insert(buffer_.end(), l, l + 4);
  buffer_.insert(buffer_.end(), payload.begin(), payload.end());
  buffer_.insert(buffer_.end(), s, s + 8);
  if (buffer_.size() >= kBufferLimit) write_buffer();
}

void UnitJournal::write_buffer() {
  if (buffer_.empty()) return;
  write_all(fd_, buffer_.data(), buffer_.size(), path_);
  buffer_.clear();
}

void UnitJournal::sync() {
  write_buffer();
  if (::fdatasync(fd_) != 0) throw JournalError(system_error("sync", path_));
}

}  // namespace loom
