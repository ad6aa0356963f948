#include "viewer/ui/app.hpp"

#include <GLFW/glfw3.h>  // key codes only (ImGui 1.86 indexes keys by GLFW code)
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <limits>

#include "viewer/data/csv_export.hpp"
#include "viewer/data/file_output.hpp"
#include "viewer/data/metric_labels.hpp"
#include "viewer/data/recent_files.hpp"
#include "viewer/ui/compare_screen.hpp"
#include "viewer/ui/help_panel.hpp"
#include "viewer/ui/layout_check.hpp"
#include "viewer/ui/status_line.hpp"
#include "viewer/ui/ui_style.hpp"

namespace loom::viewer {
namespace {

// Presentation mode's smallest text: the workshop guide's projector setting.
constexpr float kPresentFontScale = 1.3f;

void colour_swatch(ImU32 colour) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(h * 0.8f, h));
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f),
                                            ImVec2(p.x + h * 0.8f, p.y + h * 0.95f), colour);
  ImGui::SameLine();
}

}  // namespace

App::App(const AppOptions& options, std::function<void()> wake)
    : whatif_(wake, options.replicates, options.threads),
      schools_(wake),
      analyses_(options.sweep_field, options.remember_recent),
      font_scale_(options.font_scale),
      dark_(options.dark) {
  view_.cursor = options.cursor;
  scroll_to_summary_ = options.show_summary;
  help_ = options.help;
  if (options.present) set_present(true);
  remember_recent_ = options.remember_recent;
  recent_ = load_recent(recent_list_path());
  whatif_.find_presets(options.preset_folders);
  preset_folders_ = options.preset_folders;
  replicates_ = options.replicates;
  threads_ = options.threads;
  wake_ = wake;
  schools_.prefer(options.schools_scenario, options.schools_run);
  for (const auto& f : options.files) open(f);
  if (!options.whatif.empty()) {
    std::string error;
    if (!whatif_.compare(options.whatif, &error)) {
      load_errors_.push_back(error);
      view_.say(error, true);
    }
  }
  // Only a sweep or a calibration opened: start on its tab (the last opened).
  const bool analysis_only =
      (analyses_.has(AnalysisKind::kSweep) || analyses_.has(AnalysisKind::kCalibration)) &&
      files_.empty();
  tab_ = options.tab.value_or(analysis_only             ? tab_
                              : !options.files.empty()  ? Tab::kCompare
                              : !options.whatif.empty() ? Tab::kWhatIf
                                                        : Tab::kCompare);
  if (tab_ == Tab::kWhatIf && !whatif_.active()) {
    std::string ignored;
    whatif_.compare({"top-down", "shared-leadership"}, &ignored);
  }
  force_tab_ = true;
}

void App::open(const std::filesystem::path& path) {
  std::string error;  // a sweep or a calibration: its own tab, one file at a time
  if (const AnalysisKind kind = analyses_.open(path, &error); kind != AnalysisKind::kNone) {
    if (error.empty()) {
      remember(recent_, path);
      if (remember_recent_) save_recent(recent_list_path(), recent_);
      const bool sweep = kind == AnalysisKind::kSweep;
      view_.say((sweep ? "Opened the sweep " : "Opened the calibration ") + path.string());
      select_tab(sweep ? Tab::kSweep : Tab::kCalibration);
    } else {
      load_errors_.push_back(error);
      view_.say(error, true);
    }
    return;
  }
  try {
    ResultsFile results = load_results_file(path);
    const std::size_t n = results.scenarios.size();
    // Opening a file again replaces it (it may have been re-run).
    files_.erase(std::remove_if(files_.begin(), files_.end(),
                                [&](const OpenFile& f) {
                                  std::error_code ec;
                                  return std::filesystem::equivalent(f.results.path, path, ec);
                                }),
                 files_.end());
    files_.push_back({std::move(results), std::vector<bool>(n, true)});
    remember(recent_, path);
    if (remember_recent_) save_recent(recent_list_path(), recent_);
    view_.say("Opened " + path.string() + " (" + std::to_string(n) + " scenario" +
              (n == 1 ? "" : "s") + ")");
    if (tab_ == Tab::kWhatIf) select_tab(Tab::kCompare);
  } catch (const std::exception& e) {
    load_errors_.push_back(e.what());
    view_.say(e.what(), true);
  }
}

