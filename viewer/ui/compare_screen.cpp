#include "viewer/ui/compare_screen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viewer/data/event_story.hpp"
#include "viewer/data/metric_labels.hpp"
#include "viewer/data/summary_compare.hpp"
#include "viewer/data/time_axis.hpp"
#include "viewer/ui/plot.hpp"

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
  std::vector<const ScenarioData*> data;
  for (const auto& s : scenarios) data.push_back(s.data.get());
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
  if (r.hovered_step >= 0) view.hover_next = r.hovered_step;
  if (r.clicked) view.cursor = r.hovered_step;
  view.markers_drawn += r.markers_drawn;
}

void metric_plot(const std::string& metric, std::span<const ShownScenario> scenarios,
                 ViewState& view, const std::vector<plot::Marker>& markers) {
  std::vector<plot::Line> lines;
  for (const auto& s : scenarios) {
    const int j = s.data->metric_index(metric);
    if (j >= 0) lines.push_back(line_for(s, j, s.label, false, draws_band(scenarios, s, view)));
  }
  if (lines.empty()) return;
  plot::Options o = options_for(metric, scenarios, view);
  o.markers = markers;
  record(view, o.title, plot::line_plot(metric.c_str(), lines, o));
}

// Both student groups in one plot: solid = majority, dashed = underserved,
// so each scenario's gap is visible as the space between its two lines.
void subgroup_plot(std::span<const ShownScenario> scenarios, ViewState& view,
                   const std::vector<plot::Marker>& markers) {
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

// Text in a table cell that reports (for --verbose and the headless test)
// when it is wider than its column, i.e. would be cut off.
void cell_text(const std::string& text, ViewState& view, bool muted = false, bool wrap = false) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float width = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap ? avail : -1.0f).x;
  if (width > avail + 0.5f) view.clipped.push_back(text);
  ++view.table_cells;
  if (muted) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  if (wrap) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
  } else {
    ImGui::TextUnformatted(text.c_str());
  }
  if (muted) ImGui::PopStyleColor();
}

// Widest single word: a wrapped header cannot be narrower than this.
float widest_word(const std::string& text) {
  float widest = 0.0f;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    widest = std::max(widest, ImGui::CalcTextSize(text.data() + start, text.data() + end).x);
    start = end + 1;
  }
  return widest;
}

