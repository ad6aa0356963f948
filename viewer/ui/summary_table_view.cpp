#include "viewer/ui/summary_table_view.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "viewer/data/metric_labels.hpp"
#include "viewer/data/summary_compare.hpp"
#include "viewer/ui/layout_check.hpp"

namespace loom::viewer {

// Text in a table cell that reports (for --verbose and the headless test)
// when it is wider than its column, i.e. would be cut off, and when it lies
// outside the part of the table on screen, so that only sideways scrolling
// shows it. The measure column stays put and the table scrolls, which a
// laptop user can do; on a projector (presentation mode) nobody scrolls
// sideways mid-sentence, so there such a cell counts as cut off too.
void table_cell_text(const std::string& text, ViewState& view, bool muted, bool wrap) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float width = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap ? avail : -1.0f).x;
  const float x = ImGui::GetCursorScreenPos().x;
  const bool sideways = !visible_sideways(x, x + std::min(width, avail));
  if (sideways) ++view.sideways_cells;
  if (width > avail + 0.5f || (sideways && view.present)) view.clipped.push_back(text);
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

// One precision per row: counts in the tens get one decimal, shares and SDs
// three, so a row's numbers line up and read alike.
namespace {

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

// A table of two-line cells (a number on top, its interval below, muted):
// the first column holds row labels, the rest numbers. Columns are as wide
// as their numbers; headers wrap; the label column stays put while the rest
// scrolls sideways when the window is narrow.
struct Cell {
  std::string top, bottom;
  std::string tooltip;  // empty: none
};
struct TwoLineTable {
  const char* id;
  std::vector<std::string> headers;         // column 0 included
  std::vector<std::string> header_tooltip;  // per column; empty: none
  std::vector<std::string> labels;          // per row
  std::vector<std::string> label_tooltip;   // per row; empty: none
  std::vector<std::vector<Cell>> cells;     // [row][column], column 0 unused
};

void draw(const TwoLineTable& t, ViewState& view) {
  const std::size_t columns = t.headers.size();
  const float scale = ImGui::GetFontSize() / 16.0f;
  const ImGuiStyle& style = ImGui::GetStyle();
  std::vector<float> widths(columns, 0.0f);
  float longest_label = 0.0f;
  for (const auto& l : t.labels)
    longest_label = std::max(longest_label, ImGui::CalcTextSize(l.c_str()).x);
  widths[0] = std::max(std::min(longest_label, 190.0f * scale), widest_word(t.headers[0]));
  for (std::size_t c = 1; c < columns; ++c) {
    float w = 80.0f * scale;
    for (const auto& row : t.cells) {
      w = std::max({w, ImGui::CalcTextSize(row[c].top.c_str()).x,
                    ImGui::CalcTextSize(row[c].bottom.c_str()).x});
    }
    widths[c] = std::max(w, widest_word(t.headers[c])) + 2.0f * scale;
  }
  for (const auto& l : t.labels) widths[0] = std::max(widths[0], widest_word(l));
  widths[0] += 2.0f * scale;
  // With room to spare, headers get up to 220 px before they wrap.
  {
    std::vector<float> wider = widths;
    float total = 0.0f;
    for (std::size_t c = 1; c < columns; ++c) {
      wider[c] = std::max(
          widths[c], std::min(ImGui::CalcTextSize(t.headers[c].c_str()).x + 2.0f, 220.0f * scale));
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
    header =
        std::max(header, ImGui::CalcTextSize(t.headers[c].c_str(), nullptr, false, widths[c]).y);
  }
  float height = header + pad + 2.0f;
  for (const auto& l : t.labels) {
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
  if (!ImGui::BeginTable(t.id, static_cast<int>(columns), flags, ImVec2(0.0f, height))) return;
  ImGui::TableSetupScrollFreeze(1, 0);
  for (std::size_t c = 0; c < columns; ++c) {
    ImGui::TableSetupColumn(t.headers[c].c_str(), ImGuiTableColumnFlags_WidthFixed, widths[c]);
  }
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (std::size_t c = 0; c < columns; ++c) {
    ImGui::TableSetColumnIndex(static_cast<int>(c));
    table_cell_text(t.headers[c], view, false, true);
    if (!t.header_tooltip[c].empty() && ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", t.header_tooltip[c].c_str());
  }
  for (std::size_t r = 0; r < t.labels.size(); ++r) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    table_cell_text(t.labels[r], view, false, true);
    if (!t.label_tooltip[r].empty() && ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", t.label_tooltip[r].c_str());
    for (std::size_t c = 1; c < columns; ++c) {
      ImGui::TableSetColumnIndex(static_cast<int>(c));
      const Cell& cell = t.cells[r][c];
      if (cell.top.empty()) {
        ImGui::TextDisabled("-");
        continue;
      }
      ImGui::BeginGroup();
      table_cell_text(cell.top, view);
      table_cell_text(cell.bottom, view, true);
      ImGui::EndGroup();
      if (!cell.tooltip.empty() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", cell.tooltip.c_str());
    }
  }
  ImGui::EndTable();
}

std::string metric_tooltip(const std::string& field) {
  const MetricText text = metric_text(field);
  std::string s = text.term;
  if (!text.unit.empty()) s += "\nUnit: " + text.unit;
  if (text.better > 0) s += "\nHigher is better.";
  if (text.better < 0) s += "\nLower is better.";
  return s + "\nIn the results file: " + field;
}

std::string difference_tooltip(bool paired) {
  return paired ? "Mean difference with its 95% interval.\nPaired by run: run i of both scenarios "
                  "used the same random draws."
                : "Mean difference with its 95% interval.\nIndependent samples (different seeds "
                  "or run counts): Welch's interval.";
}

// The summary: one row per measure; per scenario the mean and its interval,
// then each scenario's difference from the first and from the baseline.
void summary_table(std::span<const ShownScenario> scenarios, ViewState& view) {
  const auto data = data_of(scenarios);
  const auto rows = summary_rows(data);
  if (rows.empty()) {
    ImGui::TextDisabled("These results have no summary table.");
    return;
  }
  const int base = baseline_index(data);
  const std::size_t n = scenarios.size();
  ImGui::TextWrapped(
      "Each cell: the mean over the runs at the end (top) and its 95%% interval (below): the "
      "range the average would likely fall in if the runs were repeated. It is much narrower "
      "than the bands in the plots, which show how far single schools spread. Differences "
      "are each scenario minus %s%s%s%s; when two scenarios share seed and number of runs, each "
      "run is compared with its twin (same chance events), which gives narrower, fair intervals.",
      scenarios.front().label.c_str(), base >= 0 ? ", and minus " : "",
      base >= 0 ? scenarios[static_cast<std::size_t>(base)].label.c_str() : "",
      base >= 0 ? " (the same school doing nothing new)" : "");

  // The columns: each scenario's mean, each difference from the first (the
  // baseline's is left out: it is the other way round below), each
  // difference from the baseline.
  enum class Kind { kMean, kFromFirst, kFromBaseline };
  struct Column {
    Kind kind;
    std::size_t scenario;
  };
  std::vector<Column> columns;
  for (std::size_t i = 0; i < n; ++i) columns.push_back({Kind::kMean, i});
  for (std::size_t i = 1; i < n; ++i)
    if (static_cast<int>(i) != base) columns.push_back({Kind::kFromFirst, i});
  if (base >= 0) {
    for (std::size_t i = 0; i < n; ++i)
      if (static_cast<int>(i) != base) columns.push_back({Kind::kFromBaseline, i});
  }
  const std::string base_label = base >= 0 ? scenarios[static_cast<std::size_t>(base)].label : "";

  TwoLineTable t{"summary", {"Measure"}, {""}, {}, {}, {}};
  for (const auto& c : columns) {
    const std::string& label = scenarios[c.scenario].label;
    switch (c.kind) {
      case Kind::kMean:
        t.headers.push_back(label +
                            (static_cast<int>(c.scenario) == base ? " (doing nothing new)" : ""));
        t.header_tooltip.emplace_back();
        break;
      case Kind::kFromFirst:
        t.headers.push_back(label + " minus " + scenarios[0].label);
        t.header_tooltip.push_back("Difference: " + label + " minus " + scenarios[0].label +
                                   " (positive = higher in " + label + ")");
        break;
      case Kind::kFromBaseline:
        t.headers.push_back(label + " minus " + base_label);
        t.header_tooltip.push_back("What " + label +
                                   " changes over the same school doing nothing new (" +
                                   base_label + "): positive = higher in " + label);
        break;
    }
  }
  for (const SummaryRow& row : rows) {
    t.labels.push_back(metric_text(row.field).label);
    t.label_tooltip.push_back(metric_tooltip(row.field));
    const int d = decimals_for(row.estimates);
    std::vector<Cell> cells(1 + columns.size());
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const std::size_t i = columns[k].scenario;
      if (!row.present[i]) continue;
      Cell& cell = cells[1 + k];
      if (columns[k].kind == Kind::kMean) {
        const EstimateText x = estimate_text(row.estimates[i], d, false);
        cell = {x.top, x.bottom,
                "Mean over " + std::to_string(scenarios[i].data->runs) +
                    " runs, and below it the 95% interval for that mean\n(not the spread of "
                    "single runs: that is the bands in the plots)."};
      } else if (columns[k].kind == Kind::kFromFirst) {
        if (!row.present[0]) continue;
        const EstimateText x = estimate_text(row.differences[i], d, true);
        cell = {x.top, x.bottom, difference_tooltip(row.paired[i])};
      } else {
        if (!row.present[static_cast<std::size_t>(base)]) continue;
        const EstimateText x = estimate_text(row.baseline_differences[i], d, true);
        cell = {x.top, x.bottom,
                difference_tooltip(pairable(*data[i], *data[static_cast<std::size_t>(base)]))};
      }
    }
    t.cells.push_back(std::move(cells));
  }
  draw(t, view);
}

// ImGui tables hold at most 64 columns, and 33 scenarios (66 columns with
// their differences) aborted the viewer. Many scenarios are shown as several
// tables of at most kScenariosPerTable, each starting with the first
// scenario (and ending with the baseline, if shown) so that every
// difference is still against them.
constexpr std::size_t kScenariosPerTable = 16;  // up to 46 columns
static_assert(1 + 3 * kScenariosPerTable <= 64);

}  // namespace

void summary_tables(std::span<const ShownScenario> scenarios, ViewState& view) {
  if (scenarios.size() <= kScenariosPerTable) {
    summary_table(scenarios, view);
    return;
  }
  std::vector<ShownScenario> others(scenarios.begin() + 1, scenarios.end());
  std::vector<ShownScenario> baseline;
  const auto base = std::find_if(others.begin(), others.end(),
                                 [](const ShownScenario& s) { return s.data->baseline; });
  if (base != others.end()) {
    baseline.push_back(*base);
    others.erase(base);
  }
  const std::size_t per_table = kScenariosPerTable - 1 - baseline.size();
  for (std::size_t from = 0, block = 0; from < others.size(); from += per_table, ++block) {
    const std::size_t to = std::min(others.size(), from + per_table);
    std::vector<ShownScenario> part{scenarios.front()};
    part.insert(part.end(), others.begin() + static_cast<std::ptrdiff_t>(from),
                others.begin() + static_cast<std::ptrdiff_t>(to));
    part.insert(part.end(), baseline.begin(), baseline.end());
    ImGui::TextDisabled("Scenarios %zu to %zu of %zu, with %s", from + 2, to + 1, scenarios.size(),
                        scenarios.front().label.c_str());
    ImGui::PushID(static_cast<int>(block));
    summary_table(part, view);
    ImGui::PopID();
  }
}

void yearly_tables_view(std::span<const ShownScenario> scenarios, ViewState& view) {
  const auto data = data_of(scenarios);
  const auto tables = yearly_tables(data);
  if (tables.empty()) return;
  ImGui::Spacing();
  ImGui::TextWrapped(
      "Year by year: the same differences at the end of each school year, so you can see when "
      "a difference appears and whether it lasts.");
  for (const auto& y : tables) {
    // ImGui's column limit: the first 63 differences.
    const std::size_t shown = std::min<std::size_t>(y.columns.size(), 63);
    TwoLineTable t{y.metric.c_str(), {"Year"}, {""}, {}, {}, {}};
    for (std::size_t k = 0; k < shown; ++k) {
      const auto& c = y.columns[k];
      t.headers.push_back(scenarios[c.minuend].label + " minus " + scenarios[c.subtrahend].label);
      t.header_tooltip.push_back(metric_tooltip(y.metric));
    }
    std::vector<Estimate> all;
    for (std::size_t k = 0; k < shown; ++k)
      all.insert(all.end(), y.columns[k].by_year.begin(), y.columns[k].by_year.end());
    const int d = decimals_for(all);
    for (std::size_t year = 0; year < y.years; ++year) {
      t.labels.push_back("Year " + std::to_string(year + 1));
      t.label_tooltip.emplace_back();
      std::vector<Cell> cells(1 + shown);
      for (std::size_t k = 0; k < shown; ++k) {
        const auto& c = y.columns[k];
        const EstimateText x = estimate_text(c.by_year[year], d, true);
        cells[1 + k] = {x.top, x.bottom,
                        difference_tooltip(pairable(*data[c.minuend], *data[c.subtrahend]))};
      }
      t.cells.push_back(std::move(cells));
    }
    ImGui::TextUnformatted(metric_text(y.metric).label.c_str());
    draw(t, view);
  }
}

}  // namespace loom::viewer
