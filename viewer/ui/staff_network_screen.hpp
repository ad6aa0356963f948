#pragma once
// The staff network (ties with their trust): the staff at the week on the linked cursor (moved by a
// time scrubber, the plots, the story or the arrow keys), nodes by role and
// champion status, ties by trust, in a layout that stays put across weeks so
// that departures and arrivals are what changes. The scenario and school are
// the story's (ViewState::story_scenario, story_run): one choice for both.
#include <cstdint>
#include <span>
#include <string>

#include "viewer/data/staff_network_snapshot.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

class StaffNetworkScreen {
 public:
  static bool has_network(std::span<const ShownScenario> scenarios);
  // `seconds` since the last frame drives playback.
  void draw(std::span<const ShownScenario> scenarios, ViewState& view, double seconds);
  void toggle_play() { playing_ = !playing_; }
  bool playing() const { return playing_; }

 private:
  void select(const ScenarioData* data, std::int64_t run);

  const ScenarioData* selected_ = nullptr;
  std::shared_ptr<const ScenarioData> keep_;  // keeps selected_ alive
  std::int64_t run_ = -1;
  StaffNetworkHistory history_;
  bool playing_ = false;
  double play_clock_ = 0.0;
};

}  // namespace loom::viewer
