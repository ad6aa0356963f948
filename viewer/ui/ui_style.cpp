#include "viewer/ui/ui_style.hpp"

#include <imgui.h>

#include <filesystem>

#include "viewer/ui/plot.hpp"

namespace loom::viewer {

bool load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float size = kBaseFontSize * scale;
  // Latin-1 plus punctuation and arrows that event sentences may use
  // (dashes, quotes, ellipsis), kept alive for the atlas build.
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar extra[] = {0x0100, 0x017F, 0x2010, 0x205E, 0x2190, 0x21FF,
                                    0x2212, 0x2212, 0x25A0, 0x25FF, 0};
    builder.AddRanges(extra);
    builder.BuildRanges(&ranges);
  }
  for (const char* path : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec) &&
        io.Fonts->AddFontFromFileTTF(path, size, nullptr, ranges.Data)) {
      io.FontGlobalScale = 1.0f;
      return true;
    }
  }
  ImFontConfig config;
  config.SizePixels = 13.0f * scale;  // the built-in font is drawn for 13 px
  io.Fonts->AddFontDefault(&config);
  return false;
}

void apply_style(bool dark, float scale) {
  ImGuiStyle style;
  if (dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.97f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.97f, 0.97f, 0.97f, 1.0f);
    style.Colors[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.08f, 1.0f);
  }
  style.WindowRounding = 0.0f;
  style.FrameRounding = 3.0f;
  style.GrabMinSize = 14.0f;
  style.ScrollbarSize = 16.0f;
  style.ItemSpacing = ImVec2(8.0f, 6.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;

  if (dark) {
    plot::set_theme({IM_COL32(22, 22, 26, 255), IM_COL32(55, 55, 62, 255),
                     IM_COL32(140, 140, 140, 255), IM_COL32(235, 235, 235, 255),
                     IM_COL32(170, 170, 170, 255), IM_COL32(235, 235, 235, 220)});
  } else {
    plot::set_theme({IM_COL32(255, 255, 255, 255), IM_COL32(228, 228, 228, 255),
                     IM_COL32(120, 120, 120, 255), IM_COL32(20, 20, 20, 255),
                     IM_COL32(85, 85, 85, 255), IM_COL32(30, 30, 30, 220)});
  }
}

}  // namespace loom::viewer
