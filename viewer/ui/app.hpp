#pragma once
// The viewer's window contents: open files, tabs (Compare results, What if,
// Staff network, Sensitivity, Network of schools, Calibration), sidebar, story panel, status line,
// keyboard shortcuts and exports. main.cpp owns GLFW, OpenGL and the frame loop; App only issues
// ImGui calls (on the UI thread) and tells main what it needs (a font rebuild, a screenshot, full
// screen, quit).
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "viewer/data/results_file.hpp"
#include "viewer/ui/analysis_tabs.hpp"
#include "viewer/ui/open_panel.hpp"
#include "viewer/ui/school_network_screen.hpp"
#include "viewer/ui/staff_network_screen.hpp"
#include "viewer/ui/story_panel.hpp"
#include "viewer/ui/view_state.hpp"
#include "viewer/ui/whatif_screen.hpp"

namespace loom::viewer {

enum class Tab { kCompare, kWhatIf, kStaffNetwork, kSweep, kSchools, kCalibration };

struct AppOptions {
  std::vector<std::string> files;
  std::vector<std::string> whatif;  // presets (ids or .toml paths) to start what-if with
  std::optional<Tab> tab;           // default: Compare if files, else What if if given
  float font_scale = 1.0f;
  bool dark = false;
  int replicates = 32;  // what-if runs per scenario
  int threads = 0;      // what-if threads, 0 = all cores
  std::vector<std::filesystem::path> preset_folders;
  int cursor = -1;                // week marker at start (0-based step), -1 = none
  bool help = false;              // start with the help panel open
  bool present = false;           // start in presentation mode (--present)
  bool remember_recent = true;    // keep the recent-files list (off for --screenshot)
  bool show_summary = false;      // scroll the comparison to its summary table
  std::string sweep_field;        // Sensitivity tab's field (--field); "" = the last chosen
  std::string schools_scenario;   // Network of schools tab: scenario id (--scenario)
  std::int64_t schools_run = -1;  // and run (--run), -1 = the first
};

class App {
 public:
  App(const AppOptions& options, std::function<void()> wake);

  void open(const std::filesystem::path& path);
  // One frame of UI; `seconds` since the previous frame.
  void frame(double seconds);
  // Called after the frame was on screen.
  void presented(std::chrono::steady_clock::time_point when) { whatif_.presented(when); }

  // Requests for main.cpp, each cleared when read.
  std::optional<float> take_font_rebuild();
  std::optional<std::filesystem::path> take_capture();
  bool take_fullscreen_toggle();
  // True when this frame started a what-if run: main then skips drawing it
  // (the picture on screen is still right) so both cores go to the run.
  bool take_skip_present() { return whatif_.take_submitted(); }
  bool quit_requested() const { return quit_; }
  void capture_done(const std::filesystem::path& path, const std::string& error);

  // True while something moves on its own (network playback): keep drawing.
  // A what-if run is not animation: its worker wakes the loop when done.
  bool animating() const { return staff_network_.playing() || schools_.playing(); }
  // True when a screenshot would show the final picture (no run or
  // layout of a network of schools pending).
  bool settled() const { return whatif_.settled() && !schools_.busy(); }

  float font_scale() const { return font_scale_; }
  bool dark() const { return dark_; }
  const ViewState& view() const { return view_; }
  const std::vector<std::string>& load_errors() const { return load_errors_; }
  std::vector<ShownScenario> compare_scenarios() const;
  std::vector<ShownScenario> current_scenarios() const;  // of the visible tab
  WhatIfScreen& whatif() { return whatif_; }
  Tab tab() const { return tab_; }

 private:
  struct OpenFile {
    ResultsFile results;
    std::vector<bool> shown;
  };
  void handle_keys();
  void menu_bar();
  void sidebar();
  void welcome();
  // Presentation mode (F5): sidebars folded, large plots, the summary's key
  // columns, text at least at the workshop's 1.3 (the old size comes back).
  void set_present(bool on);
  void select_tab(Tab tab) {
    tab_ = tab;
    force_tab_ = true;
  }
  void export_csv();
  void request_picture();
  // Ctrl+H: the printable handout of the shown comparison (handout.hpp),
  // made on a worker thread (its flip checks re-run the scenarios for a few
  // seconds) while the window stays live; poll_handout() says when done.
  void save_handout();
  void poll_handout();
  void move_cursor(int delta);
  int current_steps() const;
  int current_year_length() const;

  std::vector<OpenFile> files_;
  std::vector<std::string> load_errors_;
  std::vector<std::filesystem::path> recent_;
  std::vector<std::string> metrics_;
  bool metrics_chosen_ = false;  // ticked by hand; until then default_metrics of the tab

  ViewState view_;
  WhatIfScreen whatif_;
  StaffNetworkScreen staff_network_;
  SchoolNetworkScreen schools_;  // a network of schools (model = "network")
  AnalysisTabs analyses_;        // a sweep and a calibration file, on their own tabs
  StoryPanel story_;
  OpenPanel open_panel_;
  bool help_ = false;
  bool present_ = false;
  std::optional<float> font_before_present_;  // raised for presentation mode
  bool remember_recent_ = true;
  bool whatif_started_ = false;  // What-if was shown once (and auto-started)
  bool scroll_to_summary_ = false;

  Tab tab_ = Tab::kCompare;
  bool force_tab_ = true;
  int forced_frames_ = 0;
  float font_scale_;
  std::optional<float> font_request_;
  std::optional<std::filesystem::path> capture_;
  std::future<std::string> handout_;  // the message to show when it is written
  std::vector<std::filesystem::path> preset_folders_;
  int replicates_ = 32, threads_ = 0;
  std::function<void()> wake_;
  bool fullscreen_toggle_ = false;
  bool dark_;
  bool quit_ = false;
};

}  // namespace loom::viewer
