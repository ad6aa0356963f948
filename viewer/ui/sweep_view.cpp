#include "viewer/ui/sweep_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "viewer/data/axis_ticks.hpp"
#include "viewer/data/results_file.hpp"
#include "viewer/ui/palette.hpp"
#include "viewer/ui/plot.hpp"

namespace loom::viewer {
namespace {

// The scatter draws at most this many points (every n-th point beyond):
// ImGui rebuilds its vertex buffer every frame, and 100,000 squares would
// cost tens of milliseconds a frame for no visible gain.
constexpr std::size_t kMaxScatterPoints = 20000;

ImU32 colour(std::size_t i) {
  const Rgb c = scenario_colour(i);
  return IM_COL32(c.r, c.g, c.b, 255);
}

std::string number(double v, const char* format = "%.3f") {
  if (!std::isfinite(v)) return "-";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

// A horizontal value axis under a data area: ticks, labels, and a zero line.
struct Axis {
  AxisRange range;
  float left = 0, right = 0;
  float x(double v) const {
    return left + static_cast<float>((v - range.lo) / (range.hi - range.lo)) * (right - left);
  }
};

}  // namespace

bool SweepView::open(const std::filesystem::path& path, const std::string& preferred_field,
                     std::string* error) {
  try {
    model_ = std::make_unique<SweepModel>(path);
    path_ = path;
    field_ = static_cast<int>(initial_field(model_->file().fields, preferred_field));
    factor_ = 0;
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
}

void SweepView::draw(ViewState& view) {
  if (!model_) {
    ImGui::TextWrapped("Open a sweep file (made by loom sweep) to see which factors matter.");
    return;
  }
  const SweepFile& file = model_->file();
  ImGui::TextUnformatted(path_.filename().string().c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s design, %zu points x %zu replicate(s), %zu factors",
                      design_kind_name(file.design), file.points, file.replicates,
                      file.factors.size());
  field_ = std::clamp(field_, 0, static_cast<int>(file.fields.size()) - 1);
  ImGui::SetNextItemWidth(260.0f * ImGui::GetFontSize() / 17.0f);
  if (ImGui::BeginCombo("Summary field", file.fields[static_cast<std::size_t>(field_)].c_str())) {
    for (std::size_t i = 0; i < file.fields.size(); ++i) {
      if (ImGui::Selectable(file.fields[i].c_str(), static_cast<int>(i) == field_)) {
        field_ = static_cast<int>(i);
        chosen_ = file.fields[i];
      }
    }
    ImGui::EndCombo();
  }
  const std::string& field = file.fields[static_cast<std::size_t>(field_)];
  std::string error;
  const SensitivityResult* result = model_->indices(field, &error);
  if (result) {
    // Replicate noise in the point means (docs/analysis.md): over 20%, the
    // indices carry much of it, ST most.
    if (std::isnan(result->noise_share)) {
      ImGui::TextDisabled("One replicate per point: replicate noise not measured.");
    } else if (result->noise_share > kNoiseWarning) {
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 40, 0, 255));
      ImGui::TextWrapped(
          "%.0f%% of the spread between points is replicate noise: the indices "
          "carry it (total indices most). More replicates per point lower it.",
          100.0 * result->noise_share);
      ImGui::PopStyleColor();
    } else {
      ImGui::TextDisabled("Replicate noise: %.0f%% of the spread between points.",
                          100.0 * result->noise_share);
    }
    draw_bars(*result, view);
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 40, 0, 255));
    ImGui::TextWrapped("No indices for %s: %s", field.c_str(), error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  draw_scatter(field, view);
}

void SweepView::draw_bars(const SensitivityResult& r, ViewState& view) {
  const plot::Theme& theme = plot::theme();
  const float scale = ImGui::GetFontSize() / 17.0f;
  const float line = ImGui::GetTextLineHeight();
  const auto series = bar_series(r);
  const std::size_t k = r.factors.size();

  std::string title = std::string("Which factors move ") + r.field + ": ";
  switch (r.method) {
    case SensitivityMethod::kSobol:
      title += "Sobol indices with 95% bootstrap intervals";
      break;
    case SensitivityMethod::kMorris:
      title += "Morris elementary effects (per whole range)";
      break;
    case SensitivityMethod::kRegression:
      title += "standardized regression coefficients, R^2 = " + number(r.r2.value_or(NAN), "%.2f");
      break;
  }

  float label_width = 0.0f;
  for (const auto& f : r.factors)
    label_width = std::max(label_width, ImGui::CalcTextSize(f.c_str()).x);
  label_width += 10.0f * scale;
  const float bar = std::max(6.0f * scale, line * 0.55f), gap = 3.0f * scale;
  const float row = static_cast<float>(series.size()) * (bar + gap) + 6.0f * scale;
  const float height = line * 3.5f + row * static_cast<float>(k) + line * 1.6f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 300.0f * scale);
  ImGui::InvisibleButton("##sensitivity", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* list = ImGui::GetWindowDrawList();

  float y = origin.y;
  list->AddText(ImVec2(origin.x, y), theme.text, title.c_str());
  y += line + 4.0f * scale;
  // Legend.
  float x = origin.x + label_width;
  for (std::size_t s = 0; s < series.size(); ++s) {
    list->AddRectFilled(ImVec2(x, y + line * 0.2f), ImVec2(x + line * 0.9f, y + line * 0.85f),
                        colour(s));
    const ImVec2 at(x + line * 1.2f, y);
    list->AddText(at, theme.text, series[s].name.c_str());
    const float w = ImGui::CalcTextSize(series[s].name.c_str()).x;
    if (hovered && mouse.y >= y && mouse.y < y + line && mouse.x >= x && mouse.x < at.x + w)
      ImGui::SetTooltip("%s", series[s].tooltip.c_str());
    x = at.x + w + 18.0f * scale;
  }
  y += line + 6.0f * scale;

  // Value axis over every bar and whisker, always including 0.
  double lo = 0.0, hi = 0.0;
  for (const auto& s : series) {
    for (std::size_t i = 0; i < k; ++i) {
      const double v = s.value[i], h = std::isfinite(s.half_width[i]) ? s.half_width[i] : 0.0;
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v - h);
      hi = std::max(hi, v + h);
    }
  }
  Axis axis;
  axis.range = padded_range(lo, hi, 0.04);
  axis.left = origin.x + label_width;
  axis.right = origin.x + width - 10.0f * scale;
  const float top = y, bottom = y + row * static_cast<float>(k);
  list->AddRectFilled(ImVec2(axis.left, top), ImVec2(axis.right, bottom), theme.background);
  const int max_ticks = std::max(2, static_cast<int>((axis.right - axis.left) / (70.0f * scale)));
  const double step = nice_step(axis.range.lo, axis.range.hi, max_ticks);
  for (const double t : nice_ticks(axis.range.lo, axis.range.hi, max_ticks)) {
    const float tx = axis.x(t);
    list->AddLine(ImVec2(tx, top), ImVec2(tx, bottom), theme.grid);
    const std::string label = format_tick(t, step);
    list->AddText(ImVec2(tx - ImGui::CalcTextSize(label.c_str()).x * 0.5f, bottom + 2.0f * scale),
                  theme.muted_text, label.c_str());
  }
  list->AddLine(ImVec2(axis.x(0.0), top), ImVec2(axis.x(0.0), bottom), theme.axis, 1.5f * scale);

