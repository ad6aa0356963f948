#pragma once
// What-if mode: start from preset scenarios, move a lever, and see every
// compared scenario re-run. Sliders, toggles and choices are generated from
// the models' parameter tables (plain label, unit; description, research
// key and source in the tooltip). A change is submitted when the control is
// released, runs on the WhatIfRunner's thread, and the picture swaps in on
// the first frame after the result is ready.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "viewer/data/scenario_settings.hpp"
#include "viewer/data/undo_history.hpp"
#include "viewer/data/whatif_runner.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

class WhatIfScreen {
 public:
  // `wake` is called from the worker when a result is ready.
  WhatIfScreen(std::function<void()> wake, int replicates, int threads);

  // Presets: *.toml in the first existing folder of `folders`.
  void find_presets(const std::vector<std::filesystem::path>& folders);
  const std::vector<ScenarioSettings>& presets() const { return presets_; }
  // Compare these presets (by id, e.g. "top-down", or a .toml path); false
  // with a message if one cannot be found or loaded.
  bool compare(const std::vector<std::string>& names, std::string* error);
  // Compare scenarios given by their settings (e.g. from a results file).
  void compare(std::vector<ScenarioSettings> settings);
  bool active() const { return !compared_.empty(); }

  void draw_levers(ViewState& view);
  void draw_main(ViewState& view, const std::vector<std::string>& metrics);

  // Picks up a finished result; call once per frame before drawing.
  void poll();
  // After a frame was shown: measures release-to-picture latency.
  void presented(std::chrono::steady_clock::time_point when);
  bool busy() const { return runner_.busy(); }
  // True once after a frame that submitted a run (cleared when read).
  bool take_submitted() {
    const bool r = submitted_this_frame_;
    submitted_this_frame_ = false;
    return r;
  }
  // True once the newest submission's result is on screen.
  bool settled() const;
  // True once after poll() took a new result (a first look or the full
  // one): while a run goes on, the frames worth drawing (cleared when read).
  bool take_new_result() {
    const bool r = new_result_;
    new_result_ = false;
    return r;
  }

  std::vector<ShownScenario> shown() const;
  void pin_baseline();
  // Lever changes (and scenarios ticked on or off) can be taken back and
  // redone; each re-runs what changed.
  void undo(ViewState& view);
  void redo(ViewState& view);
  bool can_undo() const { return history_.can_undo(); }
  bool can_redo() const { return history_.can_redo(); }
  void save_current(ViewState& view);

  // For --measure-latency: moves the first lever of the edited scenario as
  // a slider release would and returns the time it was "released".
  std::chrono::steady_clock::time_point simulate_change(int step);
  const std::vector<double>& picture_latencies_ms() const { return picture_latencies_; }

 private:
  struct Entry {
    ScenarioSettings preset;   // as loaded
    ScenarioSettings current;  // with the room's changes
  };
  struct State {
    std::vector<Entry> compared;
    int editing = 0;
  };
  // Starts a run of the current settings; `record` keeps the state before
  // the change for undo (off for undo/redo themselves and run counts).
  void submit(bool record = true);
  void restore(State state);
  bool any_changed() const;
  // `all` holds the scenario's current values, for applies_when conditions
  // (a lever whose condition is false is greyed out, its tooltip says why).
  void draw_section_levers(ParameterSection& section, Entry& entry, std::size_t section_index,
                           std::span<ParameterSection* const> all, ViewState& view);
  // The edited scenario's planned changes ([[schedule]]): the year a moved
  // lever's "from year N" button uses, and each entry with a remove button.
  void draw_planned_changes(Entry& entry, ViewState& view);
  // "Save settings as" and the file name, under the other buttons.
  void save_row(ViewState& view);
  // Whether the picture is up to date, running or a first look; `brief`
  // for presentation mode's line of buttons.
  std::string run_status(bool brief) const;

  std::vector<ScenarioSettings> presets_;
  std::vector<std::filesystem::path> preset_folders_;  // where names are looked up
  std::vector<Entry> compared_;
  int editing_ = 0;
  UndoHistory<State> history_;  // current(): as last submitted
  int replicates_;
  int threads_;
  WhatIfRunner runner_;
  std::uint64_t submitted_ = 0;
  bool submitted_this_frame_ = false;
  bool new_result_ = false;
  std::shared_ptr<const WhatIfResult> result_;
  std::shared_ptr<const ScenarioData> pinned_;
  std::uint64_t presented_generation_ = 0;
  double last_picture_ms_ = 0.0;
  std::vector<double> picture_latencies_;
  int plan_year_ = 2;  // "from year N" for a moved lever
  // A lever moved by simulate_change ("section.key"), scrolled into view for
  // the next frames; and whether the scenario list is folded for a projector.
  std::string reveal_;
  int reveal_frames_ = 0;
  bool folded_for_present_ = false;
  std::string save_path_;
  char save_buffer_[512] = {};
};

}  // namespace loom::viewer
