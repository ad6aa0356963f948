#include "viewer/ui/help_panel.hpp"

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
    {"F5",
     "Presentation mode: side panels folded, one or two large plots and the summary's key "
     "columns, text for the room (also the View menu, or --present)"},
    {"1 / 2 / 3 / 4 / 5 / 6",
     "Compare results / What if / Staff network / Sensitivity (a sweep) / Network of schools / "
     "Calibration (a calibration file)"},
    {"Ctrl+O", "Open a results file (or drop files onto the window)"},
    {"Left / Right", "Move the week marker one week"},
    {"Page Up / Page Down", "Move the week marker one school year"},
    {"Home / End", "Week marker to the first / last week"},
    {"Esc", "Remove the week marker"},
    {"Space", "Play or pause the staff network or the network of schools over time"},
    {"B", "What if: pin the current picture as a baseline"},
    {"Ctrl+Z / Ctrl+Y", "What if: undo / redo the last lever change (also Ctrl+Shift+Z)"},
    {"Ctrl+S", "What if: save the current settings as a scenario file"},
    {"Ctrl+P", "Save a picture (PNG) of the window in out/"},
    {"Ctrl+E", "Save the plotted numbers (CSV) in out/"},
    {"Ctrl+H", "Save a printable handout (PDF) of the comparison in out/"},
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
  const auto heading = [](const char* text) {
    ImGui::Spacing();
    ImGui::TextUnformatted(text);
    ImGui::Separator();
  };
  heading("An illustrative model");
  ImGui::TextWrapped(
      "Loom simulates a school over several years under a leadership style. It is a model for "
      "thinking with, not a forecast: how strongly trust, turnover or a lever moves student "
      "results follows from assumptions stated for every parameter (hover a lever to see its "
      "source; docs/parameters.md lists them all). Compare scenarios with each other, and ask "
      "why they differ; do not read the numbers as what a real school will see.");
  heading("Reading the numbers: SD, bands and intervals");
  ImGui::TextWrapped(
      "SD (standard deviation) is the unit of student results, as in education research: 1 SD "
      "is the spread of students' results at the start. For scale: 0.1 SD moves a typical "
      "student about 4 percentile points (from the 50th to about the 54th).");
  ImGui::Spacing();
  ImGui::TextWrapped(
      "Each scenario is run many times; runs differ by chance (who leaves, which ideas are "
      "tried). Think of each run as one simulated school. In the plots, the line is the middle "
      "(median) school; the dark band holds the middle half of schools; the light band holds 9 "
      "schools in 10. The bands answer: how differently could things turn out for one school?");
  ImGui::Spacing();
  ImGui::TextWrapped(
      "The summary table gives the mean over all runs with a 95%% interval for that mean. The "
      "interval answers a different question: how sure are we about the average? It narrows "
      "with more runs, so it is much narrower than the bands. A difference whose interval "
      "excludes 0 is a real difference in the model, not chance; it can still be small.");
  ImGui::Spacing();
  ImGui::TextWrapped(
      "Differences are paired when scenarios share seed and number of runs: school i of both "
      "scenarios starts the same and meets the same chance events, so only the leadership "
      "differs. With three or more scenarios only one scenario's bands are drawn (choose which "
      "above the plots). Triangles on a plot's top edge mark turning points (the principal "
      "leaving, an initiative collapsing, a well-connected teacher leaving) in the school the "
      "story follows.");
  heading("Using the viewer");
  ImGui::TextWrapped(
      "Hover over a plot to read the numbers; click to put the week marker there; the marker "
      "is shared by every plot, the story and the network. What if: pick the scenarios to "
      "compare, then move a lever on the left. When you let go, the changed scenario is run "
      "again and the picture updates; Ctrl+Z undoes a change. On a projector press F5: the side "
      "panels fold away (the What-if levers stay), the plots grow, and the summary shows, for "
      "one measure at a time, each scenario's mean and its difference from the reference with "
      "their intervals, saying in words whether each interval excludes 0.");
  heading("Keys");
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("Key", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Does", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& s : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.keys);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", s.action);  // long lines wrap at a projector's font size
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextDisabled("Command line: loom-viewer --help");
  ImGui::End();
}

}  // namespace loom::viewer
