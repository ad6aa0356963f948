#pragma once
// Compressing a dataset chunk the way HDF5's filter pipeline would
// (shuffle, then deflate, then a Fletcher-32 checksum), so worker threads can
// do it in parallel and the single writer only copies bytes into the file
// (H5Dwrite_chunk). Before this, the writer compressed every run's time
// series itself and writing took 22-45% of wall time at 2 threads
// (benchmarks/BASELINE.md).
//
// The bytes must be exactly what HDF5's own filters produce and expect:
// - shuffle: byte k of every element first, then byte k+1, ... (element
//   size 8 for float64; a trailing partial element is copied as is);
// - deflate: a zlib stream (compress2) at the dataset's level;
// - Fletcher-32: HDF5's variant over 16-bit big-endian words, appended as a
//   little-endian 32-bit number.
// A test writes chunks this way and reads them back through HDF5's normal
// path, which verifies the checksum and undoes the filters.
#include <cstdint>
#include <span>
#include <vector>

namespace loom {

// HDF5's Fletcher-32 (H5_checksum_fletcher32's definition).
std::uint32_t hdf5_fletcher32(std::span<const unsigned char> bytes);

// shuffle(8) -> deflate(level) -> fletcher32, for a chunk of float64 values.
std::vector<unsigned char> encode_float64_chunk(std::span<const double> values, int level);

}  // namespace loom