  int hovered_factor = -1;
  for (std::size_t i = 0; i < k; ++i) {
    const float row_top = top + row * static_cast<float>(i);
    list->AddText(ImVec2(origin.x, row_top + (row - line) * 0.5f), theme.text,
                  r.factors[i].c_str());
    if (hovered && mouse.y >= row_top && mouse.y < row_top + row)
      hovered_factor = static_cast<int>(i);
    for (std::size_t s = 0; s < series.size(); ++s) {
      const double v = series[s].value[i];
      if (!std::isfinite(v)) continue;
      const float b0 = row_top + 3.0f * scale + static_cast<float>(s) * (bar + gap);
      const float x0 = axis.x(0.0), x1 = axis.x(v);
      list->AddRectFilled(ImVec2(std::min(x0, x1), b0), ImVec2(std::max(x0, x1), b0 + bar),
                          colour(s));
      const double h = series[s].half_width[i];
      if (std::isfinite(h) && h > 0.0) {
        const float w0 = axis.x(v - h), w1 = axis.x(v + h), mid = b0 + bar * 0.5f;
        list->AddLine(ImVec2(w0, mid), ImVec2(w1, mid), theme.text, 1.5f * scale);
        list->AddLine(ImVec2(w0, b0), ImVec2(w0, b0 + bar), theme.text, 1.5f * scale);
        list->AddLine(ImVec2(w1, b0), ImVec2(w1, b0 + bar), theme.text, 1.5f * scale);
      }
    }
  }
  if (hovered_factor >= 0) {
    const auto i = static_cast<std::size_t>(hovered_factor);
    std::string text = r.factors[i];
    for (const auto& s : series) {
      text += "\n" + s.name + ": " + number(s.value[i], "%.4f");
      if (std::isfinite(s.half_width[i])) text += " +/- " + number(s.half_width[i], "%.4f");
    }
    ImGui::SetTooltip("%s", text.c_str());
  }
  view.plots.push_back(
      {"Sensitivity of " + r.field, ImVec2(axis.left, top), ImVec2(axis.right, bottom)});
  char report[160];
  std::snprintf(report, sizeof report, "sweep-bars %s %s factors=%zu series=%zu", r.field.c_str(),
                sensitivity_method_name(r.method), k, series.size());
  view.report.emplace_back(report);
}

