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
  // The school and scenario followed are ViewState::story_run and
  // story_scenario (the staff network shows the same ones).
  int kind_ = -1;       // index into the kinds present, -1 = all
  bool every_ = false;  // each repeat on its own line (else told once)
  // What the entries were last scrolled for, and frames left to keep
  // scrolling to the week marker (wrapped heights settle over a few frames).
  int followed_cursor_ = -2;
  std::int64_t followed_run_ = -1;
  int followed_scenario_ = -2;
  float followed_width_ = 0.0f;
  int follow_frames_ = 0;
};

}  // namespace loom::viewer
