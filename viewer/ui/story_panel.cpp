#include "viewer/ui/story_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "viewer/data/event_story.hpp"
#include "viewer/data/time_axis.hpp"
#include "viewer/ui/layout_check.hpp"

namespace loom::viewer {

namespace {

// "Week marker: Year 2, week 1", a thin line across the story where the
// marker sits among the entries.
void marker_row(std::span<const ScenarioData* const> data, const ViewState& view) {
  const ScenarioData* first = data.empty() ? nullptr : data.front();
  if (!first) return;
  const std::string when = time_point_label(view.cursor, first->weeks_per_year, first->time_label);
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, a.y + h * 0.5f), ImVec2(a.x + w, a.y + h * 0.5f),
                                      ImGui::GetColorU32(ImGuiCol_TextDisabled));
  const std::string label = " Week marker: " + when + " ";
  const float tw = ImGui::CalcTextSize(label.c_str()).x;
  const ImVec2 t(a.x + std::max((w - tw) * 0.5f, 0.0f), a.y);
  ImGui::GetWindowDrawList()->AddRectFilled(t, ImVec2(t.x + tw, t.y + h),
                                            ImGui::GetColorU32(ImGuiCol_WindowBg));
  ImGui::SetCursorScreenPos(t);
  ImGui::TextDisabled("%s", label.c_str());
}

}  // namespace

bool StoryPanel::has_events(std::span<const ShownScenario> scenarios) {
  return std::any_of(scenarios.begin(), scenarios.end(),
                     [](const ShownScenario& s) { return !s.data->events.empty(); });
}

