#pragma once
// The "Network of schools" tab: the member schools of a network run as a
// map (size = students, colour = where the school stands with the practice
// and how faithfully it is taught, a ring on the seed schools, the hub),
// at the week on the linked cursor, with play; below it, when network
// scenarios are compared, the strategy panel (strategy_panel.hpp).
//
// Positions come from a LayoutCache (a worker thread), so a 1,000-school
// network never stalls a frame: until its layout is ready the tab says so.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "viewer/data/school_network_data.hpp"
#include "viewer/data/school_network_layout.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

class SchoolNetworkScreen {
 public:
  // `wake` redraws the window when a layout finishes (from the worker).
  explicit SchoolNetworkScreen(std::function<void()> wake) : layouts_(std::move(wake)) {}

  static bool has_network(std::span<const ShownScenario> scenarios);
  // `seconds` since the last frame drives playback.
  void draw(std::span<const ShownScenario> scenarios, ViewState& view, double seconds);
  void toggle_play() {
    playing_ = !playing_;
    just_started_ = playing_;
  }
  bool playing() const { return playing_; }
  // Start on this scenario (its id in the file) and run (--scenario, --run).
  void prefer(std::string scenario, std::int64_t run) {
    preferred_scenario_ = std::move(scenario);
    preferred_run_ = run;
  }
  // The shown run's schools at the marker's record as CSV (schools_csv), or
  // "" when no network is shown.
  std::string csv(int week) const {
    return data_ ? schools_csv(data_->id, network_, week) : std::string();
  }
  // True while a layout is being computed (a screenshot waits for it).
  bool busy() const { return layouts_.busy(); }

 private:
  void select(const std::shared_ptr<const ScenarioData>& data, std::int64_t run);
  void draw_map(const ScenarioData& data, ViewState& view, int week);

  std::shared_ptr<const ScenarioData> data_;
  std::int64_t run_ = -1;
  SchoolNetworkRun network_;
  HubView hub_;
  std::string layout_key_;  // file, scenario, run and a fingerprint of the ties
  LayoutCache layouts_;
  bool playing_ = false;
  bool just_started_ = false;  // playback starts over when at the end
  double play_clock_ = 0.0;
  bool compare_ = true;  // show the strategy panel under the map
  std::string preferred_scenario_;
  std::int64_t preferred_run_ = -1;
};

}  // namespace loom::viewer
