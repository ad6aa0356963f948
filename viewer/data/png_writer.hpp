#pragma once
// PNG encoding for screenshots (zlib from Debian, no image library).
// RGBA 8-bit, non-interlaced, row filter None, one zlib stream.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace loom::viewer {

// `rgba` holds width * height * 4 bytes. glReadPixels returns rows bottom
// first; pass bottom_up = true to write them top first as PNG requires.
// Throws std::invalid_argument on a size mismatch.
std::string encode_png(int width, int height, std::span<const std::uint8_t> rgba, bool bottom_up);

// encode_png, written atomically (see file_output.hpp).
void write_png(const std::filesystem::path& path, int width, int height,
               std::span<const std::uint8_t> rgba, bool bottom_up);

}  // namespace loom::viewer
