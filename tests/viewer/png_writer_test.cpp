#include "viewer/png_writer.hpp"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "results_fixture.hpp"

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
  return raw;
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
  const std::string raw = decode(bytes.str(), w, h);
  CHECK(w == 3);
  CHECK(h == 2);
  REQUIRE(raw.size() == 2 * (1 + 12));
  CHECK(raw[0] == 0);                                // filter byte
  CHECK(static_cast<unsigned char>(raw[1]) == 40);   // first pixel of the top row
  CHECK(static_cast<unsigned char>(raw[8]) == 128);  // its second pixel's alpha
  CHECK(static_cast<unsigned char>(raw[14]) == 10);  // then the bottom row
  CHECK_THROWS_AS(encode_png(4, 2, bottom_up, true), std::invalid_argument);
}
