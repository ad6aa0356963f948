#include "viewer/ui/strategy_panel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "viewer/data/school_network_data.hpp"
#include "viewer/data/time_axis.hpp"
#include "viewer/ui/layout_check.hpp"
#include "viewer/ui/plot.hpp"

namespace loom::viewer {
namespace {

constexpr const char* kAdopted = "adopted_share";
constexpr const char* kTercileNames[3] = {"Low-poverty schools", "Middle-poverty schools",
                                          "High-poverty schools"};
// Axis labels: the longest that fits under its group of bars.
constexpr const char* kTercileLabels[3][3] = {
    {"Low poverty", "Low", "L"}, {"Middle poverty", "Middle", "M"}, {"High poverty", "High", "H"}};

void adoption_curves(std::span<const ShownScenario> scenarios, ViewState& view, float height) {
  // In percent, as the bars beside it (it was a share, 0.4, beside 40%).
  const auto percent_of = [](std::vector<double> v) {
    for (double& x : v) x *= 100.0;
    return v;
  };
  std::vector<plot::Line> lines;
  int exit_step = -1;
  for (const auto& s : scenarios) {
    const int m = s.data->metric_index(kAdopted);
    if (m < 0) continue;
    const SeriesBands& b = s.data->bands[static_cast<std::size_t>(m)];
    lines.push_back({s.label, s.colour, percent_of(b.median), percent_of(b.p25), percent_of(b.p75),
                     percent_of(b.p05), percent_of(b.p95), false,
                     scenarios.size() < 3 || &s == &scenarios[0]});
    if (exit_step < 0) exit_step = hub_exit_step(*s.data);
  }
  if (lines.empty()) return;
  plot::Options o;
  o.title = "Schools with the practice";
  o.title_tooltip =
      "Share of member schools working on the practice or running it as routine, week by "
      "week: the line is the median over runs, the bands hold the middle 50% and 90% of "
      "runs (with three or more scenarios, only the first keeps its bands).\nIn the results "
      "file: adopted_share";
  o.unit = "% of schools";
  if (exit_step >= 0) {  // the weeks after the first scenario with a hub exit lost its hub
    o.shade_from = exit_step;
    o.shade_label = "after the hub's funding ends";
    view.report.push_back("hub-exit-shaded " + std::to_string(exit_step));
  }
  o.height = height;
  o.cursor = view.cursor;
  o.external_hover = view.hover;
  const ScenarioData& d = *scenarios.front().data;
  const int weeks = d.time_label == "week" ? d.weeks_per_year : 0;
  o.year_length = weeks;
  o.step_label = [weeks, label = d.time_label](int step) {
    return time_point_label(step, weeks, label);
  };
  o.value_format = "%.0f%%";
  const plot::Result r = plot::line_plot("adoption-curves", lines, o);
  view.plots.push_back({o.title, r.area_min, r.area_max});
  check_area(view, "plot: " + o.title, r.area_min, r.area_max);
  if (r.hovered_step >= 0) view.hover_next = r.hovered_step;
  if (r.clicked) view.cursor = r.hovered_step;
}

std::string percent(double v) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", 100.0 * v);
  return buffer;
}

// Grouped bars with 95% intervals: one group per poverty tercile, one bar
// per scenario in its colour.
void tercile_bars(std::span<const ShownScenario> scenarios, ViewState& view, float height) {
  const float scale = ImGui::GetFontSize() / 16.0f;
  ImGui::TextUnformatted("At the end, by poverty");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Member schools are split into thirds by their share of students in poverty. Each bar: "
        "the mean over runs of the share of that third with the practice at the last week; the "
        "whisker is its 95%% interval (where the average would likely fall if the runs were "
        "repeated).\nIn the results file: adopted_share_low_poverty, _mid_poverty, "
        "_high_poverty at the last step");
  }
  std::vector<std::array<Estimate, 3>> estimates;
  for (const auto& s : scenarios) estimates.push_back(end_adoption_by_tercile(*s.data));

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 120.0f * scale);
  const float h = std::max(height - ImGui::GetTextLineHeightWithSpacing(), 80.0f * scale);
  ImGui::InvisibleButton("tercile-bars", ImVec2(width, h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const plot::Theme& theme = plot::theme();
  const float left = 44.0f * scale, bottom = ImGui::GetTextLineHeightWithSpacing() * 1.2f;
  const ImVec2 min(origin.x + left, origin.y + 6.0f * scale);
  const ImVec2 max(origin.x + width - 6.0f * scale, origin.y + h - bottom);
  list->AddRectFilled(min, max, theme.background);
  const auto y_of = [&](double v) {
    return max.y - static_cast<float>(std::clamp(v, 0.0, 1.0)) * (max.y - min.y);
  };
  for (int k = 0; k <= 4; ++k) {  // 0%, 25%, ..., 100%
    const double v = 0.25 * k;
    const float y = y_of(v);
    list->AddLine(ImVec2(min.x, y), ImVec2(max.x, y), theme.grid);
    const std::string label = percent(v);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    list->AddText(ImVec2(min.x - size.x - 4.0f * scale, y - size.y * 0.5f), theme.muted_text,
                  label.c_str());
  }
  list->AddLine(ImVec2(min.x, max.y), ImVec2(max.x, max.y), theme.axis);
  view.plots.push_back({"End adoption by poverty", min, max});
  check_area(view, "plot: End adoption by poverty", ImVec2(origin.x, min.y), max);

  const std::size_t n = scenarios.size();
  const float group = (max.x - min.x) / 3.0f;
  const float bar =
      std::min(group * 0.8f / static_cast<float>(std::max<std::size_t>(n, 1)), 60.0f * scale);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int bars = 0;
  for (int t = 0; t < 3; ++t) {
    const float g0 = min.x + group * static_cast<float>(t);
    const float x0 = g0 + (group - bar * static_cast<float>(n)) * 0.5f;
    const char* name = kTercileNames[t];
    const char* label = kTercileLabels[t][2];
    for (const char* candidate : kTercileLabels[t]) {
      if (ImGui::CalcTextSize(candidate).x <= group - 4.0f * scale) {
        label = candidate;
        break;
      }
    }
    const ImVec2 size = ImGui::CalcTextSize(label);
    list->AddText(ImVec2(g0 + (group - size.x) * 0.5f, max.y + 3.0f * scale), theme.text, label);
    for (std::size_t i = 0; i < n; ++i) {
      const Estimate& e = estimates[i][static_cast<std::size_t>(t)];
      if (e.count == 0) continue;
      const float a = x0 + bar * static_cast<float>(i) + 1.0f, b = a + bar - 2.0f;
      list->AddRectFilled(ImVec2(a, y_of(e.mean)), ImVec2(b, max.y), scenarios[i].colour);
      ++bars;
      if (e.count > 1) {  // the 95% interval as a whisker
        const float c = (a + b) * 0.5f, w = std::min(bar * 0.25f, 6.0f * scale);
        list->AddLine(ImVec2(c, y_of(e.ci_low)), ImVec2(c, y_of(e.ci_high)), theme.text,
                      1.5f * scale);
        list->AddLine(ImVec2(c - w, y_of(e.ci_low)), ImVec2(c + w, y_of(e.ci_low)), theme.text,
                      1.5f * scale);
        list->AddLine(ImVec2(c - w, y_of(e.ci_high)), ImVec2(c + w, y_of(e.ci_high)), theme.text,
                      1.5f * scale);
      }
      if (hovered && mouse.x >= a && mouse.x <= b && mouse.y >= min.y && mouse.y <= max.y) {
        ImGui::SetTooltip(
            "%s\n%s with the practice at the end: %s\n95%% interval %s to %s (%zu runs)",
            scenarios[i].label.c_str(), name, percent(e.mean).c_str(), percent(e.ci_low).c_str(),
            percent(e.ci_high).c_str(), e.count);
      }
    }
  }
  view.report.push_back("strategy-bars scenarios=" + std::to_string(n) +
                        " bars=" + std::to_string(bars));
}

}  // namespace

