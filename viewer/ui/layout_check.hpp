#pragma once
// What a room can see: checks, while a frame is drawn, that controls, plots
// and tab labels are on screen, and a few layout helpers that keep them there
// on a 1280 x 800 projector at a large font scale.
//
// ImGui clips whatever does not fit: a button placed past a panel's right
// edge is simply not drawn, and nothing says so. The checks compare an item's
// rectangle with the clip rectangle it was drawn in (the panel, or the table
// column) and with the other panels, and record what cannot be seen in
// ViewState; `--verbose` prints the totals ("hidden-controls N of M") for the
// headless test. Each check is a few rectangle comparisons (and one pass
// over ImGui's window list), so they run in every frame, not only in tests.
#include <imgui.h>

#include <string_view>

#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

// How much of a control must be visible to use it: all of it (a button whose
// label is cut reads wrongly), or its start (a checkbox or radio button: the
// box is what is clicked; a long label may run on).
enum class Reach { kWhole, kStart };

// Checks the last item drawn (a button, slider, checkbox, ...), named
// `name` in the report. A control below the fold of a panel that scrolls
// up and down counts as seen; one cut off sideways, outside the window, or
// covered by another panel does not.
void check_control(ViewState& view, std::string_view name, Reach reach = Reach::kWhole);

// The same for an area drawn by hand (a plot), given in screen pixels.
void check_area(ViewState& view, std::string_view name, ImVec2 min, ImVec2 max);

// Checks the tab item just submitted: its label is cut ("Compa...") when
// the tab bar had to shrink it. Counted in the "clipped-tabs" report line.
void check_tab(ViewState& view, const char* label);

// True when screen pixels x0..x1 lie in the part of the current panel on
// screen, not only in the part a sideways scroll would show.
bool visible_sideways(float x0, float x1);

// The report lines for --verbose, once per frame after everything is drawn.
void report_layout(ViewState& view);

// ImGui::Button and ImGui::SmallButton, checked as above under their label.
bool checked_button(ViewState& view, const char* label);
bool checked_small_button(ViewState& view, const char* label);

// Puts the next item on the current line when `width` pixels still fit
// there, else lets it start a new line: rows of buttons wrap instead of
// running past the panel's edge.
void same_line_if_fits(float width);

// Width of a button or small button with this label.
float button_width(const char* label);

}  // namespace loom::viewer
