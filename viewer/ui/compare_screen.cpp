#include "viewer/ui/compare_screen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viewer/data/event_story.hpp"
#include "viewer/data/metric_labels.hpp"
#include "viewer/data/time_axis.hpp"
#include "viewer/ui/key_summary_view.hpp"
#include "viewer/ui/layout_check.hpp"
#include "viewer/ui/plot.hpp"
#include "viewer/ui/summary_table_view.hpp"

namespace loom::viewer {
namespace {

constexpr const char* kMajority = "outcome_majority";
constexpr const char* kUnderserved = "outcome_underserved";
constexpr const char* kGap = "outcome_gap";

// With three or more scenarios, overlapping bands blend into a grey-brown
// nobody can read: then only the highlighted scenario keeps its bands.
bool draws_band(std::span<const ShownScenario> scenarios, const ShownScenario& s,
                const ViewState& view) {
  if (scenarios.size() < 3) return true;
  const auto index = static_cast<int>(&s - scenarios.data());
  return index == view.band_scenario;
}

plot::Line line_for(const ShownScenario& s, int metric, std::string label, bool dashed, bool band) {
  const SeriesBands& b = s.data->bands[static_cast<std::size_t>(metric)];
  return {std::move(label), s.colour, b.median, b.p25, b.p75, b.p05, b.p95, dashed, band};
}

// The key events of the run the story follows, as time-axis markers.
std::vector<plot::Marker> event_markers(std::span<const ShownScenario> scenarios,
                                        const ViewState& view) {
  const auto data = data_of(scenarios);
  // One marker per scenario and week (many champions leave at the end of a
  // year): the hover text lists what happened that week.
  std::vector<plot::Marker> markers;
  for (const StoryEntry& e : key_events(data, view.story_run)) {
    if (view.story_scenario >= 0 && e.scenario != view.story_scenario) continue;
    const ShownScenario& s = scenarios[static_cast<std::size_t>(e.scenario)];
    std::string line = e.headline + (e.detail.empty() ? "" : ": " + e.detail);
    const auto same = std::find_if(markers.begin(), markers.end(), [&](const plot::Marker& m) {
      return m.step == static_cast<int>(e.week) && m.colour == s.colour;
    });
    if (same != markers.end()) {
      same->text += "\n" + line;
      continue;
    }
    markers.push_back({static_cast<int>(e.week), s.colour,
                       e.when + ", " + s.label + ", school " + std::to_string(view.story_run + 1) +
                           ":\n" + line});
  }
  return markers;
}

plot::Options options_for(const std::string& metric, std::span<const ShownScenario> scenarios,
                          const ViewState& view) {
  const MetricText text = metric_text(metric);
  plot::Options o;
  o.title = text.label;
  o.title_tooltip = text.known ? text.term + "\nIn the results file: " + metric
                               : "In the results file: " + metric;
  o.unit = text.unit;
  o.height = 250.0f * ImGui::GetFontSize() / 16.0f;
  o.cursor = view.cursor;
  o.external_hover = view.hover;
  if (!scenarios.empty()) {
    const ScenarioData& d = *scenarios.front().data;
    const int weeks = d.time_label == "week" ? d.weeks_per_year : 0;
    o.year_length = weeks;
    o.step_label = [weeks, label = d.time_label](int step) {
      return time_point_label(step, weeks, label);
    };
  }
  return o;
}

void record(ViewState& view, const std::string& title, const plot::Result& r) {
  // Only the part on screen counts (plots may be scrolled out of view).
  const ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 lo = list->GetClipRectMin(), hi = list->GetClipRectMax();
  const ImVec2 a(std::max(r.area_min.x, lo.x), std::max(r.area_min.y, lo.y));
  const ImVec2 b(std::min(r.area_max.x, hi.x), std::min(r.area_max.y, hi.y));
  if (a.x < b.x && a.y < b.y) view.plots.push_back({title, a, b});
  check_area(view, "plot: " + title, r.area_min, r.area_max);
  if (r.hovered_step >= 0) view.hover_next = r.hovered_step;
  if (r.clicked) view.cursor = r.hovered_step;
  view.markers_drawn += r.markers_drawn;
}

// `height` 0: the usual height. `named` false: no legend (the scenarios'
// colours are named beside the plot, in presentation mode's table).
void metric_plot(const std::string& metric, std::span<const ShownScenario> scenarios,
                 ViewState& view, const std::vector<plot::Marker>& markers, float height = 0.0f,
                 bool named = true) {
  std::vector<plot::Line> lines;
  for (const auto& s : scenarios) {
    const int j = s.data->metric_index(metric);
    if (j >= 0) lines.push_back(line_for(s, j, s.label, false, draws_band(scenarios, s, view)));
  }
  if (lines.empty()) return;
  plot::Options o = options_for(metric, scenarios, view);
  o.markers = markers;
  if (height > 0.0f) o.height = height;
  o.show_legend = named;
  record(view, o.title, plot::line_plot(metric.c_str(), lines, o));
}

// Both student groups in one plot: solid = majority, dashed = underserved,
// so each scenario's gap is visible as the space between its two lines.
void subgroup_plot(std::span<const ShownScenario> scenarios, ViewState& view,
                   const std::vector<plot::Marker>& markers, float height = 0.0f,
                   bool named = true) {
  std::vector<plot::Line> lines;
  for (const auto& s : scenarios) {
    const int a = s.data->metric_index(kMajority), b = s.data->metric_index(kUnderserved);
    if (a < 0 || b < 0) continue;
    const bool band = draws_band(scenarios, s, view);
    lines.push_back(line_for(s, a, s.label + ": majority", false, band));
    lines.push_back(line_for(s, b, s.label + ": underserved", true, band));
  }
  if (lines.empty()) return;
  plot::Options o = options_for(kMajority, scenarios, view);
  o.markers = markers;
  if (height > 0.0f) o.height = height;
  // Legend: scenarios by colour, groups by line style (one row, not four).
  for (const auto& s : scenarios) {
    if (named && s.data->metric_index(kMajority) >= 0) {
      o.legend.push_back({s.label, s.colour, false});
    }
  }
  o.legend.push_back({"majority", plot::theme().muted_text, false});
  o.legend.push_back({"underserved", plot::theme().muted_text, true});
  o.title = "Student results by group";
  o.title_tooltip =
      "Mean outcome of the majority subgroup (solid) and of the historically underserved "
      "subgroup (dashed), in standard deviations (SD).\nIn the results file: outcome_majority, "
      "outcome_underserved";
  record(view, o.title, plot::line_plot("subgroups", lines, o));
}

// A scenario none of whose measures is chosen (a network of schools beside
// schools, after measures were ticked by hand) would be missing without a
// word: say which, and why.
void unplotted_note(std::span<const ShownScenario> scenarios,
                    const std::vector<std::string>& metrics, ViewState& view) {
  const auto data = data_of(scenarios);
  std::string names;
  for (const std::size_t i : unplotted_scenarios(data, metrics))
    names += (names.empty() ? "" : ", ") + scenarios[i].label;
  // Networks of schools beside schools: their plots come after the schools'.
  std::string networks;
  for (const auto& s : scenarios) {
    if (s.data->model != scenarios.front().data->model && names.find(s.label) == std::string::npos)
      networks += (networks.empty() ? "" : ", ") + s.label + " (" + s.data->model + ")";
  }
  if (!networks.empty()) {
    ImGui::TextWrapped(
        "%s: another model, which measures other things; its plots follow the "
        "%s scenarios' (scroll down).",
        networks.c_str(), scenarios.front().data->model.c_str());
    view.report.push_back("other-model " + networks);
  }
  if (names.empty()) return;
  const std::string note = "Not plotted: " + names +
                           ". None of the measures chosen under \"What to plot\" is theirs (a "
                           "network of schools measures other things than one school); tick "
                           "one of theirs there.";
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 40, 0, 255));
  ImGui::TextWrapped("%s", note.c_str());
  ImGui::PopStyleColor();
  view.report.push_back("unplotted " + names);
}

