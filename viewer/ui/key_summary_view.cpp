#include "viewer/ui/key_summary_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "viewer/data/metric_labels.hpp"
#include "viewer/data/summary_compare.hpp"
#include "viewer/ui/layout_check.hpp"
#include "viewer/ui/summary_table_view.hpp"

namespace loom::viewer {
namespace {

// The measure shown until another is chosen: the one a workshop asks about.
constexpr const char* kFirstMeasure = "outcome_mean";

float text_width(const std::string& s) {
  return ImGui::CalcTextSize(s.c_str()).x;
}

// A small square in the scenario's colour before its name.
void swatch(ImU32 colour) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f),
                                            ImVec2(p.x + h * 0.7f, p.y + h * 0.85f), colour);
  ImGui::Dummy(ImVec2(h * 0.7f, h));
  ImGui::SameLine();
}

const SummaryRow& chosen_row(const std::vector<SummaryRow>& rows, const std::string& field) {
  for (const char* want : {field.c_str(), kFirstMeasure}) {
    for (const auto& r : rows) {
      if (r.field == want) return r;
    }
  }
  return rows.front();
}

// "Summary at the end: [measure]", the measure chosen from every summary row.
void measure_chooser(const std::vector<SummaryRow>& rows, const SummaryRow& row, ViewState& view) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Summary at the end:");
  const MetricText text = metric_text(row.field);
  const std::string label = text.label_with_unit();
  const float width =
      text_width(label) + ImGui::GetFrameHeight() + 2.0f * ImGui::GetStyle().FramePadding.x;
  same_line_if_fits(std::min(width, 200.0f * ImGui::GetFontSize() / 16.0f));
  ImGui::SetNextItemWidth(std::min(width, ImGui::GetContentRegionAvail().x));
  const bool open = ImGui::BeginCombo("##key-measure", label.c_str());
  if (!open) {
    check_control(view, "Summary measure");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s\nChoose the measure the table shows.", text.term.c_str());
    }
    return;
  }
  for (const auto& r : rows) {
    const std::string item = metric_text(r.field).label + "##" + r.field;
    if (ImGui::Selectable(item.c_str(), &r == &row)) view.key_measure = r.field;
  }
  ImGui::EndCombo();
}

// How the rows are laid out: a line per scenario when the columns fit
// (mean and interval side by side, the difference with its interval and a
// word on whether that interval excludes 0), else two lines per scenario with
// the verdict in full, else two lines with it in a word.
enum class Form { kOneLine, kFull, kBrief };

struct Texts {
  EstimateText mean, difference;
  DifferenceWords words;
  bool present = false, has_difference = false;
};

struct Plan {
  std::vector<SummaryRow> rows;
  std::size_t chosen = 0;  // the row shown
  std::size_t ref = 0;     // the scenario differences are taken from
  std::vector<Texts> texts;
  std::vector<std::string> headers;
  Form form = Form::kOneLine;
  float widths[3] = {0.0f, 0.0f, 0.0f};
  float height = 0.0f;  // chooser and table, in pixels
};

// Made twice a frame (for the plots' height, then to draw) and not cached:
// with 5 scenarios of 32 runs at 1280 x 800 the whole presentation frame's
// UI code takes 3.6 ms, the normal layout's 4.8 ms (--verbose, ui-cpu-ms).
Plan plan(std::span<const ShownScenario> scenarios, const ViewState& view, float avail) {
  Plan p;
  const auto data = data_of(scenarios);
  p.rows = summary_rows(data);
  if (p.rows.empty()) return p;
  p.chosen = static_cast<std::size_t>(&chosen_row(p.rows, view.key_measure) - p.rows.data());
  const SummaryRow& row = p.rows[p.chosen];
  const int base = baseline_index(data);
  p.ref = base >= 0 ? static_cast<std::size_t>(base) : 0;
  const int decimals = decimals_for(row.estimates);
  const int better = metric_text(row.field).better;
  const std::size_t n = scenarios.size();
  p.texts.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    Texts& t = p.texts[i];
    if (!row.present[i]) continue;
    t.present = true;
    t.mean = estimate_text(row.estimates[i], decimals, false);
    if (i == p.ref || !row.present[p.ref]) continue;
    const Estimate& d = base >= 0 ? row.baseline_differences[i] : row.differences[i];
    t.difference = estimate_text(d, decimals, true);
    t.words = difference_words(d, better);
    t.has_difference = true;
  }
  const std::string ref_label = scenarios[p.ref].label + (base >= 0 ? " (doing nothing new)" : "");

  // Widths: as wide as the numbers in the first form that fits; the names
  // wrap to what is left; room to spare goes to the headers.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = text_width("  ");
  const float per_column = 2.0f * style.CellPadding.x + 1.0f;
  const float box = ImGui::GetTextLineHeight() * 0.7f + style.ItemSpacing.x;
  const float word = 7.0f * ImGui::GetFontSize();           // headers wrap no narrower
  const float slack = 2.0f * ImGui::GetFontSize() / 16.0f;  // rounding: nothing wraps early
  float name = text_width("Scenario");
  float mean[2] = {0.0f, 0.0f}, difference[3] = {0.0f, 0.0f, 0.0f};  // by form
  for (std::size_t i = 0; i < n; ++i) {
    const Texts& t = p.texts[i];
    name = std::max(name, box + text_width(scenarios[i].label));
    const float top = text_width(t.mean.top), bottom = text_width(t.mean.bottom);
    mean[0] = std::max(mean[0], top + gap + bottom);
    mean[1] = std::max({mean[1], top, bottom});
    const EstimateText& d = t.difference;
    const float both = text_width(d.top) + gap + text_width(d.bottom);
    difference[0] = std::max(difference[0], both + gap + text_width(t.words.brief));
    difference[1] = std::max({difference[1], both, text_width(t.words.full)});
    difference[2] =
        std::max({difference[2], text_width(d.top + "  " + t.words.brief), text_width(d.bottom)});
  }
  name += slack;
  const auto total = [&](float a, float b) {
    return name + std::max(a, word) + std::max(b, word) + 2.0f * slack + 3.0f * per_column;
  };
  p.form = total(mean[0], difference[0]) <= avail   ? Form::kOneLine
           : total(mean[1], difference[1]) <= avail ? Form::kFull
                                                    : Form::kBrief;
  const int f = static_cast<int>(p.form);
  float m = std::max(mean[std::min(f, 1)], word) + slack;
  float d = std::max(difference[f], word) + slack;
  name = std::min(name, std::max(avail - m - d - 3.0f * per_column, box + word));
  // Short headers ("at the end" is on the chooser's line): fewer lines.
  p.headers = {"Scenario", "Mean, 95% interval",
               "Minus " + ref_label +
                   (p.form == Form::kOneLine ? ": 95% interval, and whether it excludes 0"
                                             : ", 95% interval")};
  float spare = avail - name - m - d - 3.0f * per_column;
  for (float* column : {&m, &d}) {
    const std::string& header = p.headers[column == &m ? 1 : 2];
    const float grow =
        std::clamp(text_width(header) + slack - *column, 0.0f, std::max(spare, 0.0f));
    *column += grow;
    spare -= grow;
  }
  p.widths[0] = name;
  p.widths[1] = m;
  p.widths[2] = d;

  // Height: the chooser, the wrapped headers, the rows (names may wrap).
  const float line = ImGui::GetTextLineHeight();
  const float pad = 2.0f * style.CellPadding.y + 1.0f;
  const auto wrapped = [](const std::string& s, float width) {
    return ImGui::CalcTextSize(s.c_str(), nullptr, false, width).y;
  };
  float header = 0.0f;
  for (int c = 0; c < 3; ++c) header = std::max(header, wrapped(p.headers[c], p.widths[c]));
  p.height = ImGui::GetFrameHeightWithSpacing() + header + pad + 2.0f * style.ItemSpacing.y;
  const float cell = p.form == Form::kOneLine ? line : 2.0f * line + style.ItemSpacing.y;
  for (std::size_t i = 0; i < n; ++i) {
    p.height += std::max(cell, wrapped(scenarios[i].label, name - box)) + pad;
  }
  return p;
}