void StoryPanel::draw(std::span<const ShownScenario> scenarios, ViewState& view) {
  ImGui::TextUnformatted("What happened");
  ImGui::Separator();
  const auto data = data_of(scenarios);
  const auto runs = runs_with_events(data);
  if (runs.empty()) {
    ImGui::TextWrapped(
        "No events are recorded in these results. Results from newer versions of Loom list "
        "what happened in a school here (a champion leaving, an idea taken up), and clicking "
        "one moves the week marker.");
    return;
  }
  // The school and scenario are the view's (ViewState::story_run and
  // story_scenario), shared with the staff network and the plots' markers,
  // so the story beside the network tells the school the network shows.
  std::int64_t& run_ = view.story_run;
  int& scenario_ = view.story_scenario;
  if (std::find(runs.begin(), runs.end(), run_) == runs.end()) run_ = runs.front();
  if (scenario_ >= static_cast<int>(scenarios.size())) scenario_ = -1;

  // Labelled controls: one simulated school (run) at a time, since events
  // only make sense within one school's history; which scenario; which kind.
  const float label_width = ImGui::CalcTextSize("Scenario").x + ImGui::GetStyle().ItemSpacing.x;
  const auto label = [&](const char* text) {
    const float x = ImGui::GetCursorPosX();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::SameLine(x + label_width);
    ImGui::SetNextItemWidth(-1.0f);
  };
  label("School");
  const auto school_name = [](std::int64_t r) { return "School " + std::to_string(r + 1); };
  if (ImGui::BeginCombo("##run", school_name(run_).c_str())) {
    for (std::int64_t r : runs) {
      if (ImGui::Selectable(school_name(r).c_str(), r == run_)) run_ = r;
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Each run is one simulated school. School i of every scenario starts from the same "
        "staff and the same chance events, so differences come from the leadership.");
  }
  label("Scenario");
  const std::string scenario_label =
      scenario_ < 0 ? "All scenarios" : scenarios[static_cast<std::size_t>(scenario_)].label;
  if (ImGui::BeginCombo("##scenario", scenario_label.c_str())) {
    if (ImGui::Selectable("All scenarios", scenario_ < 0)) scenario_ = -1;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(scenarios[i].label.c_str(), scenario_ == static_cast<int>(i))) {
        scenario_ = static_cast<int>(i);
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  view.report.push_back("story-scenario " + (scenario_ < 0 ? std::string("all") : scenario_label));
  const auto kinds = event_kinds(data);
  if (kind_ >= static_cast<int>(kinds.size())) kind_ = -1;
  label("Events");
  const std::string kind_label =
      kind_ < 0 ? "All kinds of event"
                : event_kind_text(kinds[static_cast<std::size_t>(kind_)]).label;
  if (ImGui::BeginCombo("##kind", kind_label.c_str())) {
    if (ImGui::Selectable("All kinds of event", kind_ < 0)) kind_ = -1;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      if (ImGui::Selectable(event_kind_text(kinds[k]).label.c_str(),
                            kind_ == static_cast<int>(k))) {
        kind_ = static_cast<int>(k);
      }
    }
    ImGui::EndCombo();
  }

  ImGui::Checkbox("List each repeat", &every_);
  check_control(view, "List each repeat");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Off: events said in the same words within one school year are told once, with their "
        "weeks (\"weeks 4, 8 and 14 (3 times)\"). On: each on its own line.");
  }

  // The legend of the marks.
  {
    std::string legend;
    for (Tone t : {Tone::kGood, Tone::kBad, Tone::kNeutral}) {
      legend += (legend.empty() ? "" : "    ") + std::string(tone_mark(t)) + " " +
                std::string(tone_meaning(t));
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", legend.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "The mark before each event says whether it tends to help students and staff (+), "
          "is a setback or a warning (!), or is neither.\nThe coloured square is the scenario.");
    }
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    char line[160];
    std::snprintf(line, sizeof line, "story-legend %.0f %.0f %.0f %.0f", a.x, a.y, b.x, b.y);
    view.report.emplace_back(line);
  }
  ImGui::Separator();

  std::vector<std::string> filter;
  if (kind_ >= 0) filter.push_back(kinds[static_cast<std::size_t>(kind_)]);
  // Repeats told once unless asked for each (as `loom story --every`).
  const auto story = every_ ? build_story(data, run_, filter, scenario_)
                            : told_once(build_story(data, run_, filter, scenario_), data);
  // Follow the week marker: scroll to it for a few frames after it moved
  // (or the story changed), since the entries' wrapped heights settle only
  // once the panel has its width; one scroll on the first frame stopped
  // short, in year 1, at 1280 x 800 and font 1.3.
  const float width = ImGui::GetContentRegionAvail().x;
  if (view.cursor != followed_cursor_ || run_ != followed_run_ || scenario_ != followed_scenario_ ||
      width != followed_width_) {
    follow_frames_ = 4;
  }
  followed_cursor_ = view.cursor;
  followed_run_ = run_;
  followed_scenario_ = scenario_;
  followed_width_ = width;
  const bool cursor_moved = follow_frames_ > 0;
  if (follow_frames_ > 0) --follow_frames_;
  const std::size_t follow =
      view.cursor >= 0 ? first_entry_at_or_after(story, view.cursor) : story.size();

  ImGui::BeginChild("entries", ImVec2(0, 0), false);
  const float swatch = ImGui::GetTextLineHeight() * 0.7f;
  for (std::size_t i = 0; i <= story.size(); ++i) {
    if (i == follow && view.cursor >= 0) {  // the marker's place in the story, scrolled to
      if (cursor_moved) ImGui::SetScrollHereY(0.0f);
      marker_row(data, view);
    }
    if (i == story.size()) break;
    const StoryEntry& e = story[i];
    const ShownScenario& s = scenarios[static_cast<std::size_t>(e.scenario)];
    ImGui::PushID(static_cast<int>(i));
    if (i == follow) {
      const bool seen = ImGui::IsRectVisible(ImGui::CalcTextSize(e.headline.c_str()));
      view.report.push_back("story-at-marker " + std::string(seen ? "visible" : "hidden") + " " +
                            e.when + ": " + e.headline);
    }
    const std::string heading = std::string(tone_mark(e.tone)) + " " + e.when + ": " + e.headline;
    // A selectable row as tall as the wrapped heading, with the scenario's
    // colour swatch and the heading drawn over it (Selectable cannot wrap).
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float indent = swatch + ImGui::GetStyle().ItemSpacing.x;
    const float wrap = std::max(ImGui::GetContentRegionAvail().x - indent, 50.0f);
    const ImVec2 text = ImGui::CalcTextSize(heading.c_str(), nullptr, false, wrap);
    if (ImGui::Selectable("##event", e.week == view.cursor, ImGuiSelectableFlags_None,
                          ImVec2(0.0f, text.y))) {
      view.cursor = static_cast<int>(e.week);
      followed_cursor_ = view.cursor;  // clicked here: do not jump
    }
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(ImVec2(at.x, at.y + 3.0f), ImVec2(at.x + swatch, at.y + 3.0f + swatch),
                        s.colour);
    list->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + indent, at.y),
                  ImGui::GetColorU32(ImGuiCol_Text), heading.c_str(), nullptr, wrap);
    if (ImGui::IsItemHovered()) {
      const std::string actor = e.actor >= 0 ? "\nPerson " + std::to_string(e.actor) : "";
      const std::string times =
          e.times > 1 ? "\n" + std::to_string(e.times) +
                            " events said in the same words this year, told once (tick \"List "
                            "each repeat\" to see each)"
                      : "";
      ImGui::SetTooltip(
          "%s\n%s %s%s%s\nIn the results file: %s\nClick to move the week marker here.",
          s.label.c_str(), std::string(tone_mark(e.tone)).c_str(),
          std::string(tone_meaning(e.tone)).c_str(), actor.c_str(), times.c_str(), e.kind.c_str());
    }
    // With every scenario shown, say whose event it is in words, not only
    // by the colour of the square.
    const std::string detail =
        scenario_ < 0 ? s.label + (e.detail.empty() ? "" : ". " + e.detail) : e.detail;
    if (!detail.empty()) {
      ImGui::Indent(swatch + ImGui::GetStyle().ItemSpacing.x);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", detail.c_str());
      ImGui::PopStyleColor();
      ImGui::Unindent(swatch + ImGui::GetStyle().ItemSpacing.x);
    }
    ImGui::PopID();
  }
  if (story.empty()) ImGui::TextDisabled("No events of this kind in this run.");
  ImGui::EndChild();
}

}  // namespace loom::viewer
