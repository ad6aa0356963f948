#include "viewer/ui/status_line.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "viewer/ui/layout_check.hpp"

namespace loom::viewer {

void draw_status_line(ViewState& view, bool* help) {
  // Status line: the last message on the left; on the right, always, what
  // kind of numbers these are, with a link to how to read them.
  const char* note = "Illustrative model: effect sizes follow from stated assumptions.";
  const char* link = "How to read this (F1)";
  const ImGuiStyle& style = ImGui::GetStyle();
  const float note_width = ImGui::CalcTextSize(note).x + style.ItemSpacing.x +
                           ImGui::CalcTextSize(link).x + style.FramePadding.x * 2.0f;
  const float status_room = ImGui::GetContentRegionAvail().x - note_width - style.ItemSpacing.x;
  if (view.status_is_error) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 40, 0, 255));
  ImGui::AlignTextToFramePadding();
  const std::string status = view.status.empty() ? "F1: help and keyboard shortcuts" : view.status;
  ImGui::PushClipRect(ImGui::GetCursorScreenPos(),
                      ImVec2(ImGui::GetCursorScreenPos().x + std::max(status_room, 0.0f),
                             ImGui::GetCursorScreenPos().y + ImGui::GetFrameHeight()),
                      true);
  ImGui::TextUnformatted(status.c_str());
  ImGui::PopClipRect();
  if (ImGui::IsItemHovered() && ImGui::CalcTextSize(status.c_str()).x > status_room) {
    ImGui::SetTooltip("%s", status.c_str());
  }
  if (view.status_is_error) ImGui::PopStyleColor();
  ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMax().x - note_width, 0.0f));
  ImGui::TextUnformatted(note);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Loom is a teaching model, not a forecast. How strongly trust, turnover or a lever "
        "moves student results follows from assumptions stated for every parameter (hover a "
        "lever; docs/parameters.md). Use it to reason about mechanisms and trade-offs, not to "
        "predict a real school's numbers.");
  }
  ImGui::SameLine();
  if (checked_small_button(view, link)) *help = true;
  {
    const ImVec2 a = ImGui::GetItemRectMin();
    char line[160];
    std::snprintf(line, sizeof line, "illustrative-note %.0f %.0f", a.x, a.y);
    view.report.emplace_back(line);
  }
}

}  // namespace loom::viewer