std::vector<ShownScenario> App::compare_scenarios() const {
  std::vector<ShownScenario> out;
  for (const auto& f : files_) {
    for (std::size_t i = 0; i < f.results.scenarios.size(); ++i) {
      if (!f.shown[i]) continue;
      out.push_back(make_shown(f.results.scenarios[i], f.results.scenarios[i]->name, Rgb{}));
    }
  }
  colour_by_name(out);
  // The same scenario name from two files: say which file.
  for (auto& s : out) {
    const auto same = std::count_if(out.begin(), out.end(), [&](const ShownScenario& o) {
      return o.data->name == s.data->name;
    });
    if (same > 1) s.label += " (" + std::filesystem::path(s.data->source).filename().string() + ")";
  }
  return out;
}

std::vector<ShownScenario> App::current_scenarios() const {
  return tab_ == Tab::kWhatIf ? whatif_.shown() : compare_scenarios();
}

std::optional<float> App::take_font_rebuild() {
  auto r = font_request_;
  font_request_.reset();
  return r;
}

std::optional<std::filesystem::path> App::take_capture() {
  auto r = capture_;
  capture_.reset();
  return r;
}

bool App::take_fullscreen_toggle() {
  const bool r = fullscreen_toggle_;
  fullscreen_toggle_ = false;
  return r;
}

void App::set_present(bool on) {
  present_ = on;
  if (on && font_scale_ < kPresentFontScale) {
    font_before_present_ = font_scale_;
    font_request_ = font_scale_ = kPresentFontScale;
  } else if (!on && font_before_present_) {
    // The old size back, unless the text was resized meanwhile (Ctrl+Plus).
    if (font_scale_ == kPresentFontScale) font_request_ = font_scale_ = *font_before_present_;
    font_before_present_.reset();
  }
  view_.say(on ? "Presenting (F5 to leave)" : "Presentation mode off (F5 for on)");
}

int App::current_steps() const {
  int steps = 0;
  for (const auto& s : current_scenarios()) steps = std::max(steps, s.data->steps);
  return steps;
}

int App::current_year_length() const {
  const auto scenarios = current_scenarios();
  return scenarios.empty() ? 0 : scenarios.front().data->weeks_per_year;
}

void App::move_cursor(int delta) {
  const int steps = current_steps();
  if (steps <= 0) return;
  const int from = view_.cursor >= 0 ? view_.cursor : (delta > 0 ? -1 : steps);
  view_.cursor = std::clamp(from + delta, 0, steps - 1);
}

// Kept in step with the table in help_panel.cpp.
void App::handle_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing in a field
  const auto pressed = [](int key, bool repeat = false) {
    return ImGui::IsKeyPressed(key, repeat);
  };
  const bool ctrl = io.KeyCtrl;
  if (pressed(GLFW_KEY_F1)) help_ = !help_;
  if (pressed(GLFW_KEY_F5)) set_present(!present_);
  if (pressed(GLFW_KEY_F11)) fullscreen_toggle_ = true;
  if (ctrl) {
    if (pressed(GLFW_KEY_O)) open_panel_.show();
    if (pressed(GLFW_KEY_P)) request_picture();
    if (pressed(GLFW_KEY_E)) export_csv();
    if (pressed(GLFW_KEY_H)) save_handout();
    if (pressed(GLFW_KEY_S) && tab_ == Tab::kWhatIf) whatif_.save_current(view_);
    if (tab_ == Tab::kWhatIf) {
      // Ctrl+Z undo; Ctrl+Y or Ctrl+Shift+Z redo (lever changes).
      if (pressed(GLFW_KEY_Z, true)) {
        if (io.KeyShift) {
          whatif_.redo(view_);
        } else {
          whatif_.undo(view_);
        }
      }
      if (pressed(GLFW_KEY_Y, true)) whatif_.redo(view_);
    }
    if (pressed(GLFW_KEY_Q)) quit_ = true;
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD))
      font_request_ = std::min(font_scale_ * 1.15f, 3.5f);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT))
      font_request_ = std::max(font_scale_ / 1.15f, 0.6f);
    if (pressed(GLFW_KEY_0) || pressed(GLFW_KEY_KP_0)) font_request_ = 1.0f;
    if (font_request_) font_scale_ = *font_request_;
    return;
  }
  if (pressed(GLFW_KEY_1)) select_tab(Tab::kCompare);
  if (pressed(GLFW_KEY_2)) select_tab(Tab::kWhatIf);
  if (pressed(GLFW_KEY_3)) select_tab(Tab::kStaffNetwork);
  if (pressed(GLFW_KEY_4) && analyses_.has(AnalysisKind::kSweep)) select_tab(Tab::kSweep);
  if (pressed(GLFW_KEY_5)) select_tab(Tab::kSchools);
  if (pressed(GLFW_KEY_6) && analyses_.has(AnalysisKind::kCalibration))
    select_tab(Tab::kCalibration);
  if (pressed(GLFW_KEY_LEFT, true)) move_cursor(-1);
  if (pressed(GLFW_KEY_RIGHT, true)) move_cursor(+1);
  const int year = std::max(current_year_length(), 10);
  if (pressed(GLFW_KEY_PAGE_UP, true)) move_cursor(-year);
  if (pressed(GLFW_KEY_PAGE_DOWN, true)) move_cursor(+year);
  if (pressed(GLFW_KEY_HOME)) move_cursor(-current_steps());
  if (pressed(GLFW_KEY_END)) move_cursor(+current_steps());
  if (pressed(GLFW_KEY_ESCAPE)) view_.cursor = -1;
  if (pressed(GLFW_KEY_SPACE) && tab_ == Tab::kStaffNetwork) staff_network_.toggle_play();
  if (pressed(GLFW_KEY_SPACE) && tab_ == Tab::kSchools) schools_.toggle_play();
  if (pressed(GLFW_KEY_B) && tab_ == Tab::kWhatIf) whatif_.pin_baseline();
  if (pressed(GLFW_KEY_D)) {
    dark_ = !dark_;
    apply_style(dark_, font_scale_);
  }
}

