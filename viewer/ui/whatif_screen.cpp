#include "viewer/ui/whatif_screen.hpp"

#include <algorithm>
#include <cstdio>

#include "models/catalog/model_catalog.hpp"
#include "viewer/data/whatif_names.hpp"
#include "viewer/ui/compare_screen.hpp"
#include "viewer/ui/layout_check.hpp"
#include "viewer/ui/lever_row.hpp"
#include "viewer/ui/palette.hpp"

namespace loom::viewer {
namespace {

SectionValues* find_section(ScenarioSettings& s, std::string_view name) {
  for (auto& v : s.sections) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

}  // namespace

WhatIfScreen::WhatIfScreen(std::function<void()> wake, int replicates, int threads)
    : replicates_(std::max(replicates, 1)), threads_(threads), runner_(std::move(wake)) {}

void WhatIfScreen::find_presets(const std::vector<std::filesystem::path>& folders) {
  presets_.clear();
  preset_folders_ = folders;
  for (const auto& folder : folders) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) continue;
    // Subfolders too: the network presets live in scenarios/network/.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, ec)) {
      if (entry.path().extension() != ".toml") continue;
      try {
        auto preset = ScenarioSettings::from_file(entry.path());
        // Research models (March 1991 docking) are not workshop scenarios.
        if (offered_for_whatif(preset)) presets_.push_back(std::move(preset));
      } catch (const std::exception&) {
        // A broken preset is `loom run`'s business to report; skip it here.
      }
    }
    if (!presets_.empty()) break;
  }
  // School scenarios first (the workshop case), then by name.
  std::sort(presets_.begin(), presets_.end(), [](const auto& a, const auto& b) {
    const bool sa = a.header.model == "school", sb = b.header.model == "school";
    return sa != sb ? sa : a.header.name < b.header.name;
  });
}

bool WhatIfScreen::compare(const std::vector<std::string>& names, std::string* error) {
  std::vector<ScenarioSettings> chosen;
  for (const auto& name : names) {
    const auto found =
        std::find_if(presets_.begin(), presets_.end(), [&](const auto& p) { return p.id == name; });
    if (found != presets_.end()) {
      chosen.push_back(*found);
      continue;
    }
    try {  // "network/buddy" as `loom` names it, a bare stem, or a file
      chosen.push_back(load_whatif_scenario(name, preset_folders_));
    } catch (const std::invalid_argument& e) {
      if (error) *error = std::string("what-if: ") + e.what();
      return false;
    }
  }
  compare(std::move(chosen));
  return true;
}

void WhatIfScreen::compare(std::vector<ScenarioSettings> settings) {
  compared_.clear();
  for (auto& s : settings) compared_.push_back({s, s});
  editing_ = 0;
  pinned_.reset();
  history_.reset({compared_, editing_});
  if (!compared_.empty()) submit(false);
}

void WhatIfScreen::submit(bool record) {
  if (record) {
    history_.commit({compared_, editing_});
  } else {
    history_.amend({compared_, editing_});
  }
  WhatIfRequest request;
  for (const auto& e : compared_) request.scenarios.push_back(e.current);
  request.replicates = replicates_;
  request.threads = threads_;
  // Slow scenarios (the last full result took over a second, or a network of
  // schools) show a first look at a quarter of the runs, then the rest; fast
  // ones do not, so their bands do not flicker from rough to fine.
  const bool slow = (result_ && !result_->partial && result_->milliseconds() > 1000.0) ||
                    std::any_of(compared_.begin(), compared_.end(),
                                [](const Entry& e) { return e.current.header.model == "network"; });
  if (slow && replicates_ >= 8) request.first_look = std::max(4, replicates_ / 4);
  submitted_ = runner_.submit(std::move(request));
  submitted_this_frame_ = true;
}

void WhatIfScreen::restore(State state) {
  compared_ = std::move(state.compared);
  editing_ = std::clamp(state.editing, 0, std::max(static_cast<int>(compared_.size()) - 1, 0));
  save_buffer_[0] = '\0';
  if (!compared_.empty()) submit(false);
}

