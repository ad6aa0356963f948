#include "viewer/ui/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viewer/data/axis_ticks.hpp"

namespace loom::viewer::plot {
namespace {

Theme g_theme{IM_COL32(255, 255, 255, 255), IM_COL32(228, 228, 228, 255),
              IM_COL32(120, 120, 120, 255), IM_COL32(25, 25, 25, 255),
              IM_COL32(95, 95, 95, 255),    IM_COL32(30, 30, 30, 220)};

bool finite(double v) {
  return std::isfinite(v);
}

void extend(std::span<const double> values, double& lo, double& hi) {
  for (double v : values) {
    if (!finite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
}

std::string format_value(const char* format, double v) {
  if (!finite(v)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

// Geometry of the data area: step and value to pixels.
struct Frame {
  ImVec2 min, max;
  std::size_t steps = 1;
  AxisRange y;
  float x(std::size_t step) const {
    const float denominator = static_cast<float>(std::max<std::size_t>(steps, 2) - 1);
    return min.x + (max.x - min.x) * static_cast<float>(step) / denominator;
  }
  float yv(double v) const {
    const double t = (v - y.lo) / (y.hi - y.lo);
    return max.y - static_cast<float>(t) * (max.y - min.y);
  }
};

// Filled band between lo and hi, one trapezoid per step (always convex,
// since its two sides are vertical). Anti-aliased fill is off so that
// neighbouring trapezoids do not leave faint seams.
void band(ImDrawList* list, const Frame& f, std::span<const double> lo, std::span<const double> hi,
          ImU32 colour) {
  const std::size_t n = std::min(lo.size(), hi.size());
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (!finite(lo[i]) || !finite(hi[i]) || !finite(lo[i + 1]) || !finite(hi[i + 1])) continue;
    list->AddQuadFilled(ImVec2(f.x(i), f.yv(lo[i])), ImVec2(f.x(i + 1), f.yv(lo[i + 1])),
                        ImVec2(f.x(i + 1), f.yv(hi[i + 1])), ImVec2(f.x(i), f.yv(hi[i])), colour);
  }
}

void polyline(ImDrawList* list, const Frame& f, std::span<const double> y, ImU32 colour,
              float thickness, bool dashed, float scale) {
  std::vector<ImVec2> run;
  const auto flush = [&] {
    if (run.size() >= 2) {
      if (dashed) {
        dashed_polyline(list, run, colour, thickness, 9.0f * scale, 5.0f * scale);
      } else {
        list->AddPolyline(run.data(), static_cast<int>(run.size()), colour, ImDrawFlags_None,
                          thickness);
      }
    }
    run.clear();
  };
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!finite(y[i])) {
      flush();
      continue;
    }
    run.emplace_back(f.x(i), f.yv(y[i]));
  }
  flush();
}

void legend_swatch(ImDrawList* list, ImVec2 at, float width, float height, const LegendEntry& line,
                   float scale) {
  const float mid = at.y + height * 0.5f;
  const ImVec2 points[2] = {ImVec2(at.x, mid), ImVec2(at.x + width, mid)};
  if (line.dashed) {
    dashed_polyline(list, points, line.colour, 3.0f * scale, 6.0f * scale, 4.0f * scale);
  } else {
    list->AddLine(points[0], points[1], line.colour, 3.0f * scale);
  }
}

}  // namespace

void set_theme(const Theme& theme) {
  g_theme = theme;
}

const Theme& theme() {
  return g_theme;
}

ImU32 with_alpha(ImU32 colour, float alpha) {
  const auto a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f + 0.5f);
  return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

void dashed_polyline(ImDrawList* list, std::span<const ImVec2> points, ImU32 colour,
                     float thickness, float dash, float gap) {
  float phase = 0.0f;  // distance into the current dash+gap pattern
  const float period = dash + gap;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const ImVec2 a = points[i], b = points[i + 1];
    const float length = std::hypot(b.x - a.x, b.y - a.y);
    float done = 0.0f;
    while (done < length) {
      const bool drawing = phase < dash;
      const float room = drawing ? dash - phase : period - phase;
      const float step = std::min(room, length - done);
      if (drawing && length > 0.0f) {
        const float t0 = done / length, t1 = (done + step) / length;
        list->AddLine(ImVec2(a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0),
                      ImVec2(a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1), colour, thickness);
      }
      done += step;
      phase = std::fmod(phase + step, period);
    }
  }
}

Result line_plot(const char* id, std::span<const Line> lines, const Options& o) {
  Result result;
  ImGui::PushID(id);
  const float scale = ImGui::GetFontSize() / 16.0f;
  const float line_height = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 200.0f * scale);
  ImGui::InvisibleButton("##plot", ImVec2(width, o.height));
  const bool item_hovered = ImGui::IsItemHovered();
  const bool item_clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetIO().MousePos;

