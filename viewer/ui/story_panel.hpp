#pragma once
// The event story beside the plots: one simulated school's history as a
// readable timeline. Clicking an event moves the linked week cursor; moving
// the cursor elsewhere scrolls the story to that week.
#include <cstdint>
#include <span>

#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

class StoryPanel {
 public:
  // True if any of the scenarios has events (the panel is worth showing).
  static bool has_events(std::span<const ShownScenario> scenarios);
  void draw(std::span<const ShownScenario> scenarios, ViewState& view);

 private:
  std::int64_t run_ = 0;
  int kind_ = -1;      // index into the kinds present, -1 = all
  int scenario_ = -1;  // index into the scenarios shown, -1 = all
  int followed_cursor_ = -2;
};

}  // namespace loom::viewer
