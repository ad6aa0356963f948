#pragma once
// Scenario colours: Okabe & Ito (2008), the colour-blind-safe palette,
// ordered so the first two (the usual comparison) differ most for every
// kind of colour vision and stay readable on a light background.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

namespace loom::viewer {

struct Rgb {
  std::uint8_t r, g, b;
};

inline constexpr std::array<Rgb, 7> kScenarioColours{{
    {0, 114, 178},    // blue
    {213, 94, 0},     // vermillion
    {0, 158, 115},    // bluish green
    {204, 121, 167},  // reddish purple
    {86, 180, 233},   // sky blue
    {230, 159, 0},    // orange
    {120, 120, 120},  // grey (Okabe-Ito's yellow is unreadable on white)
}};

inline Rgb scenario_colour(std::size_t index) {
  return kScenarioColours[index % kScenarioColours.size()];
}

inline std::string hex(Rgb c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", c.r, c.g, c.b);
  return buffer;
}

}  // namespace loom::viewer