  // Title (its tooltip gives the research term).
  float y = origin.y;
  const std::string title = o.unit.empty() ? o.title : o.title + "  (" + o.unit + ")";
  list->AddText(ImVec2(origin.x, y), g_theme.text, title.c_str());
  const ImVec2 title_size = ImGui::CalcTextSize(title.c_str());
  if (item_hovered && !o.title_tooltip.empty() && mouse.y < y + title_size.y &&
      mouse.x < origin.x + title_size.x) {
    ImGui::SetTooltip("%s", o.title_tooltip.c_str());
  }
  y += line_height + 4.0f * scale;

  // Legend rows above the data area, so nothing covers the lines.
  if (o.show_legend) {
    const float swatch = 24.0f * scale, spacing = 14.0f * scale;
    std::vector<LegendEntry> entries = o.legend;
    if (entries.empty()) {
      for (const Line& line : lines) entries.push_back({line.label, line.colour, line.dashed});
    }
    float x = origin.x;
    for (const LegendEntry& line : entries) {
      const float w = swatch + 5.0f * scale + ImGui::CalcTextSize(line.label.c_str()).x;
      if (x > origin.x && x + w > origin.x + width) {
        x = origin.x;
        y += line_height + 2.0f * scale;
      }
      legend_swatch(list, ImVec2(x, y), swatch, line_height, line, scale);
      list->AddText(ImVec2(x + swatch + 5.0f * scale, y), g_theme.text, line.label.c_str());
      x += w + spacing;
    }
    y += line_height + 6.0f * scale;
  }

  // Value range over lines and (when shown) bands.
  double lo = INFINITY, hi = -INFINITY;
  std::size_t steps = 0;
  for (const Line& line : lines) {
    steps = std::max(steps, line.y.size());
    extend(line.y, lo, hi);
    if (o.bands) {
      extend(line.lo90, lo, hi);
      extend(line.hi90, lo, hi);
    }
  }
  Frame f;
  f.steps = std::max<std::size_t>(steps, 1);
  f.y = padded_range(lo, hi, 0.06);
  const float bottom = origin.y + o.height - line_height - 8.0f * scale;
  const float plot_height = std::max(bottom - y, 20.0f);
  const auto ticks =
      nice_ticks(f.y.lo, f.y.hi, std::max(2, static_cast<int>(plot_height / (line_height * 2.2f))));
  const double tick_step =
      nice_step(f.y.lo, f.y.hi, std::max(2, static_cast<int>(plot_height / (line_height * 2.2f))));
  float label_width = 0.0f;
  for (double t : ticks) {
    label_width = std::max(label_width, ImGui::CalcTextSize(format_tick(t, tick_step).c_str()).x);
  }
  f.min = ImVec2(origin.x + label_width + 8.0f * scale, y);
  f.max = ImVec2(origin.x + width - 8.0f * scale, bottom);
  result.area_min = f.min;
  result.area_max = f.max;

  list->AddRectFilled(f.min, f.max, g_theme.background);
  if (o.shade_from >= 0 && static_cast<std::size_t>(o.shade_from) < f.steps) {
    const float x = f.x(static_cast<std::size_t>(o.shade_from));
    list->AddRectFilled(ImVec2(x, f.min.y), f.max, with_alpha(g_theme.grid, 0.55f));
    list->AddLine(ImVec2(x, f.min.y), ImVec2(x, f.max.y), g_theme.muted_text, 1.5f * scale);
    // At the bottom: the top holds the week marker's label.
    list->AddText(ImVec2(x + 4.0f * scale, f.max.y - ImGui::GetTextLineHeight() - 2.0f * scale),
                  g_theme.muted_text, o.shade_label.c_str());
  }
  for (double t : ticks) {
    const float ty = f.yv(t);
    list->AddLine(ImVec2(f.min.x, ty), ImVec2(f.max.x, ty), g_theme.grid, 1.0f);
    const std::string label = format_tick(t, tick_step);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    list->AddText(ImVec2(f.min.x - 6.0f * scale - size.x, ty - size.y * 0.5f), g_theme.muted_text,
                  label.c_str());
  }
  if (f.y.lo < 0.0 && f.y.hi > 0.0) {  // zero line: gaps and changes read against it
    list->AddLine(ImVec2(f.min.x, f.yv(0.0)), ImVec2(f.max.x, f.yv(0.0)), g_theme.axis, 1.0f);
  }

