#pragma once
// Reading a file once in a child process before Loom trusts it to libhdf5.
//
// HDF5 verifies checksums on its metadata and on chunks that carry them,
// but some damage reaches code that trusts the file: a flipped bit in a
// global heap collection (where variable-length strings live) made
// libhdf5 1.10 read out of bounds (SIGSEGV in `loom check` and `loom
// analyze`), and a zeroed 4 KiB block made it loop at 100% CPU for
// minutes. No check from outside the library sees this coming, so the
// first read is done where a crash or a loop costs nothing: a forked child
// walks every object and attribute and reads every dataset (string ones
// always; numeric ones while the file is under kFullReadBytes) under a time
// limit, reporting each object it starts on through a pipe. The parent
// turns a signal or a timeout into an Hdf5Error naming the object; any
// ordinary HDF5 error is left for the parent's own reading to report.
// Cost: one extra read of the file (about 0.1 s for a 30 MB run file) and
// a fork. Used by loom check, story, analyze, merge and the viewer.
#include <cstdint>
#include <filesystem>

namespace loom {

// Files up to this size are read in full by the probe; above it only
// their structure, attributes and string datasets.
inline constexpr std::uint64_t kFullReadBytes = std::uint64_t{512} << 20;

// Throws Hdf5Error "the file is damaged: ..." (callers name the file) when reading it crashes the
// HDF5 library or does not finish within a limit (10 s plus 1 s per 50 MB;
// an intact file of a few hundred MB takes well under a second).
void require_safe_to_read(const std::filesystem::path& file);

}  // namespace loom
