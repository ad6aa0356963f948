#pragma once
// Reading the files a run takes as input: scenario files and the data files
// they name (network.edges_file, schools.file).
//
// - Only regular files: a FIFO would block the read forever, /dev/zero
//   would be read until the memory ran out, a folder "is empty". The file is
//   opened without blocking and refused by what it is, named in the error.
// - A size limit, checked on the file's size before reading, so the error
//   gives the real size ("20.0 MiB"), not "one byte too many".
// - Data files are read once per process (input_snapshot): every replicate
//   of a run, on every thread, parses the same bytes, and the fingerprint a
//   results file records is of exactly those bytes. Reading them again per
//   replicate once let a file edited during a run change runs 153-299 of 300
//   under the first runs' fingerprint, and a schools file shortened mid-run
//   crash the run. The cost: the bytes stay in memory for the process's
//   life (a 10,000-school file is about 300 KB). An MPI rank or a resumed
//   sweep reads the file itself; the fingerprint in the plan hash then
//   refuses to mix runs of two versions.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace loom {

class InputFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The bytes of `path`, a regular file of at most `max_bytes`. Throws
// InputFileError "<path>: <why>" ("does not exist", "is a folder, not a
// file", "is a named pipe (FIFO), not a file", "has 20971520 bytes (20.0
// MiB); a scenario file may have at most 1048576 bytes (1.0 MiB)"). `what` names the kind of file
// in that last message.
std::string read_input_file(const std::string& path, std::size_t max_bytes,
                            const std::string& what);

// Data files (CSV tables) may have at most this many bytes (a network of a
// million schools is about 30 MB).
inline constexpr std::size_t kMaxDataFileBytes = std::size_t{256} << 20;

// The bytes of data file `path` as first read by this process (read now if
// this is the first time), shared by every caller. Thread-safe. Throws as
// read_input_file, every time for a file that could not be read.
std::shared_ptr<const std::string> input_snapshot(const std::string& path);

// "fnv1a64 <hex>" of input_snapshot(path)'s bytes, or "unreadable".
std::string input_fingerprint(const std::string& path);

// Forgets every snapshot: the next read sees the files as they are now.
// For a program that runs again after the user edits a file (the viewer
// reloading a scenario); never during a run.
void forget_input_snapshots();

}  // namespace loom