void App::menu_bar() {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open results...", "Ctrl+O")) open_panel_.show();
    if (ImGui::MenuItem("Save picture (PNG)", "Ctrl+P")) request_picture();
    if (ImGui::MenuItem("Save plotted numbers (CSV)", "Ctrl+E")) export_csv();
    if (ImGui::MenuItem("Save handout (PDF)", "Ctrl+H")) save_handout();
    if (ImGui::MenuItem("Save what-if settings", "Ctrl+S", false, whatif_.active())) {
      whatif_.save_current(view_);
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Compare results", "1")) select_tab(Tab::kCompare);
    if (ImGui::MenuItem("What if", "2")) select_tab(Tab::kWhatIf);
    if (ImGui::MenuItem("Staff network", "3")) select_tab(Tab::kStaffNetwork);
    if (ImGui::MenuItem("Sensitivity (a sweep)", "4", false, analyses_.has(AnalysisKind::kSweep)))
      select_tab(Tab::kSweep);
    if (ImGui::MenuItem("Network of schools", "5")) select_tab(Tab::kSchools);
    if (ImGui::MenuItem("Calibration", "6", false, analyses_.has(AnalysisKind::kCalibration)))
      select_tab(Tab::kCalibration);
    ImGui::Separator();
    if (ImGui::MenuItem("Larger text", "Ctrl+Plus"))
      font_request_ = font_scale_ = std::min(font_scale_ * 1.15f, 3.5f);
    if (ImGui::MenuItem("Smaller text", "Ctrl+Minus"))
      font_request_ = font_scale_ = std::max(font_scale_ / 1.15f, 0.6f);
    if (ImGui::MenuItem("Normal text", "Ctrl+0")) font_request_ = font_scale_ = 1.0f;
    if (ImGui::MenuItem("Dark colours", "D", dark_)) {
      dark_ = !dark_;
      apply_style(dark_, font_scale_);
    }
    if (ImGui::MenuItem("Full screen", "F11")) fullscreen_toggle_ = true;
    if (ImGui::MenuItem("Presentation mode", "F5", present_)) set_present(!present_);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Help and keys", "F1")) help_ = true;
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

void App::sidebar() {
  if (tab_ == Tab::kWhatIf) {
    whatif_.draw_levers(view_);
    const auto shown = whatif_.shown();
    if (!shown.empty()) {
      ImGui::Separator();
      if (ImGui::CollapsingHeader("What to plot") && draw_metric_chooser(shown, metrics_))
        metrics_chosen_ = true;
    }
    return;
  }
  if (checked_button(view_, "Open results... (Ctrl+O)")) open_panel_.show();
  analyses_.sidebar();
  for (std::size_t e = 0; e < load_errors_.size(); ++e) {
    ImGui::PushID(static_cast<int>(e));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 40, 0, 255));
    ImGui::TextWrapped("%s", load_errors_[e].c_str());
    ImGui::PopStyleColor();
    if (ImGui::SmallButton("Dismiss")) {
      load_errors_.erase(load_errors_.begin() + static_cast<std::ptrdiff_t>(e));
      ImGui::PopID();
      break;
    }
    ImGui::PopID();
  }
  std::size_t colour_index = 0;
  const auto coloured = compare_scenarios();  // the swatches' colours, in the same order
  for (std::size_t f = 0; f < files_.size(); ++f) {
    OpenFile& file = files_[f];
    ImGui::PushID(static_cast<int>(f));
    const bool open = ImGui::TreeNodeEx(file.results.path.filename().string().c_str(),
                                        ImGuiTreeNodeFlags_DefaultOpen);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s\nMade by: %s\nAt: %s (Loom %s, %s)", file.results.path.string().c_str(),
                        file.results.command_line.c_str(), file.results.created_utc.c_str(),
                        file.results.loom_version.c_str(), file.results.git_commit.c_str());
    }
    bool close = false;
    if (open) {
      for (std::size_t i = 0; i < file.results.scenarios.size(); ++i) {
        const ScenarioData& s = *file.results.scenarios[i];
        ImGui::PushID(static_cast<int>(i));
        if (file.shown[i]) {
          const Rgb c = colour_index < coloured.size() ? coloured[colour_index].rgb : Rgb{};
          ++colour_index;
          colour_swatch(IM_COL32(c.r, c.g, c.b, 255));
        } else {
          colour_swatch(IM_COL32(0, 0, 0, 0));
        }
        bool on = file.shown[i];
        if (ImGui::Checkbox(s.name.c_str(), &on)) file.shown[i] = on;
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip("%s\n%d runs, seed %llu, model %s\nIn the file: /scenarios/%s",
                            s.description.c_str(), s.runs, static_cast<unsigned long long>(s.seed),
                            s.model.c_str(), s.id.c_str());
        }
        ImGui::PopID();
      }
      for (const auto& note : file.results.notes) ImGui::TextDisabled("%s", note.c_str());
      close = checked_small_button(view_, "Close this file");
      ImGui::TreePop();
    } else {
      for (bool shown : file.shown) colour_index += shown ? 1 : 0;
    }
    ImGui::PopID();
    if (close) {
      files_.erase(files_.begin() + static_cast<std::ptrdiff_t>(f));
      break;
    }
  }
  const auto shown = compare_scenarios();
  if (shown.empty()) return;
  ImGui::Separator();
  if (ImGui::CollapsingHeader("What to plot", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (draw_metric_chooser(shown, metrics_)) metrics_chosen_ = true;
  }
  ImGui::Separator();
  if (checked_button(view_, "Save picture (PNG)")) request_picture();
  // Labels short enough for the sidebar at font 1.5 on 1280 px; more on hover.
  if (checked_button(view_, "Save numbers (CSV)")) export_csv();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the plotted numbers as CSV in out/ (Ctrl+E)");
  std::vector<ScenarioSettings> settings;
  for (const auto& s : shown) {
    if (s.data->settings) settings.push_back(*s.data->settings);
  }
  if (!settings.empty() && checked_button(view_, "Try levers (What if)")) {
    whatif_.compare(std::move(settings));
    select_tab(Tab::kWhatIf);
  }
  if (!settings.empty() && ImGui::IsItemHovered())
    ImGui::SetTooltip("Change the levers of these on the What-if tab");
}