void WhatIfScreen::undo(ViewState& view) {
  auto state = history_.undo();
  if (!state) {
    view.say("Nothing to undo.");
    return;
  }
  restore(std::move(*state));
  view.say("Undid the last change (Ctrl+Y redoes it).");
}

void WhatIfScreen::redo(ViewState& view) {
  auto state = history_.redo();
  if (!state) {
    view.say("Nothing to redo.");
    return;
  }
  restore(std::move(*state));
  view.say("Redid the change (Ctrl+Z undoes it again).");
}

bool WhatIfScreen::any_changed() const {
  return std::any_of(compared_.begin(), compared_.end(),
                     [](const Entry& e) { return !describe_changes(e.current, e.preset).empty(); });
}

void WhatIfScreen::poll() {
  const auto latest = runner_.latest();
  // Newer, or the full result replacing the first look of its generation.
  if (latest &&
      (!result_ || latest->generation > result_->generation ||
       (latest->generation == result_->generation && result_->partial && !latest->partial))) {
    result_ = latest;
    new_result_ = true;
  }
}

void WhatIfScreen::presented(std::chrono::steady_clock::time_point when) {
  // Latency is counted to the full picture; a first look only shows sooner.
  if (!result_ || result_->partial || result_->generation == presented_generation_) return;
  presented_generation_ = result_->generation;
  if (!result_->error.empty()) return;
  last_picture_ms_ = std::chrono::duration<double, std::milli>(when - result_->submitted).count();
  picture_latencies_.push_back(last_picture_ms_);
}

bool WhatIfScreen::settled() const {
  return submitted_ == 0 ||
         (result_ && result_->generation == submitted_ && presented_generation_ == submitted_);
}

std::vector<ShownScenario> WhatIfScreen::shown() const {
  std::vector<ShownScenario> out;
  if (!result_) return out;
  for (std::size_t i = 0; i < result_->scenarios.size(); ++i) {
    const auto& data = result_->scenarios[i];
    std::string label = data->name;
    for (const auto& e : compared_) {
      if (e.preset.id == data->id && data->settings &&
          !describe_changes(*data->settings, e.preset).empty()) {
        label += " (changed)";
      }
    }
    out.push_back(make_shown(data, label, Rgb{}));
  }
  colour_by_name(out);  // the pinned copy below stays grey
  if (pinned_) out.push_back(make_shown(pinned_, pinned_->name, kPinnedColour));
  return out;
}

void WhatIfScreen::pin_baseline() {
  if (!result_ || result_->scenarios.empty() || compared_.empty()) return;
  // The result of the scenario whose levers are being changed.
  const std::string& id = compared_[static_cast<std::size_t>(editing_)].preset.id;
  const auto found = std::find_if(result_->scenarios.begin(), result_->scenarios.end(),
                                  [&](const auto& d) { return d->id == id; });
  if (found == result_->scenarios.end()) return;
  auto copy = std::make_shared<ScenarioData>(**found);
  copy->name += " (pinned)";
  copy->id += "-pinned";
  pinned_ = std::move(copy);
}

void WhatIfScreen::save_current(ViewState& view) {
  if (compared_.empty()) return;
  const Entry& e = compared_[static_cast<std::size_t>(editing_)];
  if (save_buffer_[0] == '\0') {
    const std::string path = "out/whatif-" + e.preset.id + ".toml";
    std::snprintf(save_buffer_, sizeof save_buffer_, "%s", path.c_str());
  }
  ScenarioSettings settings = e.current;
  settings.header.name += " (what-if)";
  try {
    save_scenario_file(settings, e.preset, save_buffer_);
    view.say(std::string("Saved the settings of ") + e.preset.header.name + " to " + save_buffer_ +
             " (run it with: loom run " + save_buffer_ + ")");
  } catch (const std::exception& ex) {
    view.say(std::string("Could not save: ") + ex.what(), true);
  }
}