// The summary table: one row per measure, per scenario the mean (top) and
// its 95% interval (below, muted), then each difference from the first.
// Columns are as wide as their numbers; headers wrap; the measure column
// stays put while the rest scrolls sideways when the window is narrow.
void summary_table(std::span<const ShownScenario> scenarios, ViewState& view) {
  std::vector<const ScenarioData*> data;
  for (const auto& s : scenarios) data.push_back(s.data.get());
  const auto rows = summary_rows(data);
  if (rows.empty()) {
    ImGui::TextDisabled("These results have no summary table.");
    return;
  }
  ImGui::TextWrapped(
      "Each cell: the mean over the runs at the end (top) and its 95%% interval (below): the "
      "range the average would likely fall in if the runs were repeated. It is much narrower "
      "than the bands in the plots, which show how far single schools spread. Differences "
      "are each scenario minus %s; when two scenarios share seed and number of runs, each run "
      "is compared with its twin (same chance events), which gives narrower, fair intervals.",
      scenarios.front().label.c_str());
  const std::size_t n = scenarios.size();
  const std::size_t columns = 1 + n + (n - 1);  // measure, each scenario, each difference

  // Headers and cell texts first, to size the columns.
  std::vector<std::string> headers{"Measure"};
  for (const auto& s : scenarios) headers.push_back(s.label);
  for (std::size_t i = 1; i < n; ++i) {
    headers.push_back(scenarios[i].label + " minus " + scenarios[0].label);
  }
  struct Cell {
    std::string top, bottom;
  };
  std::vector<std::vector<Cell>> cells(rows.size(), std::vector<Cell>(columns));
  std::vector<std::string> labels(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const SummaryRow& row = rows[r];
    labels[r] = metric_text(row.field).label;
    // One precision per row: counts in the tens get one decimal, shares and
    // SDs three, so a row's numbers line up and read alike.
    double largest = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (row.present[i] && std::isfinite(row.estimates[i].mean))
        largest = std::max(largest, std::fabs(row.estimates[i].mean));
    }
    const int d = largest >= 10.0 ? 1 : 3;
    for (std::size_t i = 0; i < n; ++i) {
      if (!row.present[i]) continue;
      const EstimateText t = estimate_text(row.estimates[i], d, false);
      cells[r][1 + i] = {t.top, t.bottom};
    }
    for (std::size_t i = 1; i < n; ++i) {
      if (!row.present[0] || !row.present[i]) continue;
      const EstimateText t = estimate_text(row.differences[i], d, true);
      cells[r][n + i] = {t.top, t.bottom};
    }
  }
  const float scale = ImGui::GetFontSize() / 16.0f;
  const ImGuiStyle& style = ImGui::GetStyle();
  std::vector<float> widths(columns, 0.0f);
  float longest_label = 0.0f;
  for (const auto& l : labels)
    longest_label = std::max(longest_label, ImGui::CalcTextSize(l.c_str()).x);
  widths[0] = std::max(std::min(longest_label, 190.0f * scale), widest_word(headers[0]));
  for (std::size_t c = 1; c < columns; ++c) {
    float w = 80.0f * scale;
    for (const auto& row : cells) {
      w = std::max({w, ImGui::CalcTextSize(row[c].top.c_str()).x,
                    ImGui::CalcTextSize(row[c].bottom.c_str()).x});
    }
    widths[c] = std::max(w, widest_word(headers[c])) + 2.0f * scale;
  }
  for (const auto& l : labels) widths[0] = std::max(widths[0], widest_word(l));
  widths[0] += 2.0f * scale;
  // With room to spare, headers get up to 220 px before they wrap.
  {
    std::vector<float> wider = widths;
    float total = 0.0f;
    for (std::size_t c = 1; c < columns; ++c) {
      wider[c] = std::max(
          widths[c], std::min(ImGui::CalcTextSize(headers[c].c_str()).x + 2.0f, 220.0f * scale));
    }
    for (float w : wider) total += w + style.CellPadding.x * 2.0f + 1.0f;
    if (total <= ImGui::GetContentRegionAvail().x) widths = std::move(wider);
  }

  // Height: wrapped header, two-line rows (or the wrapped label), and room
  // for the sideways scrollbar when the columns are wider than the space.
  const float line = ImGui::GetTextLineHeight();
  const float pad = style.CellPadding.y * 2.0f;
  float header = 0.0f;
  for (std::size_t c = 0; c < columns; ++c) {
    header = std::max(header, ImGui::CalcTextSize(headers[c].c_str(), nullptr, false, widths[c]).y);
  }
  float height = header + pad + 2.0f;
  for (const auto& l : labels) {
    height += std::max(2.0f * line + style.ItemSpacing.y,
                       ImGui::CalcTextSize(l.c_str(), nullptr, false, widths[0]).y) +
              pad + 1.0f;
  }
  float total_width = 0.0f;
  for (float w : widths) total_width += w + style.CellPadding.x * 2.0f + 1.0f;
  if (total_width > ImGui::GetContentRegionAvail().x) height += style.ScrollbarSize;
  height += 4.0f * scale;

  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("summary", static_cast<int>(columns), flags, ImVec2(0.0f, height))) {
    return;
  }
  ImGui::TableSetupScrollFreeze(1, 0);
  for (std::size_t c = 0; c < columns; ++c) {
    ImGui::TableSetupColumn(headers[c].c_str(), ImGuiTableColumnFlags_WidthFixed, widths[c]);
  }
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (std::size_t c = 0; c < columns; ++c) {
    ImGui::TableSetColumnIndex(static_cast<int>(c));
    cell_text(headers[c], view, false, true);
    if (c > n && ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Difference: %s minus %s (positive = higher in %s)",
                        scenarios[c - n].label.c_str(), scenarios[0].label.c_str(),
                        scenarios[c - n].label.c_str());
    }
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const SummaryRow& row = rows[r];
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    const MetricText text = metric_text(row.field);
    cell_text(labels[r], view, false, true);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s%s%s%s\nIn the results file: %s", text.term.c_str(),
                        text.unit.empty() ? "" : "\nUnit: ", text.unit.c_str(),
                        text.better > 0   ? "\nHigher is better."
                        : text.better < 0 ? "\nLower is better."
                                          : "",
                        row.field.c_str());
    }
    for (std::size_t c = 1; c < columns; ++c) {
      ImGui::TableSetColumnIndex(static_cast<int>(c));
      const Cell& cell = cells[r][c];
      if (cell.top.empty()) {
        ImGui::TextDisabled("-");
        continue;
      }
      ImGui::BeginGroup();
      cell_text(cell.top, view);
      cell_text(cell.bottom, view, true);
      ImGui::EndGroup();
      if (ImGui::IsItemHovered()) {
        if (c > n) {
          ImGui::SetTooltip(row.paired[c - n]
                                ? "Mean difference with its 95%% interval.\nPaired by run: run i "
                                  "of both scenarios used the same random draws."
                                : "Mean difference with its 95%% interval.\nIndependent samples "
                                  "(different seeds or run counts): Welch's interval.");
        } else {
          ImGui::SetTooltip(
              "Mean over %d runs, and below it the 95%% interval for that mean\n(not the spread "
              "of single runs: that is the bands in the plots).",
              scenarios[c - 1].data->runs);
        }
      }
    }
  }
  ImGui::EndTable();
}