void App::welcome() {
  ImGui::Spacing();
  ImGui::TextUnformatted("Loom: leading change in schools");
  ImGui::Separator();
  ImGui::TextWrapped(
      "Open a results file to compare scenarios, or try What if: pick leadership styles, "
      "move a lever, and watch the simulated school change.");
  ImGui::Spacing();
  for (const auto& p : whatif_.presets()) {
    if (p.id == "top-down") {
      if (ImGui::Button("What if: top-down vs shared leadership (2)")) {
        std::string ignored;
        whatif_.compare({"top-down", "shared-leadership"}, &ignored);
        select_tab(Tab::kWhatIf);
      }
    }
  }
  ImGui::Spacing();
  draw_file_choices(recent_, [&](const std::filesystem::path& p) { open(p); });
  ImGui::Spacing();
  ImGui::TextDisabled("Drop results files onto this window to open them. F1: help and keys.");
}

void App::frame(double seconds) {
  view_.begin_frame();
  whatif_.poll();
  poll_handout();
  handle_keys();
  // The What-if tab opened with nothing to compare: start with the two
  // leadership presets, the comparison a workshop begins with.
  if (tab_ == Tab::kWhatIf && !whatif_.active() && !whatif_started_) {
    std::string ignored;
    whatif_.compare({"top-down", "shared-leadership"}, &ignored);
  }
  if (tab_ == Tab::kWhatIf) whatif_started_ = true;

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoSavedSettings;
  ImGui::Begin("Loom", nullptr, flags);
  menu_bar();

  const float scale = ImGui::GetFontSize() / kBaseFontSize;
  const float status_height = ImGui::GetFrameHeightWithSpacing();
  view_.scroll_to_summary = scroll_to_summary_;
  const auto compare = compare_scenarios();
  if (!metrics_chosen_) {  // until a measure is ticked: what the guide asks of the tab's scenarios
    metrics_ = default_metrics(data_of(tab_ == Tab::kWhatIf ? whatif_.shown() : compare));
  }

  // The side panels give way on a narrow window (at 1280 x 800 and font 1.3
  // their fixed widths left the plots 390 px); presentation mode folds them,
  // all but the What-if levers, which are that tab's point.
  const float room = viewport->WorkSize.x;
  view_.present = present_;
  if (!present_ || tab_ == Tab::kWhatIf) {
    const float share = tab_ == Tab::kWhatIf ? 0.3f : 0.26f;
    ImGui::BeginChild("sidebar", ImVec2(std::min(320.0f * scale, room * share), -status_height),
                      true);
    sidebar();
    ImGui::EndChild();
    ImGui::SameLine();
  }
  const bool story = !present_ && tab_ != Tab::kWhatIf && StoryPanel::has_events(compare);
  const float story_width =
      story ? std::min(340.0f * scale, room * 0.26f) + ImGui::GetStyle().ItemSpacing.x : 0.0f;
  ImGui::BeginChild("centre",
                    ImVec2(ImGui::GetContentRegionAvail().x - story_width, -status_height));
  if (ImGui::BeginTabBar("tabs")) {
    // Short labels, so a projector's tab bar (font 1.3, 1280 px) shows them
    // whole; the long name and the key are in the tooltip.
    const auto item = [&](const char* label, const char* what, Tab t) {
      const ImGuiTabItemFlags f = force_tab_ && tab_ == t ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(label, nullptr, f);
      check_tab(view_, label);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", what);
      // A forced selection takes effect on the next frame: keep tab_ until then.
      if (open && !force_tab_) tab_ = t;
      return open;
    };
    if (item("Compare", "Compare results (key 1)", Tab::kCompare)) {
      ImGui::BeginChild("compare");
      if (compare.empty()) {
        welcome();
      } else {
        draw_comparison(compare, metrics_, view_);
      }
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (item("What if", "What if: move levers, see it re-run (key 2)", Tab::kWhatIf)) {
      ImGui::BeginChild("whatif");
      whatif_.draw_main(view_, metrics_);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (item("Staff", "Staff network of one school (key 3)", Tab::kStaffNetwork)) {
      ImGui::BeginChild("staff network");
      staff_network_.draw(compare, view_, seconds);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (analyses_.has(AnalysisKind::kSweep) &&
        item("Sensitivity", "Sensitivity: a sweep (key 4)", Tab::kSweep)) {
      analyses_.draw_sweep(view_);
      ImGui::EndTabItem();
    }
    if (item("Schools", "Network of schools (key 5)", Tab::kSchools)) {
      ImGui::BeginChild("schools");
      schools_.draw(compare, view_, seconds);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (analyses_.has(AnalysisKind::kCalibration) &&
        item("Calibration", "Calibration: what the data allow (key 6)", Tab::kCalibration)) {
      analyses_.draw_calibration(view_);
      ImGui::EndTabItem();
    }
    if (force_tab_ && ++forced_frames_ >= 2) {
      force_tab_ = false;
      forced_frames_ = 0;
    }
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  if (story) {
    ImGui::SameLine();
    ImGui::BeginChild("story", ImVec2(0, -status_height), true);
    story_.draw(compare, view_);
    ImGui::EndChild();
  }

  draw_status_line(view_, &help_);
  if (view_.open_help) {
    help_ = true;
    view_.open_help = false;
  }
  ImGui::End();

  draw_help(&help_);
  open_panel_.draw(recent_, [&](const std::filesystem::path& p) { open(p); });
  report_layout(view_);
  view_.end_frame();
}

}  // namespace loom::viewer
