#pragma once
// One lever of the What-if sidebar, as a block of lines that never runs past
// the sidebar's edge: its plain label (wrapped) and unit, its control
// (slider, toggle or choice) across the full width, and, once it has been
// moved, the buttons that put it back or turn the move into a planned change
// on a line of their own under the control.
//
// The buttons once shared the label's line, which a long label such as
// "Pressure to follow the shared way" already filled at a projector's font
// size: they were drawn past the edge, clipped, and the room never saw them.
// Under the control they cost one line per moved lever, and they appear
// below the slider just let go, so nothing moves under the mouse.
#include <string_view>

#include "sim/input/parameter.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

enum class LeverAction {
  kNone,
  kChanged,       // moved and let go (or toggled, or chosen): run again
  kBackToPreset,  // "back to preset" pressed
  kPlan,          // "from year N" pressed: the move becomes a planned change
};

struct LeverRow {
  const ParameterInfo* info = nullptr;
  std::string_view section;  // its [section] in scenario files, for the tooltip
  double preset = 0.0;
  bool applies = true;  // its applies_when condition holds (else greyed out)
  int plan_year = 2;    // the year of the "from year N" button
  bool reveal = false;  // scroll the sidebar to it (a lever moved by a script)
};

// Draws the lever and edits `value` in place (snapped to the lever's steps).
LeverAction draw_lever_row(const LeverRow& row, double& value, ViewState& view);

}  // namespace loom::viewer