void draw_strategy_panel(std::span<const ShownScenario> scenarios, ViewState& view, float height) {
  std::vector<ShownScenario> with;
  for (const auto& s : scenarios) {
    if (s.data->metric_index(kAdopted) >= 0) with.push_back(s);
  }
  if (with.empty()) return;
  const float top = ImGui::GetCursorScreenPos().y;
  ImGui::TextUnformatted(with.size() >= 2 ? "Comparing strategies" : "How the practice spread");
  if (with.size() >= 2) {
    // In words: do the strategies differ at the end? (The bands overlap
    // often even when paired differences do not.)
    std::string differ;
    for (std::size_t i = 1; i < with.size(); ++i) {
      const Estimate d = end_difference(*with[0].data, *with[i].data, kAdopted);
      if (d.count > 1 && (d.ci_low > 0.0 || d.ci_high < 0.0)) {
        differ += (differ.empty() ? "" : "; ") + with[i].label + " " + (d.mean > 0 ? "+" : "") +
                  percent(d.mean) + " [" + percent(d.ci_low) + ", " + percent(d.ci_high) + "]";
      }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    if (differ.empty()) {
      ImGui::TextWrapped(
          "At the end they do not differ from %s: every 95%% interval of the difference "
          "includes 0.",
          with[0].label.c_str());
      view.report.push_back("strategies-differ none");
    } else {
      ImGui::TextWrapped("At the end, against %s: %s.", with[0].label.c_str(), differ.c_str());
      view.report.push_back("strategies-differ " + differ);
    }
    ImGui::PopStyleColor();
  }
  // What is left under the heading and the sentence (`height` is the
  // panel's; the sentence may wrap onto two lines).
  const float used = ImGui::GetCursorScreenPos().y - top;
  const float h = std::max(height - used - ImGui::GetTextLineHeightWithSpacing() * 0.5f,
                           160.0f * ImGui::GetFontSize() / 16.0f);
  // Side by side when each chart keeps 300 px (at font scale 1): a plot needs
  // 200 for itself and its axis labels, and narrower its area ran on under
  // the bars beside it. Else one above the other, the panel scrolling.
  const float scale = ImGui::GetFontSize() / 16.0f;
  if (ImGui::GetContentRegionAvail().x < 600.0f * scale) {
    adoption_curves(with, view, h);
    tercile_bars(with, view, h);
  } else if (ImGui::BeginTable("strategy", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextColumn();
    adoption_curves(with, view, h);
    ImGui::TableNextColumn();
    tercile_bars(with, view, h);
    ImGui::EndTable();
  }
}

}  // namespace loom::viewer