// With three or more scenarios: which one's bands to draw.
void band_chooser(std::span<const ShownScenario> scenarios, ViewState& view) {
  if (scenarios.size() < 3) return;
  if (view.band_scenario < 0 || view.band_scenario >= static_cast<int>(scenarios.size())) {
    view.band_scenario = 0;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Bands shown for:");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "With three or more scenarios the bands would overlap into one grey smear, so every "
        "scenario keeps its line and only the one chosen here shows its bands.");
  }
  if (view.present) {  // one line, not one per few scenarios: the plots need the height
    const std::string& label = scenarios[static_cast<std::size_t>(view.band_scenario)].label;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(
        std::min(ImGui::CalcTextSize(label.c_str()).x + ImGui::GetFrameHeight() * 2.0f,
                 ImGui::GetContentRegionAvail().x));
    const bool open = ImGui::BeginCombo("##bands", label.c_str());
    if (!open) check_control(view, "Bands shown for");
    if (open) {
      for (std::size_t i = 0; i < scenarios.size(); ++i) {
        if (ImGui::Selectable(scenarios[i].label.c_str(),
                              view.band_scenario == static_cast<int>(i)))
          view.band_scenario = static_cast<int>(i);
      }
      ImGui::EndCombo();
    }
    return;
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float w = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
                    ImGui::CalcTextSize(scenarios[i].label.c_str()).x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_CheckMark, scenarios[i].colour);
    if (ImGui::RadioButton(scenarios[i].label.c_str(), view.band_scenario == static_cast<int>(i))) {
      view.band_scenario = static_cast<int>(i);
    }
    check_control(view, "Bands shown for " + scenarios[i].label, Reach::kStart);
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
}

