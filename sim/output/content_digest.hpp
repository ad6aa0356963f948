#pragma once
// A digest of each dataset's content, bound to its path, stored on the
// dataset as the attribute `content_digest` (uint64) when a file is
// committed, and recomputed by `loom check`.
//
// Why: Fletcher32 guards the chunks of the large numeric datasets, but
// small tables (the summary, /sweep/points), strings (event texts, metric
// names, stored scenarios) and datasets that carry no chunk checksum were
// not guarded, and edits that keep every checksum valid (two scenarios'
// summary tables swapped) passed `loom check`. The digest is FNV-1a 64
// over the dataset's path, its shape and its values as Hdf5Reader::raw_bytes
// gives them (text as text, independent of how it is stored), so a flipped
// bit, a changed string and a table moved to another path are all caught.
// FNV-1a detects accidents, not forgery: someone who edits a file on
// purpose can recompute it.
//
// Chunked datasets (time series, event and sweep tables) are hashed as
// their stored chunks (compressed bytes with their Fletcher32 sums), the
// others (small tables, strings) as their values. Cost: one read of the
// file's bytes at commit, without decompressing: about 0.01 s for a
// 23 MB file (benchmarks/BASELINE.md).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace loom {

class Hdf5Reader;

inline constexpr const char* kDigestAttribute = "content_digest";
// On the root: FNV-1a 64 over every attribute of every object (object
// path, name, value; text as text), the two digest attributes excepted:
// provenance and descriptions are strings in HDF5's global heap too.
inline constexpr const char* kAttributeDigest = "attribute_digest";
std::uint64_t attribute_digest(std::int64_t raw);

// The digest of `dataset` in `file` as described above; `raw` is the same
// file opened with the HDF5 C API (its chunks are read raw).
std::uint64_t content_digest(const Hdf5Reader& file, std::int64_t raw, const std::string& dataset);

// Computes and stores the digest of every dataset of the (closed) file at
// `path`, or of `only` those datasets when given (loom analyze adds one table). Throws Hdf5Error.
void add_content_digests(const std::filesystem::path& path,
                         const std::vector<std::string>& only = {});

struct DigestCheck {
  std::size_t verified = 0;          // datasets
  bool attributes = false;           // the attribute digest was there and matched
  std::vector<std::string> without;  // datasets with no digest (files of an older Loom)
  std::vector<std::string> wrong;    // datasets (or "the attributes") not as written
};
DigestCheck check_content_digests(const Hdf5Reader& file, const std::filesystem::path& path);

}  // namespace loom
