#include "viewer/ui/calibration_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <vector>

#include "viewer/data/axis_ticks.hpp"
#include "viewer/ui/palette.hpp"
#include "viewer/ui/plot.hpp"
#include "viewer/ui/ui_style.hpp"

namespace loom::viewer {
namespace {

// Posterior and fitted simulations in the palette's first colour; the
// prior in its grey, so "before" recedes and "after" stands out.
ImU32 colour(std::size_t i, float alpha = 1.0f) {
  const Rgb c = scenario_colour(i);
  return plot::with_alpha(IM_COL32(c.r, c.g, c.b, 255), alpha);
}
constexpr std::size_t kAfter = 0, kBefore = 6;

float ui_scale() {
  return ImGui::GetFontSize() / kBaseFontSize;
}

std::string number(double v, const char* format = "%.3g") {
  if (!std::isfinite(v)) return "n/a";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

// `text` broken at spaces into lines of at most `width` pixels (ImGui's own
// word wrap). Text that needs more than `max_lines` keeps that many, the
// last ending in "...", and is recorded in view.clipped (as summary-table
// cells are): --verbose prints the count, and the headless test wants none
// at 1280x800 with --font-scale 1.3. The full text is in each tooltip.
std::vector<std::string> fit_lines(const std::string& text, float width, std::size_t max_lines,
                                   ViewState& view) {
  ++view.table_cells;
  std::vector<std::string> lines;
  const ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  const char* s = text.c_str();
  const char* end = s + text.size();
  bool clipped = false;
  while (s < end) {
    const char* cut = font->CalcWordWrapPositionA(scale, s, end, std::max(width, 1.0f));
    if (cut <= s) {  // not one character fits: take one anyway (all of its UTF-8 bytes)
      cut = s + 1;
      while (cut < end && (static_cast<unsigned char>(*cut) & 0xC0) == 0x80) ++cut;
    }
    std::string line(s, cut);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    clipped = clipped || ImGui::CalcTextSize(line.c_str()).x > width + 0.5f;
    lines.push_back(std::move(line));
    for (s = cut; s < end && *s == ' ';) ++s;
  }
  if (lines.empty()) lines.emplace_back();
  if (lines.size() > max_lines) {
    clipped = true;
    lines.resize(max_lines);
    lines.back() += "...";
  }
  if (clipped) view.clipped.push_back(text);
  return lines;
}

void draw_lines(ImDrawList* list, ImVec2 at, const std::vector<std::string>& lines, ImU32 c) {
  const float line = ImGui::GetTextLineHeight();
  for (std::size_t i = 0; i < lines.size(); ++i)
    list->AddText(ImVec2(at.x, at.y + line * static_cast<float>(i)), c, lines[i].c_str());
}

// A value axis from pixel `a` to `b`.
struct Scale {
  AxisRange range;
  float a = 0, b = 1;
  float operator()(double v) const {
    return a + static_cast<float>((v - range.lo) / (range.hi - range.lo)) * (b - a);
  }
};

// Ticks along a horizontal axis: grid lines from `top` to `bottom`, labels
// under `bottom`, kept between `left` and `right` and never overlapping.
void x_ticks(ImDrawList* list, const Scale& x, float top, float bottom, float left, float right) {
  const plot::Theme& theme = plot::theme();
  const float scale = ui_scale();
  const int most = std::max(2, static_cast<int>((x.b - x.a) / (40.0f * scale)));
  const double step = nice_step(x.range.lo, x.range.hi, most);
  float last_end = -1e9f;
  for (const double t : nice_ticks(x.range.lo, x.range.hi, most)) {
    const float px = x(t);
    list->AddLine(ImVec2(px, top), ImVec2(px, bottom), theme.grid);
    const std::string label = format_tick(t, step);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    const float lx = std::clamp(px - w * 0.5f, left, right - w);
    if (lx < last_end + 6.0f * scale) continue;
    list->AddText(ImVec2(lx, bottom + 2.0f * scale), theme.muted_text, label.c_str());
    last_end = lx + w;
  }
}

std::string prior_words(const CalibrationPrior& p) {
  const std::string range = number(p.min) + " to " + number(p.max);
  return p.shape == PriorShape::kBeta
             ? "beta(" + number(p.a) + ", " + number(p.b) + ") stretched onto " + range
             : "any value from " + range + " equally likely";
}

void heading(const char* text, float width) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextWrapped("%s", text);
  ImGui::PopTextWrapPos();
}

// Legend entries in a row, wrapping to a new row when one does not fit.
struct LegendItem {
  const char* text;
  std::function<void(ImDrawList*, ImVec2, float)> swatch;  // at, line height
};
void legend(const std::vector<LegendItem>& items, float width) {
  const plot::Theme& theme = plot::theme();
  const float line = ImGui::GetTextLineHeight(), scale = ui_scale();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* list = ImGui::GetWindowDrawList();
  float x = 0.0f, y = 0.0f;
  for (const auto& item : items) {
    const float w = line * 1.4f + ImGui::CalcTextSize(item.text).x;
    if (x > 0.0f && x + w > width) {
      x = 0.0f;
      y += line + 2.0f * scale;
    }
    item.swatch(list, ImVec2(origin.x + x, origin.y + y), line);
    list->AddText(ImVec2(origin.x + x + line * 1.4f, origin.y + y), theme.text, item.text);
    x += w + 16.0f * scale;
  }
  ImGui::Dummy(ImVec2(width, y + line + 2.0f * scale));
}

}  // namespace

bool CalibrationView::open(const std::filesystem::path& path, std::string* error) {
  try {
    model_ = std::make_unique<CalibrationModel>(path);
    path_ = path;
    pair_x_ = 0;
    pair_y_ = model_->parameters().size() > 1 ? 1 : 0;
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
}

void CalibrationView::draw(ViewState& view) {
  if (!model_) {
    ImGui::TextWrapped(
        "Open a calibration file (made by loom calibrate) to see what published patterns say "
        "about the model's settings.");
    return;
  }
  const float scale = ui_scale();
  // A floor keeps every item a real size (ImGui asserts on zero-sized buttons)
  // in a window narrower than any reading of the tab.
  const float width = std::max(ImGui::GetContentRegionAvail().x - 4.0f * scale, 120.0f * scale);
  heading((path_.filename().string() + ": " + model_->method_line()).c_str(), width);
  if (ImGui::IsItemHovered()) {
    const CalibrationRecord& r = model_->record();
    const AbcGeneration* post = model_->posterior();
    ImGui::SetTooltip(
        "%s\nModel %s%s%s, seed %llu, %lld runs per setting\n%zu generation(s); the posterior "
        "is generation %s\nStopped: %s",
        path_.string().c_str(), r.model.c_str(), r.base.empty() ? "" : (", base " + r.base).c_str(),
        r.baseline.empty() ? "" : (", baseline " + r.baseline).c_str(),
        static_cast<unsigned long long>(r.seed), static_cast<long long>(r.replicates),
        r.generations.size(), post ? std::to_string(post->index).c_str() : "none",
        r.stop_reason.c_str());
  }
  if (model_->history_matching())
    view.report.push_back("calibration-waves " + model_->waves_line());
  if (!model_->posterior()) return;  // method_line says why
  ImGui::Spacing();
  draw_parameters(view, width);
  ImGui::Spacing();

  // The pair plot and the targets side by side when there is room for
  // both (a 1280-pixel projector at font scale 1.3 leaves about 830 pixels
  // beside the sidebar), else one under the other.
  const float gap = 16.0f * scale;
  if (width >= 560.0f * scale) {
    const float left = std::floor((width - gap) * 0.42f);
    // What is left of the window below here, counted from the top of the
    // content (not from where it is scrolled to), so scrolling to the
    // targets does not resize the plot under the mouse.
    const float height = ImGui::GetWindowHeight() - ImGui::GetCursorPosY();
    ImGui::BeginGroup();
    draw_pair(view, left, height);
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, gap);
    ImGui::BeginGroup();
    draw_targets(view, width - left - gap);
    ImGui::EndGroup();
  } else {
    draw_pair(view, width, width * 0.8f);
    ImGui::Spacing();
    draw_targets(view, width);
  }
}

void CalibrationView::draw_parameters(ViewState& view, float width) {
  const plot::Theme& theme = plot::theme();
  const auto& params = model_->parameters();
  const float scale = ui_scale(), line = ImGui::GetTextLineHeight();
  heading(
      model_->history_matching()
          ? "What the data allow: each setting before fitting (prior) and where it is not ruled "
            "out by the published patterns"
          : "What the data allow: each setting before (prior) and after (posterior) fitting to "
            "the published patterns",
      width);
  const ImU32 after = colour(kAfter, 0.7f), before = colour(kBefore);
  legend({{"before (prior)",
           [&](ImDrawList* l, ImVec2 at, float h) {
             l->AddRectFilled(ImVec2(at.x, at.y + h * 0.3f), ImVec2(at.x + h, at.y + h * 0.85f),
                              colour(kBefore, 0.25f));
             l->AddLine(ImVec2(at.x, at.y + h * 0.3f), ImVec2(at.x + h, at.y + h * 0.3f), before,
                        2.0f * scale);
           }},
          {model_->history_matching() ? "not ruled out" : "after (posterior)",
           [&](ImDrawList* l, ImVec2 at, float h) {
             l->AddRectFilled(ImVec2(at.x, at.y + h * 0.2f), ImVec2(at.x + h, at.y + h * 0.85f),
                              after);
           }},
          {"middle 90% after",
           [&](ImDrawList* l, ImVec2 at, float h) {
             l->AddLine(ImVec2(at.x, at.y + h * 0.55f), ImVec2(at.x + h, at.y + h * 0.55f),
                        colour(kAfter), 3.0f * scale);
           }}},
         width);

  const float gap = 18.0f * scale;
  const std::size_t n = params.size();
  const std::size_t columns = std::clamp<std::size_t>(
      static_cast<std::size_t>((width + gap) / (170.0f * scale + gap)), 1, n);
  const float panel = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float plot_height = 62.0f * scale;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::string bins;
  for (std::size_t first = 0; first < n; first += columns) {
    const std::size_t last = std::min(n, first + columns);
    std::vector<std::vector<std::string>> titles;
    std::size_t title_lines = 1;
    for (std::size_t k = first; k < last; ++k) {
      titles.push_back(fit_lines(params[k].label, panel, 2, view));
      title_lines = std::max(title_lines, titles.back().size());
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float top = origin.y + line * static_cast<float>(title_lines) + 3.0f * scale;
    const float height = top - origin.y + plot_height + 8.0f * scale + 2.0f * line;
    ImGui::PushID(static_cast<int>(first));
    ImGui::InvisibleButton("##parameters", ImVec2(width, height));
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* list = ImGui::GetWindowDrawList();
    for (std::size_t k = first; k < last; ++k) {
      const ParameterFit& p = params[k];
      const float x0 = origin.x + static_cast<float>(k - first) * (panel + gap), x1 = x0 + panel;
      draw_lines(list, ImVec2(x0, origin.y), titles[k - first], theme.text);
      const ImVec2 a(x0, top), b(x1, top + plot_height);
      list->AddRectFilled(a, b, theme.background);
      const Scale x{{p.prior.min, p.prior.max}, a.x, b.x};
      double highest = 0.0;
      for (const double d : p.prior_density) highest = std::max(highest, d);
      for (const double d : p.posterior_density) highest = std::max(highest, d);
      if (!(highest > 0.0) || !std::isfinite(highest)) highest = 1.0;
      const auto y = [&](double d) {
        return b.y - static_cast<float>(std::min(d / (highest * 1.08), 1.0)) * (b.y - a.y);
      };
      x_ticks(list, x, a.y, b.y + 6.0f * scale, x0, x1);
      // The prior: a light area under its curve, then the curve.
      std::vector<ImVec2> curve;
      for (std::size_t c = 0; c < p.grid.size(); ++c)
        curve.emplace_back(x(p.grid[c]), y(p.prior_density[c]));
      for (std::size_t c = 0; c + 1 < curve.size(); ++c) {
        const ImVec2 quad[4] = {ImVec2(curve[c].x, b.y), curve[c], curve[c + 1],
                                ImVec2(curve[c + 1].x, b.y)};
        list->AddConvexPolyFilled(quad, 4, colour(kBefore, 0.22f));
      }
      for (std::size_t i = 0; i < p.posterior_density.size(); ++i) {
        if (p.posterior_density[i] <= 0.0) continue;
        list->AddRectFilled(ImVec2(x(p.edges[i]), y(p.posterior_density[i])),
                            ImVec2(std::max(x(p.edges[i + 1]) - 1.0f, x(p.edges[i]) + 1.0f), b.y),
                            after);
      }
      list->AddPolyline(curve.data(), static_cast<int>(curve.size()), before, 0, 2.0f * scale);
      list->AddRect(a, b, theme.axis);
      // The posterior's middle 90% and its mean, just under the plot.
      const float band = b.y + 3.0f * scale;
      list->AddLine(ImVec2(x(p.posterior.q05), band), ImVec2(x(p.posterior.q95), band),
                    colour(kAfter), 3.0f * scale);
      list->AddCircleFilled(ImVec2(x(p.posterior.mean), band), 3.5f * scale, colour(kAfter));
      const std::string range =
          "90%: " + number(p.posterior.q05) + " to " + number(p.posterior.q95);
      draw_lines(list, ImVec2(x0, b.y + 8.0f * scale + line), fit_lines(range, panel, 1, view),
                 theme.text);
      view.plots.push_back({"Before and after: " + p.key, a, b});
      bins += (bins.empty() ? "" : ",") + std::to_string(p.posterior_density.size());
      if (hovered && mouse.x >= x0 && mouse.x < x1) {
        const double prior_width = p.prior_q95 - p.prior_q05;
        ImGui::SetTooltip(
            "%s\n%s%s%s\nBefore: %s (90%% between %s and %s)\nAfter: mean %s, 90%% between %s "
            "and %s, %s%% of the width before",
            p.label.c_str(), p.key.c_str(), p.unit.empty() ? "" : ", in ", p.unit.c_str(),
            prior_words(p.prior).c_str(), number(p.prior_q05).c_str(), number(p.prior_q95).c_str(),
            number(p.posterior.mean).c_str(), number(p.posterior.q05).c_str(),
            number(p.posterior.q95).c_str(),
            number(100.0 * (p.posterior.q95 - p.posterior.q05) / prior_width, "%.0f").c_str());
      }
    }
  }
  char report[200];
  std::snprintf(report, sizeof report, "calibration-parameters %zu columns=%zu bins=%s", n, columns,
                bins.c_str());
  view.report.emplace_back(report);
}

void CalibrationView::draw_pair(ViewState& view, float width, float height) {
  const plot::Theme& theme = plot::theme();
  const auto& params = model_->parameters();
  const float scale = ui_scale(), line = ImGui::GetTextLineHeight();
  const float start = ImGui::GetCursorScreenPos().y;
  heading(model_->history_matching()
              ? "Which settings fit together: each dot a check run that is left (grey: the "
                "waves' runs)"
              : "Which settings fit together: each dot a kept setting, bigger if it weighs more",
          width);
  if (params.size() < 2) {
    ImGui::TextDisabled("One setting only: no pairs.");
    return;
  }
  // The axis names on the left, as a sentence reads ("Across: ...").
  const float name_width = ImGui::CalcTextSize("Across:").x + ImGui::GetStyle().ItemSpacing.x;
  const auto choose = [&](const char* label, int* chosen, int* other) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(0.0f, 0.0f);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + name_width - ImGui::CalcTextSize(label).x);
    ImGui::SetNextItemWidth(width - name_width);
    const std::string preview = params[static_cast<std::size_t>(*chosen)].label;
    if (ImGui::BeginCombo((std::string("##") + label).c_str(), preview.c_str())) {
      for (std::size_t i = 0; i < params.size(); ++i) {
        const std::string item = params[i].label + "##" + params[i].key;
        if (ImGui::Selectable(item.c_str(), static_cast<int>(i) == *chosen)) {
          if (static_cast<int>(i) == *other) *other = *chosen;  // a pair, not one setting twice
          *chosen = static_cast<int>(i);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", params[i].key.c_str());
      }
      ImGui::EndCombo();
    }
  };
  pair_x_ = std::clamp(pair_x_, 0, static_cast<int>(params.size()) - 1);
  pair_y_ = std::clamp(pair_y_, 0, static_cast<int>(params.size()) - 1);
  choose("Across:", &pair_x_, &pair_y_);
  choose("Up:", &pair_y_, &pair_x_);
  const auto i = static_cast<std::size_t>(pair_x_), j = static_cast<std::size_t>(pair_y_);
  const PairPoints points = model_->pair(i, j);
  const PairPoints design = model_->design_points(i, j);

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // The rest of the visible height, so the plot is seen whole beside the
  // targets (which may scroll on): square at most, and never so small that
  // its dots merge.
  const float side =
      std::clamp(height - (origin.y - start) - 4.0f * scale, 130.0f * scale, width + line * 2.0f);
  ImGui::InvisibleButton("##pair", ImVec2(width, side));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ParameterFit &px = params[i], &py = params[j];
  const AxisRange yr = padded_range(py.prior.min, py.prior.max, 0.03);
  const int y_most = std::max(2, static_cast<int>(side / (line * 1.8f)));
  const double y_step = nice_step(yr.lo, yr.hi, y_most);
  float label_width = 0.0f;
  for (const double t : nice_ticks(yr.lo, yr.hi, y_most))
    label_width = std::max(label_width, ImGui::CalcTextSize(format_tick(t, y_step).c_str()).x);
  const ImVec2 a(origin.x + label_width + 6.0f * scale, origin.y + line * 0.5f);
  const ImVec2 b(origin.x + width - 8.0f * scale, origin.y + side - line - 6.0f * scale);
  if (b.x <= a.x || b.y <= a.y) return;
  list->AddRectFilled(a, b, theme.background);
  const Scale x{padded_range(px.prior.min, px.prior.max, 0.03), a.x, b.x};
  const Scale y{yr, b.y, a.y};
  x_ticks(list, x, a.y, b.y, origin.x, origin.x + width);
  for (const double t : nice_ticks(yr.lo, yr.hi, y_most)) {
    list->AddLine(ImVec2(a.x, y(t)), ImVec2(b.x, y(t)), theme.grid);
    const std::string label = format_tick(t, y_step);
    list->AddText(
        ImVec2(a.x - ImGui::CalcTextSize(label.c_str()).x - 5.0f * scale, y(t) - line * 0.5f),
        theme.muted_text, label.c_str());
  }
  // The prior's box: how much of it the posterior fills.
  list->AddRect(ImVec2(x(px.prior.min), y(py.prior.max)), ImVec2(x(px.prior.max), y(py.prior.min)),
                colour(kBefore), 0.0f, 0, 1.5f * scale);
  const float half = 1.5f * scale;
  for (std::size_t k = 0; k < design.x.size(); ++k) {
    const ImVec2 c(x(design.x[k]), y(design.y[k]));
    list->AddRectFilled(ImVec2(c.x - half, c.y - half), ImVec2(c.x + half, c.y + half),
                        colour(kBefore, 0.45f));
  }
  // Light dots first, so the heavy ones stay on top.
  std::vector<std::size_t> order(points.x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) {
    return points.relative[p] < points.relative[q];
  });
  std::size_t nearest = order.size();
  float nearest_d2 = (10.0f * scale) * (10.0f * scale);
  for (const std::size_t k : order) {
    const ImVec2 c(x(points.x[k]), y(points.y[k]));
    // Area grows with weight (radius with its root), an equal share at
    // 3.5 px; capped at 4 shares so a few heavy particles hide no others.
    const auto rel = static_cast<float>(std::min(points.relative[k], 4.0));
    list->AddCircleFilled(c, (1.0f + 2.5f * std::sqrt(rel)) * scale,
                          colour(kAfter, std::clamp(0.2f + 0.3f * rel, 0.25f, 0.9f)), 12);
    const float d2 = (c.x - mouse.x) * (c.x - mouse.x) + (c.y - mouse.y) * (c.y - mouse.y);
    if (hovered && d2 < nearest_d2) {
      nearest_d2 = d2;
      nearest = k;
    }
  }
  list->AddRect(a, b, theme.axis);
  if (nearest < order.size()) {
    ImGui::SetTooltip("%s = %s\n%s = %s\nweight %s%% of the total", px.key.c_str(),
                      number(points.x[nearest], "%.4g").c_str(), py.key.c_str(),
                      number(points.y[nearest], "%.4g").c_str(),
                      number(100.0 * points.weight[nearest], "%.2g").c_str());
  }
  view.plots.push_back({"Settings that fit together", a, b});
  view.report.push_back("calibration-pair " + px.key + " " + py.key +
                        " points=" + std::to_string(points.x.size()) +
                        " design=" + std::to_string(design.x.size()));
}