  // X axis: school years when known (boundaries and "Year k" labels), else
  // 1-based step numbers at nice positions.
  const float label_y = f.max.y + 3.0f * scale;
  if (o.year_length > 0) {
    const std::size_t years = (f.steps + static_cast<std::size_t>(o.year_length) - 1) /
                              static_cast<std::size_t>(o.year_length);
    for (std::size_t k = 0; k < years; ++k) {
      const std::size_t start = k * static_cast<std::size_t>(o.year_length);
      const std::size_t end =
          std::min(start + static_cast<std::size_t>(o.year_length), f.steps - 1);
      if (k > 0) {
        list->AddLine(ImVec2(f.x(start), f.min.y), ImVec2(f.x(start), f.max.y), g_theme.grid, 1.0f);
      }
      const float span = f.x(end) - f.x(start);
      std::string label = "Year " + std::to_string(k + 1);
      if (ImGui::CalcTextSize(label.c_str()).x > span) label = std::to_string(k + 1);
      const float tw = ImGui::CalcTextSize(label.c_str()).x;
      list->AddText(ImVec2(f.x(start) + (span - tw) * 0.5f, label_y), g_theme.muted_text,
                    label.c_str());
    }
  } else {
    const double last = static_cast<double>(f.steps);
    const int max_ticks = std::max(2, static_cast<int>((f.max.x - f.min.x) / (70.0f * scale)));
    for (double t : nice_ticks(1.0, last, max_ticks)) {
      const auto step = static_cast<std::size_t>(t) - 1;
      const float tx = f.x(step);
      list->AddLine(ImVec2(tx, f.min.y), ImVec2(tx, f.max.y), g_theme.grid, 1.0f);
      const std::string label = format_tick(t, 1.0);
      const float tw = ImGui::CalcTextSize(label.c_str()).x;
      list->AddText(ImVec2(tx - tw * 0.5f, label_y), g_theme.muted_text, label.c_str());
    }
  }