// A cell's two texts, side by side (one line) or one under the other.
void pair(const std::string& first, const std::string& second, bool one_line, bool muted_second,
          ViewState& view) {
  table_cell_text(first, view, false, !one_line);
  if (second.empty()) return;
  if (one_line) ImGui::SameLine();
  table_cell_text(second, view, muted_second, !one_line);
}

}  // namespace

float key_summary_height(std::span<const ShownScenario> scenarios, const ViewState& view) {
  return plan(scenarios, view, ImGui::GetContentRegionAvail().x).height;
}

void key_summary(std::span<const ShownScenario> scenarios, ViewState& view) {
  const Plan p = plan(scenarios, view, ImGui::GetContentRegionAvail().x);
  if (p.rows.empty()) {
    ImGui::TextDisabled("These results have no summary table.");
    return;
  }
  const SummaryRow& row = p.rows[p.chosen];
  measure_chooser(p.rows, row, view);
  const bool one_line = p.form == Form::kOneLine;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("key-summary", 3, flags)) return;
  for (int c = 0; c < 3; ++c) {
    ImGui::TableSetupColumn(p.headers[static_cast<std::size_t>(c)].c_str(),
                            ImGuiTableColumnFlags_WidthFixed, p.widths[c]);
  }
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int c = 0; c < 3; ++c) {
    ImGui::TableSetColumnIndex(c);
    table_cell_text(p.headers[static_cast<std::size_t>(c)], view, false, true);
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const Texts& t = p.texts[i];
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    swatch(scenarios[i].colour);
    table_cell_text(scenarios[i].label, view, false, true);
    ImGui::TableSetColumnIndex(1);
    if (!t.present) {
      table_cell_text("not in these results", view, true, true);
      continue;
    }
    pair(t.mean.top, t.mean.bottom, one_line, true, view);
    ImGui::TableSetColumnIndex(2);
    const std::string interval = t.difference.top + "  " + t.difference.bottom;
    if (!t.has_difference) {
      table_cell_text(i == p.ref ? "the reference" : "-", view, true, true);
    } else if (p.form == Form::kOneLine) {
      pair(interval, t.words.brief, true, true, view);
    } else if (p.form == Form::kFull) {
      pair(interval, t.words.full, false, true, view);
    } else {
      pair(t.difference.top + "  " + t.words.brief, t.difference.bottom, false, true, view);
    }
  }
  ImGui::EndTable();
  // Whether every row is on screen, or the panel must scroll down to it.
  const bool whole =
      ImGui::GetItemRectMax().y <= ImGui::GetWindowPos().y + ImGui::GetWindowHeight() + 1.0f;
  static const char* const kForms[] = {"one-line", "full", "brief"};
  view.report.push_back("key-summary measure=" + row.field +
                        " scenarios=" + std::to_string(scenarios.size()) + " reference=\"" +
                        scenarios[p.ref].label + "\" " + kForms[static_cast<int>(p.form)] +
                        (whole ? " rows-on-screen" : " rows-below-fold"));
}

}  // namespace loom::viewer
