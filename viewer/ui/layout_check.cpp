#include "viewer/ui/layout_check.hpp"

// ImGui's internals: the current window's clip rectangle and scroll state,
// and the list of windows (Debian's libimgui-dev 1.86 ships the header).
#include <imgui_internal.h>

#include <algorithm>
#include <string>

namespace loom::viewer {
namespace {

// Rounding: ImGui places items on whole pixels but clip rectangles may end
// half a pixel short, which is nothing anyone could see.
constexpr float kSlack = 1.0f;

bool inside(float lo, float hi, float clip_lo, float clip_hi) {
  return lo >= clip_lo - kSlack && hi <= clip_hi + kSlack;
}

// True when `window` is `ancestor` or lies inside it.
bool within(const ImGuiWindow* window, const ImGuiWindow* ancestor) {
  for (const ImGuiWindow* w = window; w; w = w->ParentWindow) {
    if (w == ancestor) return true;
  }
  return false;
}

// Which window shown above `window` covers `r`, if any: another panel
// overlapping this one (a layout fault), or a window in front of it (an open
// help panel). Tooltips and popups come and go with the mouse: not counted.
const ImGuiWindow* covered_by(const ImGuiWindow* window, const ImRect& r) {
  const ImGuiContext& g = *GImGui;
  int own_root = -1;
  for (int i = 0; i < g.Windows.Size; ++i) {
    if (g.Windows[i] == window->RootWindow) own_root = i;
  }
  for (int i = 0; i < g.Windows.Size; ++i) {
    const ImGuiWindow* other = g.Windows[i];
    // ImGui's "Debug##Default" window stands behind every frame, unseen.
    if (!(other->Active || other->WasActive) || other->Hidden || other->IsFallbackWindow) continue;
    if (other->Flags & (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) continue;
    if (within(window, other) || within(other, window)) continue;
    if (!other->Rect().Overlaps(r)) continue;
    // A sibling panel of the same root window overlaps by layout; another
    // root window covers only when it is drawn later (display order).
    if (other->RootWindow == window->RootWindow || i > own_root) return other;
  }
  return nullptr;
}

void check(ViewState& view, std::string_view name, ImRect r, Reach reach) {
  ++view.controls;
  const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
  if (reach == Reach::kStart) {  // the box of a checkbox or radio button
    r.Max.x = std::min(r.Max.x, r.Min.x + ImGui::GetFrameHeight());
  }
  const ImRect& clip = window->ClipRect;  // the panel, or the table column
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const ImVec2 screen_lo = viewport->Pos;
  const ImVec2 screen_hi(viewport->Pos.x + viewport->Size.x, viewport->Pos.y + viewport->Size.y);
  std::string why;
  // Sideways nothing is reached by scrolling: a control past the right edge
  // (the lever buttons on the label's line) is lost.
  if (!inside(r.Min.x, r.Max.x, clip.Min.x, clip.Max.x) ||
      !inside(r.Min.x, r.Max.x, screen_lo.x, screen_hi.x)) {
    why = "cut off sideways";
  } else if (!inside(r.Min.y, r.Max.y, clip.Min.y, clip.Max.y) && !window->ScrollbarY) {
    why = "below or above a panel that does not scroll";  // never reached
  } else if (const ImGuiWindow* other = covered_by(window, r)) {
    why = std::string("under ") + other->Name;
  }
  if (why.empty()) return;
  view.hidden.push_back(std::string(name) + ": " + why);
}

}  // namespace

void check_control(ViewState& view, std::string_view name, Reach reach) {
  check(view, name, ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), reach);
}

void check_area(ViewState& view, std::string_view name, ImVec2 min, ImVec2 max) {
  check(view, name, ImRect(min, max), Reach::kWhole);
}

void check_tab(ViewState& view, const char* label) {
  // A tab bar narrower than its tabs shrinks every tab and ends each label
  // with "...": the facilitator read "Compa... What if... Trust n...".
  const float needed = ImGui::TabItemCalcSize(label, false).x;
  const bool cut = ImGui::GetItemRectSize().x + kSlack < needed;
  view.report.push_back(std::string("tab-label \"") + label + (cut ? "\" cut" : "\" whole"));
}

bool checked_button(ViewState& view, const char* label) {
  const bool pressed = ImGui::Button(label);
  check_control(view, label);
  return pressed;
}

bool checked_small_button(ViewState& view, const char* label) {
  const bool pressed = ImGui::SmallButton(label);
  check_control(view, label);
  return pressed;
}

bool visible_sideways(float x0, float x1) {
  const ImRect& visible = ImGui::GetCurrentWindowRead()->InnerClipRect;
  return inside(x0, x1, visible.Min.x, visible.Max.x);
}

void report_layout(ViewState& view) {
  int tabs = 0, cut = 0;
  for (const auto& line : view.report) {
    if (line.rfind("tab-label ", 0) != 0) continue;
    ++tabs;
    if (line.ends_with(" cut")) ++cut;
  }
  view.report.push_back("clipped-tabs " + std::to_string(cut) + " of " + std::to_string(tabs));
  view.report.push_back("hidden-controls " + std::to_string(view.hidden.size()) + " of " +
                        std::to_string(view.controls));
  for (const auto& h : view.hidden) view.report.push_back("hidden-control \"" + h + "\"");
  view.report.push_back("sideways-cells " + std::to_string(view.sideways_cells));
}

void same_line_if_fits(float width) {
  // The panel's right edge, or the table column's when in a table.
  const float right = ImGui::GetContentRegionMaxAbs().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) {
    ImGui::SameLine();
  }
}

float button_width(const char* label) {
  // SmallButton drops only the vertical padding: both are this wide.
  return ImGui::CalcTextSize(label, nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x;
}

}  // namespace loom::viewer