std::chrono::steady_clock::time_point WhatIfScreen::simulate_change(int step) {
  Entry& e = compared_.at(static_cast<std::size_t>(editing_));
  // The first real-valued lever (of [leadership] when the model has one),
  // alternating between its preset value and a tenth of its range away.
  const auto model = make_model(e.current.header.model);
  auto sections = model->sections();
  std::stable_partition(sections.begin(), sections.end(),
                        [](const ParameterSection* s) { return s->name() == "leadership"; });
  for (ParameterSection* section : sections) {
    const auto infos = section->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (infos[i].kind != ValueKind::kReal) continue;
      SectionValues* values = find_section(e.current, section->name());
      const double preset = find_section(e.preset, section->name())->values[i];
      const double span = infos[i].max - infos[i].min;
      const double other =
          preset + 0.1 * span <= infos[i].max ? preset + 0.1 * span : preset - 0.1 * span;
      values->values[i] = step % 2 == 0 ? other : preset;
      // Scrolled into view, as a picture of the moved lever needs.
      reveal_ = std::string(section->name()) + "." + std::string(infos[i].key);
      reveal_frames_ = 2;
      const auto now = std::chrono::steady_clock::now();
      submit();
      return now;
    }
  }
  return std::chrono::steady_clock::now();
}

void WhatIfScreen::draw_section_levers(ParameterSection& section, Entry& entry,
                                       std::size_t section_index,
                                       std::span<ParameterSection* const> all, ViewState& view) {
  SectionValues* values = find_section(entry.current, section.name());
  const SectionValues* preset = find_section(entry.preset, section.name());
  if (!values || !preset) return;
  const auto infos = section.parameters();
  for (std::size_t i = 0; i < infos.size() && i < values->values.size(); ++i) {
    const ParameterInfo& info = infos[i];
    double& v = values->values[i];
    const double before = preset->values[i];
    ImGui::PushID(static_cast<int>(section_index * 1000 + i));
    bool applies = true;
    try {
      applies = condition_holds(info.applies_when, all);
    } catch (const std::invalid_argument&) {
      // tests/scenarios/preset_test.cpp checks every condition; never grey by mistake
    }
    LeverRow row{&info, section.name(), before, applies, plan_year_, false};
    row.reveal =
        reveal_frames_ > 0 && reveal_ == std::string(section.name()) + "." + std::string(info.key);
    switch (draw_lever_row(row, v, view)) {
      case LeverAction::kNone:
        break;
      case LeverAction::kChanged:
        submit();
        break;
      case LeverAction::kBackToPreset:
        v = before;
        submit();
        break;
      case LeverAction::kPlan:
        if (entry.current.schedule_change(plan_year_, section.name(), info.key, v)) {
          v = before;
          submit();
        }
        break;
    }
    ImGui::PopID();
  }
}

