#pragma once
// A scenario's colour, fixed by its name (its id: "shared-leadership"), the
// same in every file and tab, so a room that learnt "shared leadership is
// vermillion" is not misled by the next picture. Colours once followed a
// scenario's position, and shared leadership was blue in one file and
// vermillion in the next.
//
// - The presets a workshop uses (docs/workshop.md) have fixed colours, all
//   different; the ones compared together in the guide's pictures take
//   Okabe & Ito's (2008) colour-blind-safe colours.
// - Any other name takes a colour from a hash of its name (FNV-1a, the same
//   on every platform, unlike std::hash) into the palette.
// - Two scenarios of one view never share a colour: the fixed presets claim
//   theirs first, then the others in the order of their names (not of their
//   place in the view, so a set of scenarios gets the same colours in any
//   order), each moving on to the next free palette colour when its own is
//   taken. The cost: a hashed scenario's colour can differ between views that
//   hold different neighbours; a fixed preset's never does.
// - Past the palette's 12 colours, further ones are generated (evenly spread
//   hues); those are distinct but no longer chosen for colour-blind viewers.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace loom::viewer {

struct Rgb {
  std::uint8_t r, g, b;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

// The palette the names map into: Okabe & Ito's six that read on a light
// background (their yellow does not; black vanishes on the dark theme), then
// six of Tol's (2021) "muted" scheme that differ from them.
std::span<const Rgb> scenario_palette();

// The fixed colour of a workshop preset, or nullptr for any other name.
const Rgb* preset_colour(std::string_view id);

// One colour per id, in the order given, all different.
std::vector<Rgb> scenario_colours(std::span<const std::string> ids);

// "#rrggbb".
std::string hex(Rgb c);

}  // namespace loom::viewer
