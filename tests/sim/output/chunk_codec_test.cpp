// Chunks compressed by worker threads (sim/output/chunk_codec.hpp) must be exactly
// what HDF5's own filters (shuffle, deflate, Fletcher-32) would produce:
// written with H5Dwrite_chunk and read back through HDF5's normal path,
// which verifies the checksum and undoes the filters, they give the values.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "sim/output/chunk_codec.hpp"
#include "sim/output/hdf5_file.hpp"

using namespace loom;
namespace fs = std::filesystem;

TEST_CASE("Worker-encoded chunks read back through HDF5's filters", "[hdf5][chunk]") {
  const fs::path path =
      fs::temp_directory_path() / ("loom_chunk_" + std::to_string(::getpid()) + ".h5");
  const std::uint64_t steps = 37, metrics = 5;  // odd sizes: no accidental alignment
  std::vector<double> all;
  {
    Hdf5Writer w(path);
    w.extendible_dataset("/series", {steps, metrics}, 1);
    for (int run = 0; run < 4; ++run) {
      std::vector<double> row(steps * metrics);
      for (std::size_t i = 0; i < row.size(); ++i)
        row[i] = std::sin(0.1 * static_cast<double>(i) + run) * (run == 3 ? 1e300 : 1.0);
      if (run == 2) row.assign(row.size(), 0.0);  // compresses to almost nothing
      all.insert(all.end(), row.begin(), row.end());
      if (run == 1) {
        w.append("/series", std::span<const double>(row));  // the writer's own filters
      } else {
        w.append_encoded_row("/series", encode_float64_chunk(row, kStreamDeflateLevel));
      }
    }
    w.commit();
  }
  const Hdf5Reader r(path);
  CHECK(r.shape("/series") == std::vector<std::uint64_t>{4, steps, metrics});
  CHECK(r.doubles("/series") == all);
  fs::remove(path);
}

TEST_CASE("HDF5's Fletcher-32 of known inputs", "[hdf5][chunk]") {
  // Fletcher-32 over 16-bit big-endian words, folded per block: "abcde" ->
  // words 0x6162, 0x6364: sum1 = 0xc4c6, sum2 = 0x12628 -> 0x2629; the odd
  // last byte counts as 0x6500: sum1 = 0x129c6 -> 0x29c7, sum2 = 0x14fef ->
  // 0x4ff0.
  const std::string text = "abcde";
  const auto sum =
      hdf5_fletcher32({reinterpret_cast<const unsigned char*>(text.data()), text.size()});
  CHECK(sum == 0x4ff029c7u);
}
