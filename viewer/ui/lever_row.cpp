#include "viewer/ui/lever_row.hpp"

#include <imgui.h>

#include <cmath>
#include <string>

#include "viewer/data/lever_steps.hpp"
#include "viewer/ui/layout_check.hpp"

namespace loom::viewer {
namespace {

// Slider values travel as float; snap them to round steps (about a hundred
// across the range) so a dragged lever lands on 0.02, not 0.019, and reads
// and saves as what the room said.
double tidy(float value, const ParameterInfo& info) {
  return snap_to_step(static_cast<double>(value), lever_step(info.min, info.max), info.min,
                      info.max);
}

void lever_tooltip(const ParameterInfo& info, std::string_view section, double preset,
                   bool applies) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  if (!applies) {
    ImGui::Text("Has no effect now: applies only when %s.", std::string(info.applies_when).c_str());
    ImGui::Spacing();
  }
  ImGui::TextUnformatted(std::string(info.description).c_str());
  ImGui::Spacing();
  ImGui::TextDisabled("Allowed: %s", describe_range(info).c_str());
  ImGui::TextDisabled("Preset value: %s", format_value(info, preset).c_str());
  ImGui::TextDisabled("In scenario files: [%s] %s", std::string(section).c_str(),
                      std::string(info.key).c_str());
  ImGui::TextDisabled("Source: %s", std::string(info.source).c_str());
  if (!info.fixed_at_start.empty()) {
    ImGui::TextDisabled("Fixed at the start of a run (%s): it cannot be a planned change.",
                        std::string(info.fixed_at_start).c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// The label wrapped to the sidebar, its unit after it when it fits.
void label_lines(const LeverRow& row) {
  const ParameterInfo& info = *row.info;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(std::string(info.label).c_str());
  ImGui::PopTextWrapPos();
  lever_tooltip(info, row.section, row.preset, row.applies);
  if (info.unit.empty()) return;
  const std::string unit = "(" + std::string(info.unit) + ")";
  same_line_if_fits(ImGui::CalcTextSize(unit.c_str()).x);
  ImGui::TextDisabled("%s", unit.c_str());
}

// The control itself, across the full width; kChanged once it was let go.
LeverAction control(const LeverRow& row, double& v, ViewState& view) {
  const ParameterInfo& info = *row.info;
  const std::string name(info.label);
  ImGui::SetNextItemWidth(-1.0f);
  switch (info.kind) {
    case ValueKind::kReal: {
      auto f = static_cast<float>(v);
      const std::string format = step_format(lever_step(info.min, info.max));
      if (ImGui::SliderFloat("##v", &f, static_cast<float>(info.min), static_cast<float>(info.max),
                             format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
        v = tidy(f, info);
      }
      check_control(view, name);
      return ImGui::IsItemDeactivatedAfterEdit() ? LeverAction::kChanged : LeverAction::kNone;
    }
    case ValueKind::kInteger: {
      int n = static_cast<int>(std::lround(v));
      if (ImGui::SliderInt("##v", &n, static_cast<int>(info.min), static_cast<int>(info.max), "%d",
                           ImGuiSliderFlags_AlwaysClamp)) {
        v = n;
      }
      check_control(view, name);
      return ImGui::IsItemDeactivatedAfterEdit() ? LeverAction::kChanged : LeverAction::kNone;
    }
    case ValueKind::kBoolean: {
      bool b = v != 0.0;
      const bool toggled = ImGui::Checkbox("##v", &b);
      check_control(view, name, Reach::kStart);
      if (!toggled) return LeverAction::kNone;
      v = b ? 1.0 : 0.0;
      return LeverAction::kChanged;
    }
    case ValueKind::kPath:
      // A file (an edge list, a table of schools) is the scenario's: no lever.
      ImGui::TextDisabled("a file, set in the scenario");
      return LeverAction::kNone;
    case ValueKind::kNames:
      ImGui::TextDisabled("a list of schools, set in the scenario");
      return LeverAction::kNone;
    case ValueKind::kChoice: {
      LeverAction action = LeverAction::kNone;
      for (std::size_t k = 0; k < info.choices.size(); ++k) {
        const std::string choice(info.choices[k]);
        if (k > 0) {  // choices wrap onto the next line rather than run off
          same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                            ImGui::CalcTextSize(choice.c_str()).x);
        }
        if (ImGui::RadioButton(choice.c_str(), static_cast<std::size_t>(v) == k)) {
          v = static_cast<double>(k);
          action = LeverAction::kChanged;
        }
        check_control(view, name + ": " + choice, Reach::kStart);
      }
      return action;
    }
  }
  return LeverAction::kNone;
}

}  // namespace

LeverAction draw_lever_row(const LeverRow& row, double& value, ViewState& view) {
  const ParameterInfo& info = *row.info;
  ImGui::BeginDisabled(!row.applies);
  label_lines(row);
  LeverAction action = control(row, value, view);
  lever_tooltip(info, row.section, row.preset, row.applies);
  if (row.reveal) ImGui::SetScrollHereY(0.35f);
  if (value != row.preset) {
    // Under the control, a line of their own (see the header).
    if (checked_small_button(view, "back to preset")) action = LeverAction::kBackToPreset;
    // Turn the move into a planned change: the lever keeps its preset
    // value until the start of year N, then takes the slider's value.
    if (info.fixed_at_start.empty()) {
      const std::string from = "from year " + std::to_string(row.plan_year);
      same_line_if_fits(button_width(from.c_str()));
      if (checked_small_button(view, from.c_str())) action = LeverAction::kPlan;
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "Keep the preset value until year %d, then set this lever to the slider's value "
            "(a planned change; choose the year under \"Planned changes\")",
            row.plan_year);
      }
    }
    view.report.push_back("lever-buttons \"" + std::string(info.label) + "\"");
  }
  ImGui::EndDisabled();
  return action;
}

}  // namespace loom::viewer
