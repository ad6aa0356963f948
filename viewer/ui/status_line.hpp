#pragma once
// The window's bottom line: the last message on the left (cut to the room
// left, in full on hover) and, always on the right, what kind of numbers
// these are ("Illustrative model: ...") with a link to the help on reading
// them. Its own file so app.cpp keeps to the window's layout.
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

// Draws the line; sets *help when the link is pressed.
void draw_status_line(ViewState& view, bool* help);

}  // namespace loom::viewer
