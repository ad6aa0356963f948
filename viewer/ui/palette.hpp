#pragma once
// Colours by position, for what is not a scenario (a sweep's bars, a
// calibration's posterior): Okabe & Ito (2008), the colour-blind-safe
// palette. Scenarios take theirs by name (viewer/data/scenario_colours.hpp).
#include <array>
#include <cstddef>

#include "viewer/data/scenario_colours.hpp"

namespace loom::viewer {

inline constexpr std::array<Rgb, 7> kScenarioColours{{
    {0, 114, 178},    // blue
    {213, 94, 0},     // vermillion
    {0, 158, 115},    // bluish green
    {204, 121, 167},  // reddish purple
    {86, 180, 233},   // sky blue
    {230, 159, 0},    // orange
    {120, 120, 120},  // grey (Okabe-Ito's yellow is unreadable on white)
}};

// Grey: a pinned what-if baseline, never a scenario's own colour.
inline constexpr Rgb kPinnedColour = kScenarioColours.back();

inline Rgb scenario_colour(std::size_t index) {
  return kScenarioColours[index % kScenarioColours.size()];
}

}  // namespace loom::viewer
