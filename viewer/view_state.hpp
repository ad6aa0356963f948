#pragma once
// State shared by the screens within one window: the scenarios on show, the
// linked week cursor, and what was drawn where (for exports and tests).
#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

#include "palette.hpp"
#include "results_file.hpp"

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

  void begin_frame() {
    hover_next = -1;
    plots.clear();
  }
  void end_frame() { hover = hover_next; }
  void say(std::string message, bool error = false) {
    status = std::move(message);
    status_is_error = error;
  }
};

}  // namespace loom::viewer