void SweepView::draw_scatter(const std::string& field, ViewState& view) {
  const auto& factors = model_->factors();
  if (factors.empty()) return;
  factor_ = std::clamp(factor_, 0, static_cast<int>(factors.size()) - 1);
  const FactorColumn& factor = factors[static_cast<std::size_t>(factor_)];
  ImGui::SetNextItemWidth(260.0f * ImGui::GetFontSize() / 17.0f);
  if (ImGui::BeginCombo("Factor (scatter)", factor.key.c_str())) {
    for (std::size_t i = 0; i < factors.size(); ++i) {
      if (ImGui::Selectable(factors[i].key.c_str(), static_cast<int>(i) == factor_))
        factor_ = static_cast<int>(i);
    }
    ImGui::EndCombo();
  }
  std::vector<double> y;
  try {
    y = model_->means(field);
  } catch (const std::exception& e) {
    ImGui::TextWrapped("%s", e.what());
    return;
  }
  const FactorColumn& f = factors[static_cast<std::size_t>(factor_)];
  const plot::Theme& theme = plot::theme();
  const float scale = ImGui::GetFontSize() / 17.0f;
  const float line = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 300.0f * scale);
  const float height = std::max(ImGui::GetContentRegionAvail().y - 4.0f * scale, 220.0f * scale);
  ImGui::InvisibleButton("##scatter", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* list = ImGui::GetWindowDrawList();

  const std::size_t n = std::min(y.size(), f.values.size());
  const std::size_t stride = (n + kMaxScatterPoints - 1) / kMaxScatterPoints;
  std::string title = field + " (mean of each point's replicates) against " + f.key;
  if (stride > 1) title += "  [every " + std::to_string(stride) + "th point]";
  list->AddText(origin, theme.text, title.c_str());

  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(f.values[i]) || !std::isfinite(y[i])) continue;
    xlo = std::min(xlo, f.values[i]);
    xhi = std::max(xhi, f.values[i]);
    ylo = std::min(ylo, y[i]);
    yhi = std::max(yhi, y[i]);
  }
  const bool categorical = !f.levels.empty();
  const AxisRange xr = categorical ? AxisRange{-0.5, static_cast<double>(f.levels.size()) - 0.5}
                                   : padded_range(xlo, xhi, 0.04);
  const AxisRange yr = padded_range(ylo, yhi, 0.06);
  const float y_label_width = 60.0f * scale;
  const ImVec2 a(origin.x + y_label_width, origin.y + line + 6.0f * scale);
  const ImVec2 b(origin.x + width - 10.0f * scale, origin.y + height - line - 8.0f * scale);
  if (b.x <= a.x || b.y <= a.y) return;
  list->AddRectFilled(a, b, theme.background);
  const auto px = [&](double v) {
    return a.x + static_cast<float>((v - xr.lo) / (xr.hi - xr.lo)) * (b.x - a.x);
  };
  const auto py = [&](double v) {
    return b.y - static_cast<float>((v - yr.lo) / (yr.hi - yr.lo)) * (b.y - a.y);
  };
  // Axes: y ticks on the left; x ticks (or level names) below.
  const int y_ticks = std::max(2, static_cast<int>((b.y - a.y) / (line * 2.2f)));
  const double y_step = nice_step(yr.lo, yr.hi, y_ticks);
  for (const double t : nice_ticks(yr.lo, yr.hi, y_ticks)) {
    list->AddLine(ImVec2(a.x, py(t)), ImVec2(b.x, py(t)), theme.grid);
    const std::string label = format_tick(t, y_step);
    list->AddText(
        ImVec2(a.x - ImGui::CalcTextSize(label.c_str()).x - 5.0f * scale, py(t) - line * 0.5f),
        theme.muted_text, label.c_str());
  }
  if (categorical) {
    for (std::size_t l = 0; l < f.levels.size(); ++l) {
      const float lx = px(static_cast<double>(l));
      list->AddLine(ImVec2(lx, a.y), ImVec2(lx, b.y), theme.grid);
      list->AddText(
          ImVec2(lx - ImGui::CalcTextSize(f.levels[l].c_str()).x * 0.5f, b.y + 2.0f * scale),
          theme.muted_text, f.levels[l].c_str());
    }
  } else {
    const int x_ticks = std::max(2, static_cast<int>((b.x - a.x) / (70.0f * scale)));
    const double x_step = nice_step(xr.lo, xr.hi, x_ticks);
    for (const double t : nice_ticks(xr.lo, xr.hi, x_ticks)) {
      list->AddLine(ImVec2(px(t), a.y), ImVec2(px(t), b.y), theme.grid);
      const std::string label = format_tick(t, x_step);
      list->AddText(ImVec2(px(t) - ImGui::CalcTextSize(label.c_str()).x * 0.5f, b.y + 2.0f * scale),
                    theme.muted_text, label.c_str());
    }
  }
  list->AddRect(a, b, theme.axis);

  // Points: small translucent squares (cheaper than circles), and the one
  // nearest the mouse for the read-out.
  const float half = 2.0f * scale;
  const ImU32 dot = plot::with_alpha(colour(0), 0.45f);
  std::size_t nearest = n;
  float nearest_d2 = (8.0f * scale) * (8.0f * scale);
  std::size_t drawn = 0;
  for (std::size_t i = 0; i < n; i += stride) {
    if (!std::isfinite(f.values[i]) || !std::isfinite(y[i])) continue;
    const float x = px(f.values[i]), yy = py(y[i]);
    list->AddRectFilled(ImVec2(x - half, yy - half), ImVec2(x + half, yy + half), dot);
    ++drawn;
    if (hovered) {
      const float d2 = (x - mouse.x) * (x - mouse.x) + (yy - mouse.y) * (yy - mouse.y);
      if (d2 < nearest_d2) {
        nearest_d2 = d2;
        nearest = i;
      }
    }
  }
  if (nearest < n) {
    const std::string value = categorical ? f.levels[static_cast<std::size_t>(f.values[nearest])]
                                          : number(f.values[nearest], "%.4g");
    ImGui::SetTooltip("Point %zu\n%s = %s\n%s = %s", nearest, f.key.c_str(), value.c_str(),
                      field.c_str(), number(y[nearest], "%.4g").c_str());
  }
  view.plots.push_back({field + " against " + f.key, a, b});
  char report[160];
  std::snprintf(report, sizeof report, "sweep-scatter %s %s points=%zu", field.c_str(),
                f.key.c_str(), drawn);
  view.report.emplace_back(report);
}

}  // namespace loom::viewer
