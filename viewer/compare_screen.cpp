#include "compare_screen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "metric_labels.hpp"
#include "plot.hpp"
#include "summary_compare.hpp"
#include "time_axis.hpp"

namespace loom::viewer {
namespace {

constexpr const char* kMajority = "outcome_majority";
constexpr const char* kUnderserved = "outcome_underserved";
constexpr const char* kGap = "outcome_gap";

plot::Line line_for(const ShownScenario& s, int metric, std::string label, bool dashed) {
  const SeriesBands& b = s.data->bands[static_cast<std::size_t>(metric)];
  return {std::move(label), s.colour, b.median, b.p25, b.p75, b.p05, b.p95, dashed};
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
  if (r.hovered_step >= 0) view.hover_next = r.hovered_step;
  if (r.clicked) view.cursor = r.hovered_step;
}

void metric_plot(const std::string& metric, std::span<const ShownScenario> scenarios,
                 ViewState& view) {
  std::vector<plot::Line> lines;
  for (const auto& s : scenarios) {
    const int j = s.data->metric_index(metric);
    if (j >= 0) lines.push_back(line_for(s, j, s.label, false));
  }
  if (lines.empty()) return;
  const plot::Options o = options_for(metric, scenarios, view);
  record(view, o.title, plot::line_plot(metric.c_str(), lines, o));
}

// Both student groups in one plot: solid = majority, dashed = underserved,
// so each scenario's gap is visible as the space between its two lines.
void subgroup_plot(std::span<const ShownScenario> scenarios, ViewState& view) {
  std::vector<plot::Line> lines;
  for (const auto& s : scenarios) {
    const int a = s.data->metric_index(kMajority), b = s.data->metric_index(kUnderserved);
    if (a < 0 || b < 0) continue;
    lines.push_back(line_for(s, a, s.label + ": majority", false));
    lines.push_back(line_for(s, b, s.label + ": underserved", true));
  }
  if (lines.empty()) return;
  plot::Options o = options_for(kMajority, scenarios, view);
  // Legend: scenarios by colour, groups by line style (one row, not four).
  for (const auto& s : scenarios) {
    if (s.data->metric_index(kMajority) >= 0) o.legend.push_back({s.label, s.colour, false});
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

std::string number(double v) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, std::fabs(v) >= 10.0 ? "%.1f" : "%.3f", v);
  return buffer;
}

std::string interval(const Estimate& e, bool sign) {
  const std::string mean = (sign && e.mean >= 0 ? "+" : "") + number(e.mean);
  return mean + "  [" + number(e.ci_low) + ", " + number(e.ci_high) + "]";
}

void summary_table(std::span<const ShownScenario> scenarios) {
  std::vector<const ScenarioData*> data;
  for (const auto& s : scenarios) data.push_back(s.data.get());
  const auto rows = summary_rows(data);
  if (rows.empty()) {
    ImGui::TextDisabled("These results have no summary table.");
    return;
  }
  ImGui::TextWrapped(
      "Mean over runs at the end, with a 95%% interval for the mean. Differences are each "
      "scenario minus %s; when two scenarios share seed and number of runs, each run is "
      "compared with its twin (same random draws), which gives narrower, fair intervals.",
      scenarios.front().label.c_str());
  const int n = static_cast<int>(scenarios.size());
  const int columns = 1 + n + (n - 1);  // measure, each scenario, each difference
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("summary", columns, flags)) return;
  ImGui::TableSetupColumn("Measure", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  for (const auto& s : scenarios) ImGui::TableSetupColumn(s.label.c_str());
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    ImGui::TableSetupColumn((scenarios[i].label + " - " + scenarios[0].label).c_str());
  }
  ImGui::TableHeadersRow();
  for (const SummaryRow& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const MetricText text = metric_text(row.field);
    ImGui::TextUnformatted(text.label.c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s%sIn the results file: %s", text.term.c_str(),
                        text.term.empty() ? "" : "\n", row.field.c_str());
    }
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      ImGui::TableNextColumn();
      if (row.present[i]) {
        ImGui::TextUnformatted(interval(row.estimates[i], false).c_str());
      } else {
        ImGui::TextDisabled("-");
      }
    }
    for (std::size_t i = 1; i < scenarios.size(); ++i) {
      ImGui::TableNextColumn();
      if (!row.present[0] || !row.present[i]) {
        ImGui::TextDisabled("-");
        continue;
      }
      ImGui::TextUnformatted(interval(row.differences[i], true).c_str());
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(row.paired[i]
                              ? "Paired by run: run i of both scenarios used the same random "
                                "draws."
                              : "Independent samples (different seeds or run counts): "
                                "Welch's interval.");
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace

bool is_subgroup_metric(const std::string& metric) {
  return metric == kMajority || metric == kUnderserved || metric == kGap;
}

std::vector<std::string> available_metrics(std::span<const ShownScenario> scenarios) {
  std::vector<std::string> names;
  for (const auto& s : scenarios) {
    for (const auto& m : s.data->metrics) {
      if (std::find(names.begin(), names.end(), m) == names.end()) names.push_back(m);
    }
  }
  return names;
}

std::vector<std::string> default_metrics(const std::vector<std::string>& available) {
  static const char* const kPreferred[] = {
      "outcome_mean",         "code_knowledge", "staff_knowledge", "belief_diversity", "trust_mean",
      "psychological_safety", "burnout_mean",   "champions",       "cycles_completed"};
  std::vector<std::string> chosen;
  for (const char* m : kPreferred) {
    if (std::find(available.begin(), available.end(), m) != available.end()) chosen.push_back(m);
    if (chosen.size() == 6) break;
  }
  if (chosen.empty()) {  // an unfamiliar model: its first metrics
    for (const auto& m : available) {
      if (chosen.size() < 4 && !is_subgroup_metric(m)) chosen.push_back(m);
    }
  }
  return chosen;
}

void draw_metric_chooser(std::span<const ShownScenario> scenarios,
                         std::vector<std::string>& selected) {
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
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s%sIn the results file: %s", text.term.c_str(),
                        text.term.empty() ? "" : "\n", metric.c_str());
    }
  }
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
  ImGui::TextWrapped(
      "%s. Line: the middle (median) run. Dark band: the middle half of runs. Light band: 9 "
      "runs in 10.",
      runs.c_str());

  const float scale = ImGui::GetFontSize() / 16.0f;
  const bool two_columns = ImGui::GetContentRegionAvail().x > 900.0f * scale;
  const ImGuiTableFlags grid = ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_PadOuterX;
  const bool subgroups = std::any_of(scenarios.begin(), scenarios.end(), [](const auto& s) {
    return s.data->metric_index(kMajority) >= 0 && s.data->metric_index(kUnderserved) >= 0;
  });
  const bool gap = std::any_of(scenarios.begin(), scenarios.end(),
                               [](const auto& s) { return s.data->metric_index(kGap) >= 0; });

  std::vector<std::string> plots;
  for (const auto& m : metrics) {
    if (!is_subgroup_metric(m)) plots.push_back(m);
  }
  if (ImGui::BeginTable("plots", two_columns ? 2 : 1, grid)) {
    if (subgroups) {
      ImGui::TableNextColumn();
      subgroup_plot(scenarios, view);
    }
    if (gap) {
      ImGui::TableNextColumn();
      metric_plot(kGap, scenarios, view);
    }
    for (const auto& m : plots) {
      ImGui::TableNextColumn();
      metric_plot(m, scenarios, view);
    }
    ImGui::EndTable();
  }
  if (show_summary && ImGui::CollapsingHeader("Summary at the end, with intervals",
                                              ImGuiTreeNodeFlags_DefaultOpen)) {
    summary_table(scenarios);
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
