#include "viewer/data/scenario_colours.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <utility>

#include "sim/run/run_plan.hpp"

namespace loom::viewer {
namespace {

// Okabe, M. & Ito, K. (2008) "Color Universal Design", then Tol, P. (2021)
// "Colour Schemes", SRON/EPS/TN/09-002, muted scheme.
constexpr std::array<Rgb, 12> kPalette{{
    {0, 114, 178},    // 0 blue
    {213, 94, 0},     // 1 vermillion
    {0, 158, 115},    // 2 bluish green
    {204, 121, 167},  // 3 reddish purple
    {86, 180, 233},   // 4 sky blue
    {230, 159, 0},    // 5 orange
    {51, 34, 136},    // 6 indigo
    {136, 34, 85},    // 7 wine
    {153, 153, 51},   // 8 olive
    {68, 170, 153},   // 9 teal
    {204, 102, 119},  // 10 rose
    {170, 68, 153},   // 11 purple
}};

// The workshop's presets (docs/workshop.md). The guide's comparisons each get
// Okabe-Ito colours that differ for every kind of colour vision: top-down and
// shared leadership (blue, vermillion, the old first two, so the pictures
// keep their look); the move in year 2 between them (sky blue, the
// top-down family); overload and the subtraction game beside shared
// leadership (reddish purple, bluish green); equity pauses on (orange) and
// off (wine, far from orange in lightness). The two network presets never
// share a view with those in the guide and take indigo and olive.
constexpr std::array<std::pair<std::string_view, std::size_t>, 9> kPresets{{
    {"top-down", 0},
    {"shared-leadership", 1},
    {"move-to-shared-in-year-2", 4},
    {"overload", 3},
    {"subtraction-game", 2},
    {"equity-pauses-on", 5},
    {"equity-pauses-off", 7},
    {"hub-and-spoke", 6},
    {"buddy", 8},
}};

// Slot k past the palette: hues a golden angle apart, medium saturation and
// value so that they read on both themes.
Rgb generated(std::size_t k) {
  const double hue = std::fmod(static_cast<double>(k) * 137.508, 360.0) / 60.0;
  const double s = 0.65, v = 0.75;
  const double c = v * s, x = c * (1.0 - std::fabs(std::fmod(hue, 2.0) - 1.0)), m = v - c;
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(hue)) {
    case 0:
      r = c, g = x;
      break;
    case 1:
      r = x, g = c;
      break;
    case 2:
      g = c, b = x;
      break;
    case 3:
      g = x, b = c;
      break;
    case 4:
      r = x, b = c;
      break;
    default:
      r = c, b = x;
      break;
  }
  const auto byte = [m](double u) {
    return static_cast<std::uint8_t>(std::lround((u + m) * 255.0));
  };
  return {byte(r), byte(g), byte(b)};
}

Rgb slot_colour(std::size_t slot) {
  return slot < kPalette.size() ? kPalette[slot] : generated(slot - kPalette.size());
}

std::optional<std::size_t> preset_slot(std::string_view id) {
  for (const auto& [name, slot] : kPresets) {
    if (name == id) return slot;
  }
  return std::nullopt;
}

}  // namespace

std::span<const Rgb> scenario_palette() {
  return kPalette;
}

const Rgb* preset_colour(std::string_view id) {
  const auto slot = preset_slot(id);
  return slot ? &kPalette[*slot] : nullptr;
}

std::vector<Rgb> scenario_colours(std::span<const std::string> ids) {
  // Claim order: fixed presets, then by name; the place in the view breaks
  // ties only between copies of one name (two files with "top-down").
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool fa = preset_slot(ids[a]).has_value(), fb = preset_slot(ids[b]).has_value();
    return fa != fb ? fa : ids[a] < ids[b];
  });
  // Enough slots that every scenario finds a free one.
  const std::size_t slots = std::max(kPalette.size(), ids.size());
  std::vector<bool> taken(slots + kPalette.size(), false);
  std::vector<Rgb> colours(ids.size());
  for (const std::size_t i : order) {
    std::size_t want = preset_slot(ids[i]).value_or(fnv1a64(std::string(ids[i])) % kPalette.size());
    // Taken: the next palette colour, and past the palette the generated ones.
    std::size_t slot = want;
    for (std::size_t step = 0; taken[slot]; ++step) {
      slot = step + 1 < kPalette.size() ? (want + step + 1) % kPalette.size()
                                        : kPalette.size() + (step + 1 - kPalette.size());
    }
    taken[slot] = true;
    colours[i] = slot_colour(slot);
  }
  return colours;
}

std::string hex(Rgb c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", c.r, c.g, c.b);
  return buffer;
}

}  // namespace loom::viewer
