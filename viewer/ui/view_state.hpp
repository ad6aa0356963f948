#pragma once
// State shared by the screens within one window: the scenarios on show, the
// linked week cursor, and what was drawn where (for exports and tests).
#include <imgui.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "viewer/data/results_file.hpp"
#include "viewer/ui/palette.hpp"

namespace loom::viewer {

// A scenario as drawn: data plus its legend name and colour.
struct ShownScenario {
  std::shared_ptr<const ScenarioData> data;
  std::string label;
  Rgb rgb{0, 0, 0};
  ImU32 colour = 0;
};

inline ShownScenario make_shown(std::shared_ptr<const ScenarioData> data, std::string label,
                                Rgb rgb) {
  return {std::move(data), std::move(label), rgb, IM_COL32(rgb.r, rgb.g, rgb.b, 255)};
}

// The scenarios' data, for the GL-free functions that take them
// (summary_rows, build_story, default_metrics, ...).
inline std::vector<const ScenarioData*> data_of(std::span<const ShownScenario> shown) {
  std::vector<const ScenarioData*> data;
  for (const auto& s : shown) data.push_back(s.data.get());
  return data;
}

// Colours by the scenarios' ids (viewer/data/scenario_colours.hpp): the same
// scenario keeps its colour in every file and tab, and no two here share one.
inline void colour_by_name(std::span<ShownScenario> shown) {
  std::vector<std::string> ids;
  for (const auto& s : shown) ids.push_back(s.data->id);
  const std::vector<Rgb> colours = scenario_colours(ids);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    shown[i].rgb = colours[i];
    shown[i].colour = IM_COL32(colours[i].r, colours[i].g, colours[i].b, 255);
  }
}

// Where a plot's data area was drawn this frame (screen pixels).
struct PlotRecord {
  std::string title;
  ImVec2 min, max;
};

struct ViewState {
  int cursor = -1;      // linked week cursor (0-based step), -1 = none
  int hover = -1;       // step hovered in any plot last frame
  int hover_next = -1;  // collected during this frame
  std::vector<PlotRecord> plots;
  std::string status;  // one line at the bottom of the window
  bool status_is_error = false;

  // The run (simulated school) and scenario the story follows (-1 = every
  // scenario); the plots mark that run's key events on their time axes.
  std::int64_t story_run = 0;
  int story_scenario = -1;
  // With three or more scenarios only this one's bands are drawn (lines for all).
  int band_scenario = 0;
  // Scroll the comparison to its summary table (--show summary).
  bool scroll_to_summary = false;
  bool open_help = false;  // a "how to read this" link was clicked

  // What was drawn this frame, for --verbose and the headless test.
  std::vector<std::string> clipped;  // table cells whose text did not fit
  int table_cells = 0;               // table cells checked for that
  int markers_drawn = 0;             // key-event markers on the time axes
  std::vector<std::string> report;   // other lines: "story-legend ...", "network-label ..."
  // Controls checked for being seen (layout_check.hpp), those that cannot be
  // (cut off sideways, outside the window or under another panel), and table
  // cells that need sideways scrolling to be seen.
  int controls = 0;
  std::vector<std::string> hidden;
  int sideways_cells = 0;

  // Presentation mode (F5, --present): sidebars folded, one or two large
  // plots and the summary's key columns (compare_screen.cpp, key_summary_view.hpp).
  bool present = false;
  std::string key_measure;  // the measure its summary shows; "" = student results

  void begin_frame() {
    hover_next = -1;
    plots.clear();
    clipped.clear();
    table_cells = 0;
    markers_drawn = 0;
    report.clear();
    controls = 0;
    hidden.clear();
    sideways_cells = 0;
  }
  void end_frame() { hover = hover_next; }
  void say(std::string message, bool error = false) {
    status = std::move(message);
    status_is_error = error;
  }
};

}  // namespace loom::viewer