void WhatIfScreen::draw_levers(ViewState& view) {
  // On a projector the list of some twenty presets would push the levers
  // off the screen: presentation mode folds it (a click opens it again).
  if (view.present != folded_for_present_) {
    ImGui::SetNextItemOpen(!view.present);
    folded_for_present_ = view.present;
  }
  const std::string heading =
      "Scenarios to compare (" + std::to_string(compared_.size()) + ")###scenario-list";
  const bool list = ImGui::CollapsingHeader(heading.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
  for (const auto& p : presets_) {
    if (!list) break;
    const auto it = std::find_if(compared_.begin(), compared_.end(),
                                 [&](const Entry& e) { return e.preset.id == p.id; });
    bool on = it != compared_.end();
    ImGui::PushID(p.id.c_str());  // two presets may share a display name
    const bool toggled = ImGui::Checkbox(p.header.name.c_str(), &on);
    ImGui::PopID();
    if (toggled) {
      if (on) {
        compared_.push_back({p, p});
      } else if (compared_.size() > 1) {
        compared_.erase(it);
        editing_ = std::min(editing_, static_cast<int>(compared_.size()) - 1);
      }
      submit();
    }
    if (ImGui::IsItemHovered() && !p.header.description.empty()) {
      ImGui::SetTooltip("%s\nPreset: scenarios/%s.toml", p.header.description.c_str(),
                        p.id.c_str());
    }
  }
  if (compared_.empty()) return;
  ImGui::Separator();
  if (compared_.size() > 1) {
    ImGui::TextUnformatted("Levers below change");
    for (std::size_t i = 0; i < compared_.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      const bool chosen = ImGui::RadioButton(compared_[i].preset.header.name.c_str(),
                                             editing_ == static_cast<int>(i));
      check_control(view, "Levers below change: " + compared_[i].preset.header.name, Reach::kStart);
      ImGui::PopID();
      if (chosen) {
        editing_ = static_cast<int>(i);
        save_buffer_[0] = '\0';  // suggest a file name for this scenario
      }
    }
  }
  ImGui::TextUnformatted("Runs per scenario");
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::SliderInt("##runs", &replicates_, 4, 200, "%d", ImGuiSliderFlags_AlwaysClamp);
  check_control(view, "Runs per scenario");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("More runs give steadier bands but take longer to redraw.");
  }
  if (ImGui::IsItemDeactivatedAfterEdit()) submit(false);
  ImGui::Separator();

  Entry& entry = compared_[static_cast<std::size_t>(editing_)];
  const auto model = make_model(entry.current.header.model);  // for its parameter tables
  const auto sections = model->sections();
  for (ParameterSection* section : sections) {  // current values, for applies_when
    if (const SectionValues* values = find_section(entry.current, section->name())) {
      for (std::size_t i = 0; i < values->values.size() && i < section->parameters().size(); ++i)
        section->set(i, values->values[i]);
    }
  }
  for (std::size_t s = 0; s < sections.size(); ++s) {
    // The leadership levers are what a workshop moves; the rest start closed.
    const bool levers = sections[s]->name() == "leadership" || sections.size() == 1;
    if (ImGui::CollapsingHeader(std::string(sections[s]->title()).c_str(),
                                levers ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
      draw_section_levers(*sections[s], entry, s, sections, view);
    }
  }
  if (model->schedule_calendar()) draw_planned_changes(entry, view);
  if (reveal_frames_ > 0) --reveal_frames_;
}

void WhatIfScreen::draw_planned_changes(Entry& entry, ViewState& view) {
  if (!ImGui::CollapsingHeader("Planned changes (from a later year)",
                               ImGuiTreeNodeFlags_DefaultOpen))
    return;
  const int years = static_cast<int>(entry.current.value("school", "years").value_or(5));
  ImGui::TextWrapped("Year a moved lever's \"from year\" button uses");
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::SliderInt("##plan_year", &plan_year_, 1, std::max(1, years), "year %d",
                   ImGuiSliderFlags_AlwaysClamp);
  check_control(view, "Year of planned changes");
  ImGui::PushTextWrapPos(0.0f);  // lines wrap in the sidebar, at any font size
  if (entry.current.schedule.empty()) {
    ImGui::TextDisabled("None. Move a lever, then press \"from year %d\" under it.", plan_year_);
    ImGui::PopTextWrapPos();
    return;
  }
  const auto model = make_model(entry.current.header.model);
  auto& schedule = entry.current.schedule;
  for (std::size_t c = 0; c < schedule.size(); ++c) {
    ImGui::PushID(static_cast<int>(c));
    const bool remove = checked_small_button(view, "remove");
    ImGui::SameLine();
    const auto& change = schedule[c];
    ImGui::TextWrapped("%s: %s", change.when().c_str(),
                       change.label.empty() ? "levers change" : change.label.c_str());
    for (const auto& v : change.values) {
      for (ParameterSection* section : model->sections()) {
        std::size_t index = 0;
        const ParameterInfo* info =
            section->name() == v.section ? section->find(v.key, &index) : nullptr;
        if (info) {
          ImGui::BulletText("%s: %s", std::string(info->label).c_str(),
                            format_value(*info, v.value).c_str());
        }
      }
    }
    ImGui::PopID();
    if (remove) {
      schedule.erase(schedule.begin() + static_cast<std::ptrdiff_t>(c));
      submit();
      break;
    }
  }
  ImGui::PopTextWrapPos();
}

void WhatIfScreen::draw_main(ViewState& view, const std::vector<std::string>& metrics) {
  if (compared_.empty()) {
    ImGui::TextWrapped(presets_.empty()
                           ? "No scenario presets found. Start the viewer in the Loom folder "
                             "(it reads scenarios/*.toml) or pass --whatif FILE.toml."
                           : "Tick the scenarios to compare on the left.");
    return;
  }
  // Status: what is on screen and how fresh it is; presenting, in brief
  // after the buttons (the plots get the line).
  const bool failed = !runner_.busy() && result_ && !result_->error.empty();
  if (failed) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 40, 0, 255));
    ImGui::TextWrapped("These settings cannot run: %s", result_->error.c_str());
    ImGui::PopStyleColor();
  } else if (!view.present) {
    ImGui::TextWrapped("%s", run_status(false).c_str());
  }
  // Every button is always there (greyed out when it cannot act), so none
  // moves under the cursor when another appears. They wrap onto a second
  // line when the panel is narrow (a projector's large font).
  const auto next = [](const char* label) { same_line_if_fits(button_width(label)); };
  ImGui::BeginDisabled(!history_.can_undo());
  if (checked_button(view, "Undo (Ctrl+Z)")) undo(view);
  ImGui::EndDisabled();
  next("Redo (Ctrl+Y)");
  ImGui::BeginDisabled(!history_.can_redo());
  if (checked_button(view, "Redo (Ctrl+Y)")) redo(view);
  ImGui::EndDisabled();
  next("Pin as baseline (B)");
  if (checked_button(view, "Pin as baseline (B)")) pin_baseline();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Keep the current result of the scenario whose levers you change, in "
        "grey, to compare against while you keep moving levers.");
  }
  next("Remove baseline");
  ImGui::BeginDisabled(!pinned_);
  if (checked_button(view, "Remove baseline")) pinned_.reset();
  ImGui::EndDisabled();
  next("All levers back to presets");
  ImGui::BeginDisabled(!any_changed());
  if (checked_button(view, "All levers back to presets")) {
    for (auto& e : compared_) e.current = e.preset;
    submit();
    view.say("All levers are back at their presets (Ctrl+Z undoes this).");
  }
  ImGui::EndDisabled();
  if (view.present && !failed) {
    // Room for the longest brief status, so the line does not jump as it changes.
    same_line_if_fits(ImGui::CalcTextSize("First look: 000 of 000 runs").x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", run_status(true).c_str());
  }
  if (!view.present) save_row(view);  // presenting: Ctrl+S and the File menu still save
  ImGui::Separator();
  const auto scenarios = shown();
  if (!scenarios.empty()) draw_comparison(scenarios, metrics, view, true);
}

