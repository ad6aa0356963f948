#include "viewer/data/png_writer.hpp"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/viewer/data/results_fixture.hpp"

using namespace loom::viewer;

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// A minimal PNG reader for what encode_png writes: checks every chunk's CRC
// and returns the decompressed scanlines.
std::string decode(const std::string& png, std::uint32_t& width, std::uint32_t& height) {
  REQUIRE(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  std::string idat;
  std::size_t at = 8;
  while (at < png.size()) {
    const std::uint32_t length = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    const std::string data = png.substr(at + 8, length);
    const std::string typed = type + data;
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(typed.data()),
                            static_cast<uInt>(typed.size()));
    CHECK(be32(png, at + 8 + length) == crc);
    if (type == "IHDR") {
      width = be32(data, 0);
      height = be32(data, 4);
      CHECK(data[8] == 8);  // bit depth
      CHECK(data[9] == 6);  // RGBA
    }
    if (type == "IDAT") idat += data;
    at += 12 + length;
    if (type == "IEND") break;
  }
  CHECK(at == png.size());
  uLongf size = (width * 4 + 1) * height;
  std::string raw(size, '\0');
  REQUIRE(uncompress(reinterpret_cast<Bytef*>(raw.data()), &size,
                     reinterpret_cast<const Bytef*>(idat.data()),
                     static_cast<uLong>(idat.size())) == Z_OK);
  // Undo the row filters (PNG spec, section 9) into plain RGBA rows.
  const std::size_t row = width * 4;
  std::string pixels, previous(row, '\0');
  for (std::size_t y = 0; y < height; ++y) {
    const int type = raw[y * (row + 1)];
    REQUIRE(type <= 4);
    std::string line = raw.substr(y * (row + 1) + 1, row);
    for (std::size_t i = 0; i < row; ++i) {
      const int a = i >= 4 ? static_cast<unsigned char>(line[i - 4]) : 0;
      const int b = static_cast<unsigned char>(previous[i]);
      const int c = i >= 4 ? static_cast<unsigned char>(previous[i - 4]) : 0;
      int predictor = type == 1 ? a : type == 2 ? b : type == 3 ? (a + b) / 2 : 0;
      if (type == 4) {
        const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = static_cast<char>(static_cast<unsigned char>(line[i]) + predictor);
    }
    pixels += line;
    previous = line;
  }
  return pixels;
}

}  // namespace

TEST_CASE("PNG files hold the pixels, top row first", "[viewer]") {
  // 3 x 2 image, rows bottom first as glReadPixels gives them.
  const std::vector<std::uint8_t> bottom_up{
      10, 11, 12, 255, 20, 21, 22, 255, 30, 31, 32, 255,  // bottom row
      40, 41, 42, 255, 50, 51, 52, 128, 60, 61, 62, 0};   // top row
  const auto path = test::temp_path("tiny.png");
  write_png(path, 3, 2, bottom_up, true);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::uint32_t w = 0, h = 0;
  const std::string pixels = decode(bytes.str(), w, h);
  CHECK(w == 3);
  CHECK(h == 2);
  // Top row first: exactly the input rows in reverse order.
  const std::string expected(bottom_up.begin() + 12, bottom_up.end());
  CHECK(pixels == expected + std::string(bottom_up.begin(), bottom_up.begin() + 12));
  CHECK_THROWS_AS(encode_png(4, 2, bottom_up, true), std::invalid_argument);
}

TEST_CASE("A larger PNG decodes to exactly its pixels", "[viewer]") {
  // Gradients, flat areas and noise.
  const int w = 37, h = 23;
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(w * h * 4));
  std::uint32_t noise = 12345;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      noise = noise * 1664525u + 1013904223u;
      auto* p = &rgba[static_cast<std::size_t>((y * w + x) * 4)];
      p[0] = static_cast<std::uint8_t>(x * 7);
      p[1] = static_cast<std::uint8_t>(y < 10 ? 200 : y * 11);
      p[2] = static_cast<std::uint8_t>(x > 20 ? noise >> 24 : 30);
      p[3] = 255;
    }
  }
  std::uint32_t width = 0, height = 0;
  const std::string pixels = decode(encode_png(w, h, rgba, false), width, height);
  CHECK(width == 37);
  CHECK(height == 23);
  CHECK(pixels == std::string(rgba.begin(), rgba.end()));
}