  list->PushClipRect(f.min, f.max, true);
  if (o.bands) {
    const ImDrawListFlags flags = list->Flags;
    list->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (const Line& line : lines) {
      if (line.band) band(list, f, line.lo90, line.hi90, with_alpha(line.colour, 0.12f));
    }
    for (const Line& line : lines) {
      if (line.band) band(list, f, line.lo50, line.hi50, with_alpha(line.colour, 0.26f));
    }
    list->Flags = flags;
  }
  // A whole-pixel width lets ImGui draw anti-aliased lines from its texture
  // (2 triangles per segment instead of 6): with software OpenGL (Mesa's
  // llvmpipe, e.g. under Xvfb) the lines were most of the frame time.
  const float thickness = std::max(2.0f, std::round(2.5f * scale));
  for (const Line& line : lines) {
    polyline(list, f, line.y, line.colour, thickness, line.dashed, scale);
  }
  // Key-event markers: a faint dashed line down from a triangle on the top edge.
  const float marker_size = 6.0f * scale;
  std::vector<const Marker*> hovered_markers;
  for (const Marker& m : o.markers) {
    if (m.step < 0 || static_cast<std::size_t>(m.step) >= f.steps) continue;
    const float x = f.x(static_cast<std::size_t>(m.step));
    const ImVec2 down[2] = {ImVec2(x, f.min.y + marker_size), ImVec2(x, f.max.y)};
    dashed_polyline(list, down, with_alpha(m.colour, 0.55f), 1.0f * scale, 4.0f * scale,
                    4.0f * scale);
    ++result.markers_drawn;
    if (item_hovered && std::fabs(mouse.x - x) <= marker_size &&
        mouse.y <= f.min.y + 4.0f * marker_size && mouse.y >= f.min.y - marker_size) {
      hovered_markers.push_back(&m);
    }
  }
  if (!item_hovered && o.external_hover >= 0 &&
      static_cast<std::size_t>(o.external_hover) < f.steps) {
    const float x = f.x(static_cast<std::size_t>(o.external_hover));
    list->AddLine(ImVec2(x, f.min.y), ImVec2(x, f.max.y), with_alpha(g_theme.cursor, 0.35f), 1.0f);
  }
  if (o.cursor >= 0 && static_cast<std::size_t>(o.cursor) < f.steps) {
    const float x = f.x(static_cast<std::size_t>(o.cursor));
    list->AddLine(ImVec2(x, f.min.y), ImVec2(x, f.max.y), g_theme.cursor, 1.5f * scale);
    // Which week the marker is on, at its top (left of it near the right edge).
    const std::string label = o.step_label ? o.step_label(o.cursor) : std::to_string(o.cursor + 1);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const float pad = 3.0f * scale;
    const float lx = x + pad + size.x + pad < f.max.x ? x + pad : x - pad - size.x - pad;
    // Below the event markers' triangles, when there are any.
    const float top = f.min.y + pad + (o.markers.empty() ? 0.0f : 2.0f * marker_size);
    list->AddRectFilled(ImVec2(lx, top), ImVec2(lx + size.x + 2 * pad, top + size.y),
                        with_alpha(g_theme.background, 0.85f));
    list->AddText(ImVec2(lx + pad, top), g_theme.text, label.c_str());
  }
  list->PopClipRect();
  list->AddRect(f.min, f.max, g_theme.axis, 0.0f, ImDrawFlags_None, 1.0f);
  for (std::size_t k = 0; k < o.markers.size(); ++k) {
    const Marker& m = o.markers[k];
    if (m.step < 0 || static_cast<std::size_t>(m.step) >= f.steps) continue;
    // Several scenarios' markers in the same week stack downwards.
    float top = f.min.y;
    for (std::size_t j = 0; j < k; ++j) top += o.markers[j].step == m.step ? marker_size : 0.0f;
    const float x = f.x(static_cast<std::size_t>(m.step));
    const ImVec2 a(x - marker_size, top), b(x + marker_size, top), c(x, top + 1.6f * marker_size);
    list->AddTriangleFilled(a, b, c, m.colour);
    list->AddTriangle(a, b, c, g_theme.background, 1.0f);
  }
  if (!hovered_markers.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    for (std::size_t i = 0; i < hovered_markers.size(); ++i) {
      if (i > 0) ImGui::Separator();
      ImGui::TextUnformatted(hovered_markers[i]->text.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }

  // Hover read-out: the step under the mouse, every line's value and bands.
  const bool in_area =
      mouse.x >= f.min.x && mouse.x <= f.max.x && mouse.y >= f.min.y && mouse.y <= f.max.y;
  if (item_hovered && in_area && steps > 0 && hovered_markers.empty()) {
    const float t = (mouse.x - f.min.x) / std::max(f.max.x - f.min.x, 1.0f);
    const auto step = static_cast<std::size_t>(
        std::clamp(std::lround(t * static_cast<float>(std::max<std::size_t>(f.steps, 2) - 1)), 0L,
                   static_cast<long>(f.steps - 1)));
    result.hovered_step = static_cast<int>(step);
    result.clicked = item_clicked;
    const float x = f.x(step);
    list->AddLine(ImVec2(x, f.min.y), ImVec2(x, f.max.y), with_alpha(g_theme.cursor, 0.6f), 1.0f);
    for (const Line& line : lines) {
      if (step < line.y.size() && finite(line.y[step])) {
        list->AddCircleFilled(ImVec2(x, f.yv(line.y[step])), 4.0f * scale, line.colour);
      }
    }
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(o.step_label ? o.step_label(static_cast<int>(step)).c_str()
                                        : ("Step " + std::to_string(step + 1)).c_str());
    for (const Line& line : lines) {
      if (step >= line.y.size()) continue;
      const ImVec4 c = ImGui::ColorConvertU32ToFloat4(line.colour);
      ImGui::ColorButton(("##" + line.label).c_str(), c,
                         ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                         ImVec2(line_height, line_height));
      ImGui::SameLine();
      ImGui::Text("%s: %s", line.label.c_str(), format_value(o.value_format, line.y[step]).c_str());
      if (o.bands && step < line.lo50.size() && step < line.lo90.size()) {
        ImGui::TextDisabled("    middle half of runs %s to %s;  9 in 10 runs %s to %s",
                            format_value(o.value_format, line.lo50[step]).c_str(),
                            format_value(o.value_format, line.hi50[step]).c_str(),
                            format_value(o.value_format, line.lo90[step]).c_str(),
                            format_value(o.value_format, line.hi90[step]).c_str());
      }
    }
    ImGui::TextDisabled("Click to put the week marker here.");
    ImGui::EndTooltip();
  }
  ImGui::PopID();
  return result;
}

}  // namespace loom::viewer::plot