std::string WhatIfScreen::run_status(bool brief) const {
  char text[160] = "";
  if (runner_.busy() && result_ && result_->partial && result_->generation == submitted_) {
    int runs = replicates_;
    for (const auto& data : result_->scenarios) runs = std::min(runs, data->runs);
    std::snprintf(text, sizeof text,
                  brief ? "First look: %d of %d runs"
                        : "First look from %d of %d runs (bands rough); the rest are running ...",
                  runs, replicates_);
  } else if (runner_.busy()) {
    std::snprintf(text, sizeof text, "Running %zu scenario%s x %d runs ...", compared_.size(),
                  compared_.size() == 1 ? "" : "s", replicates_);
    if (brief) std::snprintf(text, sizeof text, "Running ...");
  } else if (result_ && brief) {
    std::snprintf(text, sizeof text, "Up to date (%.0f ms)", last_picture_ms_);
  } else if (result_) {
    std::snprintf(text, sizeof text,
                  "Up to date: ran in %.0f ms; the picture changed %.0f ms after you let go.",
                  result_->milliseconds(), last_picture_ms_);
  }
  return text;
}

void WhatIfScreen::save_row(ViewState& view) {
  // The file name needs room to be read: with less, it starts a line.
  const float name_room = 220.0f * ImGui::GetFontSize() / 16.0f;
  same_line_if_fits(button_width("Save settings as (Ctrl+S)") + name_room);
  if (save_buffer_[0] == '\0') {
    const std::string path =
        "out/whatif-" + compared_[static_cast<std::size_t>(editing_)].preset.id + ".toml";
    std::snprintf(save_buffer_, sizeof save_buffer_, "%s", path.c_str());
  }
  if (checked_button(view, "Save settings as (Ctrl+S)")) save_current(view);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::InputText("##save", save_buffer_, sizeof save_buffer_);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Where to save the changed scenario as a file `loom run` accepts.");
  }
}

}  // namespace loom::viewer