void CalibrationView::draw_targets(ViewState& view, float width) {
  const plot::Theme& theme = plot::theme();
  const float scale = ui_scale(), line = ImGui::GetTextLineHeight();
  heading(model_->history_matching()
              ? "Do the runs that are left reproduce the published patterns?"
              : "Do the fitted simulations reproduce the published patterns?",
          width);
  const ImU32 fitted = colour(kAfter);
  const float strip = line * 0.9f;
  const auto observed_mark = [&](ImDrawList* l, float x0, float x1, float x, float y0, float y1) {
    l->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), colour(kBefore, 0.3f));
    l->AddLine(ImVec2(x, y0), ImVec2(x, y1), theme.text, 2.0f * scale);
  };
  const auto fitted_mark = [&](ImDrawList* l, float x0, float x1, float x, float y0, float y1) {
    const float mid = (y0 + y1) * 0.5f, h = (y1 - y0) * 0.22f;
    l->AddRectFilled(ImVec2(x0, mid - h), ImVec2(x1, mid + h), plot::with_alpha(fitted, 0.7f));
    l->AddCircleFilled(ImVec2(x, mid), h * 1.6f, fitted);
  };
  legend(
      {{"published value \u00b1 sd",
        [&](ImDrawList* l, ImVec2 at, float h) {
          observed_mark(l, at.x, at.x + h, at.x + h * 0.5f, at.y + h * 0.1f, at.y + h * 0.9f);
        }},
       {model_->history_matching() ? "runs left: mean [middle 90%]" : "fitted: mean [middle 90%]",
        [&](ImDrawList* l, ImVec2 at, float h) {
          fitted_mark(l, at.x, at.x + h, at.x + h * 0.5f, at.y + h * 0.1f, at.y + h * 0.9f);
        }}},
      width);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::size_t near = 0;
  for (std::size_t t = 0; t < model_->targets().size(); ++t) {
    const TargetFit& fit = model_->targets()[t];
    const auto title = fit_lines(fit.label, width, 2, view);
    const auto source =
        fit_lines(fit.source.empty() ? "no source given" : "Source: " + fit.source, width, 2, view);
    const std::string numbers = number(fit.observed) + " \u00b1 " + number(fit.sd) + "  |  " +
                                number(fit.mean) + " [" + number(fit.q05) + ", " + number(fit.q95) +
                                "]";
    const auto numbers_line = fit_lines(numbers, width, 1, view);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float strip_top =
        origin.y + line * static_cast<float>(title.size() + source.size()) + 2.0f * scale;
    const float height = strip_top - origin.y + strip + 2.0f * scale + line + 6.0f * scale;
    ImGui::PushID(static_cast<int>(t));
    ImGui::InvisibleButton("##target", ImVec2(width, height));
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* list = ImGui::GetWindowDrawList();
    draw_lines(list, origin, title, theme.text);
    draw_lines(list, ImVec2(origin.x, origin.y + line * static_cast<float>(title.size())), source,
               theme.muted_text);
    // Each target on its own scale (turnover rates, exits and effect
    // sizes differ by orders of magnitude): the observation +/- 2 sd and
    // the fitted range, whichever is wider.
    const double lo = std::min({fit.observed - 2.0 * fit.sd, fit.q05, fit.mean});
    const double hi = std::max({fit.observed + 2.0 * fit.sd, fit.q95, fit.mean});
    const Scale x{padded_range(lo, hi, 0.04), origin.x, origin.x + width};
    const float y0 = strip_top, y1 = strip_top + strip;
    list->AddRectFilled(ImVec2(x.a, y0), ImVec2(x.b, y1), theme.background);
    observed_mark(list, x(fit.observed - fit.sd), x(fit.observed + fit.sd), x(fit.observed), y0,
                  y1);
    if (std::isfinite(fit.mean)) fitted_mark(list, x(fit.q05), x(fit.q95), x(fit.mean), y0, y1);
    // The published value again on top: a fitted range over it must not hide it.
    list->AddLine(ImVec2(x(fit.observed), y0), ImVec2(x(fit.observed), y1), theme.text,
                  2.0f * scale);
    list->AddRect(ImVec2(x.a, y0), ImVec2(x.b, y1), theme.axis);
    draw_lines(list, ImVec2(origin.x, y1 + 2.0f * scale), numbers_line, theme.text);
    view.plots.push_back({"Target " + fit.name, ImVec2(x.a, y0), ImVec2(x.b, y1)});
    near += std::isfinite(fit.mean) && std::abs(fit.sds_off()) <= 1.0;
    if (hovered && mouse.y >= origin.y) {
      ImGui::SetTooltip(
          "%s\n%s%s\nPublished: %s +/- %s%s%s\nFitted simulations: mean %s, 90%% between %s and "
          "%s (%zu of them)\nThe mean is %s sd from the published value.",
          fit.label.c_str(), fit.name.c_str(), fit.unit.empty() ? "" : (", in " + fit.unit).c_str(),
          number(fit.observed).c_str(), number(fit.sd).c_str(), fit.source.empty() ? "" : " (",
          fit.source.empty() ? "" : (fit.source + ")").c_str(), number(fit.mean).c_str(),
          number(fit.q05).c_str(), number(fit.q95).c_str(), fit.particles,
          number(std::abs(fit.sds_off()), "%.2f").c_str());
    }
  }
  char report[120];
  std::snprintf(report, sizeof report, "calibration-targets %zu within-1-sd=%zu",
                model_->targets().size(), near);
  view.report.emplace_back(report);
}

}  // namespace loom::viewer
