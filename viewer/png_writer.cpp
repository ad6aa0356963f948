#include "png_writer.hpp"

#include <zlib.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "file_output.hpp"

namespace loom::viewer {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 24) & 0xFF);
  out += static_cast<char>((v >> 16) & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

// A chunk: length, type, data, CRC-32 of type + data.
void chunk(std::string& out, const char type[4], const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::string typed = std::string(type, 4) + data;
  out += typed;
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(typed.data()),
                          static_cast<uInt>(typed.size()));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

std::string encode_png(int width, int height, std::span<const std::uint8_t> rgba, bool bottom_up) {
  if (width <= 0 || height <= 0 ||
      rgba.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4) {
    throw std::invalid_argument("encode_png: pixel buffer does not match the image size");
  }
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  std::vector<std::uint8_t> raw;
  raw.reserve((row + 1) * static_cast<std::size_t>(height));
  std::vector<std::uint8_t> previous(row, 0), filtered(row);
  for (int y = 0; y < height; ++y) {
    const auto source = static_cast<std::size_t>(bottom_up ? height - 1 - y : y);
    const std::uint8_t* line = rgba.data() + source * row;
    // Per row, the filter (None, Sub, Up, Average, Paeth) with the smallest
    // sum of absolute residuals, the usual heuristic: screenshots of flat UI
    // compress to about half the size of unfiltered rows.
    std::uint8_t best_type = 0;
    std::vector<std::uint8_t> best(line, line + row);
    long best_cost = -1;
    for (std::uint8_t type = 0; type <= 4; ++type) {
      long cost = 0;
      for (std::size_t i = 0; i < row; ++i) {
        const int a = i >= 4 ? line[i - 4] : 0, b = previous[i], c = i >= 4 ? previous[i - 4] : 0;
        int predictor = 0;
        if (type == 1) predictor = a;
        if (type == 2) predictor = b;
        if (type == 3) predictor = (a + b) / 2;
        if (type == 4) {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        filtered[i] = static_cast<std::uint8_t>(line[i] - predictor);
        cost += filtered[i] < 128 ? filtered[i] : 256 - filtered[i];
      }
      if (best_cost < 0 || cost < best_cost) {
        best_cost = cost;
        best_type = type;
        best = filtered;
      }
    }
    raw.push_back(best_type);
    raw.insert(raw.end(), best.begin(), best.end());
    previous.assign(line, line + row);
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<Bytef> packed(packed_size);
  if (compress2(packed.data(), &packed_size, raw.data(), static_cast<uLong>(raw.size()), 6) !=
      Z_OK) {
    throw std::runtime_error("encode_png: zlib failed");
  }

  std::string png = "\x89PNG\r\n\x1a\n";
  std::string header;
  put_u32(header, static_cast<std::uint32_t>(width));
  put_u32(header, static_cast<std::uint32_t>(height));
  header += static_cast<char>(8);  // bit depth
  header += static_cast<char>(6);  // colour type: RGBA
  header += std::string(3, '\0');  // deflate, filter method 0, no interlace
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", std::string(reinterpret_cast<const char*>(packed.data()), packed_size));
  chunk(png, "IEND", "");
  return png;
}

void write_png(const std::filesystem::path& path, int width, int height,
               std::span<const std::uint8_t> rgba, bool bottom_up) {
  write_file_atomically(path, encode_png(width, height, rgba, bottom_up));
}

}  // namespace loom::viewer
