#include "sim/output/chunk_codec.hpp"

#include <zlib.h>

#include <cstring>
#include <stdexcept>

namespace loom {

std::uint32_t hdf5_fletcher32(std::span<const unsigned char> bytes) {
  const unsigned char* data = bytes.data();
  std::size_t words = bytes.size() / 2;
  std::uint32_t sum1 = 0, sum2 = 0;
  while (words > 0) {
    // 360 words keep the sums from overflowing 32 bits before folding.
    std::size_t block = words > 360 ? 360 : words;
    words -= block;
    do {
      sum1 += static_cast<std::uint32_t>((data[0] << 8) | data[1]);
      data += 2;
      sum2 += sum1;
    } while (--block);
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (bytes.size() % 2) {
    sum1 += static_cast<std::uint32_t>(data[0] << 8);
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

std::vector<unsigned char> encode_float64_chunk(std::span<const double> values, int level) {
  constexpr std::size_t kSize = sizeof(double);
  const std::size_t n = values.size();
  const auto* raw = reinterpret_cast<const unsigned char*>(values.data());
  std::vector<unsigned char> shuffled(n * kSize);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t b = 0; b < kSize; ++b) shuffled[b * n + i] = raw[i * kSize + b];
  }
  uLongf length = compressBound(static_cast<uLong>(shuffled.size()));
  std::vector<unsigned char> out(length + 4);
  if (compress2(out.data(), &length, shuffled.data(), static_cast<uLong>(shuffled.size()), level) !=
      Z_OK) {
    throw std::runtime_error("zlib could not compress a chunk");
  }
  const std::uint32_t sum = hdf5_fletcher32({out.data(), static_cast<std::size_t>(length)});
  for (int b = 0; b < 4; ++b)
    out[length + static_cast<std::size_t>(b)] = static_cast<unsigned char>(sum >> (8 * b));
  out.resize(length + 4);
  return out;
}

}  // namespace loom
