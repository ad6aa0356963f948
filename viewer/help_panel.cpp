#include "help_panel.hpp"

#include <imgui.h>

namespace loom::viewer {
namespace {

struct Shortcut {
  const char* keys;
  const char* action;
};

// Kept in step with App::handle_keys (app.cpp).
constexpr Shortcut kShortcuts[] = {
    {"F1", "Show or hide this help"},
    {"1 / 2 / 3", "Compare results / What if / Trust network"},
    {"Ctrl+O", "Open a results file (or drop files onto the window)"},
    {"Left / Right", "Move the week marker one week"},
    {"Page Up / Page Down", "Move the week marker one school year"},
    {"Home / End", "Week marker to the first / last week"},
    {"Esc", "Remove the week marker"},
    {"Space", "Play or pause the trust network over time"},
    {"B", "What if: pin the current picture as a baseline"},
    {"Ctrl+S", "What if: save the current settings as a scenario file"},
    {"Ctrl+P", "Save a picture (PNG) of the window in out/"},
    {"Ctrl+E", "Save the plotted numbers (CSV) in out/"},
    {"Ctrl+Plus / Ctrl+Minus / Ctrl+0", "Larger / smaller / normal text (for projectors)"},
    {"D", "Dark or light colours"},
    {"F11", "Full screen"},
    {"Ctrl+Q", "Quit"},
};

}  // namespace

void draw_help(bool* open) {
  if (!*open) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.6f, viewport->WorkSize.y * 0.75f),
                           ImGuiCond_Appearing);
  if (!ImGui::Begin("Help", open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped(
      "Loom simulates a school over several years under a leadership style. Each scenario is "
      "run many times (runs differ by chance: who leaves, who learns what). In the plots, the "
      "line is the middle run, the dark band holds the middle half of runs and the light band "
      "9 runs in 10. Hover over a plot to read the numbers; click to put the week marker "
      "there; the marker is shared by every plot, the story and the network.");
  ImGui::Spacing();
  ImGui::TextWrapped(
      "What if: pick the scenarios to compare, then move a lever on the left. When you let go, "
      "every scenario is run again and the picture updates. Hover over a lever for what it "
      "means in the model and where its default comes from.");
  ImGui::Spacing();
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("Key", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Does", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& s : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.keys);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.action);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextDisabled("Command line: loom-viewer --help");
  ImGui::End();
}

}  // namespace loom::viewer