// Presentation mode (F5): one or two large plots (students by group, then
// the gap, then the chosen measures) over the summary's key columns
// (key_summary_view.hpp), sized to the window so that a room sees all of it
// without scrolling sideways. The table names each scenario's colour, so the
// plots drop their scenario legends (two lines at five scenarios) for height. Two plots side by
// side only when each stays at least 420 px (at font scale 1) wide: narrower, a plot's legend wraps
// and eats its height, so one wide plot reads better.
void presentation(std::span<const ShownScenario> scenarios, const std::vector<std::string>& metrics,
                  ViewState& view, bool show_summary, const std::vector<plot::Marker>& markers) {
  band_chooser(scenarios, view);
  std::vector<std::string> plots;  // kMajority stands for the plot of both groups
  const auto has = [&](const char* m) {
    return std::any_of(scenarios.begin(), scenarios.end(),
                       [m](const auto& s) { return s.data->metric_index(m) >= 0; });
  };
  if (has(kMajority) && has(kUnderserved)) plots.emplace_back(kMajority);
  if (has(kGap)) plots.emplace_back(kGap);
  for (const auto& m : metrics) {
    if (!is_subgroup_metric(m)) plots.push_back(m);
  }
  const float scale = ImGui::GetFontSize() / 16.0f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const std::size_t shown = std::min<std::size_t>(plots.size(), avail.x >= 840.0f * scale ? 2 : 1);
  const float table = show_summary ? key_summary_height(scenarios, view) : 0.0f;
  const float height = std::clamp(avail.y - table - ImGui::GetStyle().ItemSpacing.y * 2.0f,
                                  160.0f * scale, std::max(avail.y * 0.7f, 160.0f * scale));
  if (shown > 0 && ImGui::BeginTable("present-plots", static_cast<int>(shown),
                                     ImGuiTableFlags_SizingStretchSame)) {
    for (std::size_t k = 0; k < shown; ++k) {
      ImGui::TableNextColumn();
      if (plots[k] == kMajority) {
        subgroup_plot(scenarios, view, markers, height, !show_summary);
      } else {
        metric_plot(plots[k], scenarios, view, markers, height, !show_summary);
      }
    }
    ImGui::EndTable();
  }
  if (show_summary) key_summary(scenarios, view);
}

}  // namespace

std::vector<std::string> available_metrics(std::span<const ShownScenario> scenarios) {
  std::vector<std::string> names;
  for (const auto& s : scenarios) {
    for (const auto& m : s.data->metrics) {
      if (std::find(names.begin(), names.end(), m) == names.end()) names.push_back(m);
    }
  }
  return names;
}

bool draw_metric_chooser(std::span<const ShownScenario> scenarios,
                         std::vector<std::string>& selected) {
  bool changed = false;
  for (const auto& metric : available_metrics(scenarios)) {
    if (is_subgroup_metric(metric)) continue;
    const MetricText text = metric_text(metric);
    bool on = std::find(selected.begin(), selected.end(), metric) != selected.end();
    if (ImGui::Checkbox((text.label + "##" + metric).c_str(), &on)) {
      if (on) {
        selected.push_back(metric);
      } else {
        selected.erase(std::remove(selected.begin(), selected.end(), metric), selected.end());
      }
      changed = true;
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s%sIn the results file: %s", text.term.c_str(),
                        text.term.empty() ? "" : "\n", metric.c_str());
    }
  }
  return changed;
}

