#pragma once
// A small plotting module on ImGui's ImDrawList (Debian's ImGui has no
// plotting): axes with nice ticks, school-year grid, median lines (solid or
// dashed), 50% and 90% bands, a legend, a hover read-out and a linked cursor.
//
// It knows nothing about Loom's results: screens hand it spans of numbers.
// Axis ticks come from axis_ticks.hpp (GL-free and tested).
#include <imgui.h>

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace loom::viewer::plot {

struct Line {
  std::string label;  // legend and read-out
  ImU32 colour = 0;
  std::span<const double> y;  // one value per step; NaN = gap
  // Bands (may be empty): middle 50% and 90% of replicates.
  std::span<const double> lo50, hi50, lo90, hi90;
  bool dashed = false;
  bool band = true;  // false: line only (e.g. not the highlighted of 3+ scenarios)
};

// A marker on the time axis: a small triangle on the data area's top edge
// and a faint line down, with hover text (e.g. "The principal left").
struct Marker {
  int step = 0;
  ImU32 colour = 0;
  std::string text;
};

struct LegendEntry {
  std::string label;
  ImU32 colour = 0;
  bool dashed = false;
};

struct Options {
  std::string title;
  std::string title_tooltip;                   // research term, shown when hovering the title
  std::string unit;                            // shown after the title
  float height = 260.0f;                       // whole widget, in pixels
  int year_length = 0;                         // >0: x axis in school years of this many steps
  std::function<std::string(int)> step_label;  // hover heading, e.g. "Year 2, week 5"
  int cursor = -1;                             // linked cursor step, -1 = none
  int external_hover = -1;                     // step hovered in another plot (drawn faintly)
  bool bands = true;
  std::vector<LegendEntry> legend;  // empty: one entry per line, with its label
  bool show_legend = true;          // false: none (the colours are named beside the plot)
  const char* value_format = "%.3f";
  std::vector<Marker> markers;
  // Steps from this one on are shaded, with `shade_label` at their top
  // (the weeks after a hub's funding ended); -1 = none.
  int shade_from = -1;
  std::string shade_label;
};

struct Result {
  int hovered_step = -1;      // step under the mouse, -1 when not hovering the data area
  bool clicked = false;       // left click in the data area (at hovered_step)
  ImVec2 area_min, area_max;  // the data area, in screen pixels
  int markers_drawn = 0;
};

// Draws a plot filling the available width. `id` must be unique in the window.
Result line_plot(const char* id, std::span<const Line> lines, const Options& options);

// Colours the plot uses for its frame; set once per frame from the theme.
struct Theme {
  ImU32 background, grid, axis, text, muted_text, cursor;
};
void set_theme(const Theme& theme);
const Theme& theme();

// `colour` with alpha scaled to `alpha` (0..1).
ImU32 with_alpha(ImU32 colour, float alpha);

// A dashed polyline (ImDrawList has only solid ones).
void dashed_polyline(ImDrawList* list, std::span<const ImVec2> points, ImU32 colour,
                     float thickness, float dash, float gap);

}  // namespace loom::viewer::plot