// ImGui tables hold at most 64 columns, and 33 scenarios (66 columns with
// their differences) aborted the viewer. Many scenarios are shown as several
// tables of at most kScenariosPerTable, each starting with the first
// scenario so that every difference is still against it.
constexpr std::size_t kScenariosPerTable = 16;  // 32 columns: still readable
static_assert(2 * kScenariosPerTable <= 64);

void summary_tables(std::span<const ShownScenario> scenarios, ViewState& view) {
  if (scenarios.size() <= kScenariosPerTable) {
    summary_table(scenarios, view);
    return;
  }
  const std::size_t per_table = kScenariosPerTable - 1;  // besides the first
  for (std::size_t from = 1, block = 0; from < scenarios.size(); from += per_table, ++block) {
    const std::size_t to = std::min(scenarios.size(), from + per_table);
    std::vector<ShownScenario> part{scenarios.front()};
    part.insert(part.end(), scenarios.begin() + static_cast<std::ptrdiff_t>(from),
                scenarios.begin() + static_cast<std::ptrdiff_t>(to));
    ImGui::TextDisabled("Scenarios %zu to %zu of %zu, with %s", from + 1, to, scenarios.size(),
                        scenarios.front().label.c_str());
    ImGui::PushID(static_cast<int>(block));
    summary_table(part, view);
    ImGui::PopID();
  }
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
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
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
  const auto markers = event_markers(scenarios, view);
  ImGui::TextWrapped(
      "%s. Line: the middle (median) run. Dark band: the middle half of runs. Light band: 9 "
      "runs in 10.%s",
      runs.c_str(),
      markers.empty() ? ""
                      : " Triangles on the top edge: turning points in the school the story "
                        "follows (hover for what happened).");
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
  for (const auto& m : metrics) {
    if (!is_subgroup_metric(m)) plots.push_back(m);
  }
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
    if (open) summary_tables(scenarios, view);
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