void draw_comparison(std::span<const ShownScenario> scenarios,
                     const std::vector<std::string>& metrics, ViewState& view, bool show_summary) {
  if (scenarios.empty()) return;
  // What the picture shows, in one sentence.
  std::string runs;
  bool same_runs = true;
  for (const auto& s : scenarios) same_runs = same_runs && s.data->runs == scenarios[0].data->runs;
  if (same_runs) {
    runs = std::to_string(scenarios[0].data->runs) + " runs of each scenario";
  } else {
    for (const auto& s : scenarios) {
      runs += (runs.empty() ? "" : ", ") + s.label + " " + std::to_string(s.data->runs) + " runs";
    }
  }
  const auto markers = event_markers(scenarios, view);
  if (view.present) {  // the same in fewer words, one line: the room has the facilitator
    const std::string each =
        same_runs ? std::to_string(scenarios[0].data->runs) + " runs each" : runs;
    ImGui::TextWrapped("%s. Line: the middle run; bands: the middle half, 9 in 10.", each.c_str());
    presentation(scenarios, metrics, view, show_summary, markers);
    return;
  }
  ImGui::TextWrapped(
      "%s. Line: the middle (median) run. Dark band: the middle half of runs. Light band: 9 "
      "runs in 10.%s",
      runs.c_str(),
      markers.empty() ? ""
                      : " Triangles on the top edge: turning points in the school the story "
                        "follows (hover for what happened).");
  unplotted_note(scenarios, metrics, view);
  band_chooser(scenarios, view);

  const float scale = ImGui::GetFontSize() / 16.0f;
  const bool two_columns = ImGui::GetContentRegionAvail().x > 900.0f * scale;
  const ImGuiTableFlags grid = ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_PadOuterX;
  const bool subgroups = std::any_of(scenarios.begin(), scenarios.end(), [](const auto& s) {
    return s.data->metric_index(kMajority) >= 0 && s.data->metric_index(kUnderserved) >= 0;
  });
  const bool gap = std::any_of(scenarios.begin(), scenarios.end(),
                               [](const auto& s) { return s.data->metric_index(kGap) >= 0; });

  std::vector<std::string> plots;
  std::string listed;  // for --verbose and the headless test
  for (const auto& m : metrics) {
    if (!is_subgroup_metric(m)) plots.push_back(m);
    listed += (listed.empty() ? "" : ",") + m;
  }
  view.report.push_back("plotted-measures " + listed);
  if (ImGui::BeginTable("plots", two_columns ? 2 : 1, grid)) {
    if (subgroups) {
      ImGui::TableNextColumn();
      subgroup_plot(scenarios, view, markers);
    }
    if (gap) {
      ImGui::TableNextColumn();
      metric_plot(kGap, scenarios, view, markers);
    }
    for (const auto& m : plots) {
      ImGui::TableNextColumn();
      metric_plot(m, scenarios, view, markers);
    }
    ImGui::EndTable();
  }
  if (show_summary) {
    const bool open = ImGui::CollapsingHeader("Summary at the end, with intervals",
                                              ImGuiTreeNodeFlags_DefaultOpen);
    if (view.scroll_to_summary) ImGui::SetScrollHereY(0.0f);
    if (open) {
      summary_tables(scenarios, view);
      yearly_tables_view(scenarios, view);
    }
  }
}

std::vector<PlottedSeries> plotted_series(std::span<const ShownScenario> scenarios,
                                          const std::vector<std::string>& metrics) {
  std::vector<std::string> names{kMajority, kUnderserved, kGap};
  for (const auto& m : metrics) {
    if (!is_subgroup_metric(m)) names.push_back(m);
  }
  std::vector<PlottedSeries> out;
  for (const auto& name : names) {
    for (const auto& s : scenarios) {
      const int j = s.data->metric_index(name);
      if (j >= 0) out.push_back({s.data.get(), s.label, j});
    }
  }
  return out;
}

}  // namespace loom::viewer
