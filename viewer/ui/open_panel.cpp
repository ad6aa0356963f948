#include "viewer/ui/open_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "viewer/data/recent_files.hpp"

namespace loom::viewer {

void draw_file_choices(const std::vector<std::filesystem::path>& recent,
                       const std::function<void(const std::filesystem::path&)>& open_file) {
  const auto in_out = results_files_in("out");
  ImGui::TextUnformatted("Results in out/");
  if (in_out.empty()) ImGui::TextDisabled("  none yet (scripts/main.sh makes out/comparison.h5)");
  for (const auto& p : in_out) {
    if (ImGui::Selectable(("  " + p.filename().string() + "##out" + p.string()).c_str())) {
      open_file(p);
    }
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Recently opened");
  if (recent.empty()) ImGui::TextDisabled("  none");
  for (const auto& p : recent) {
    if (ImGui::Selectable(("  " + p.string() + "##recent").c_str())) open_file(p);
  }
}

void OpenPanel::draw(const std::vector<std::filesystem::path>& recent,
                     const std::function<void(const std::filesystem::path&)>& open_file) {
  if (!open_) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.4f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x * 0.5f, 0.0f), ImGuiCond_Appearing);
  if (!ImGui::Begin("Open results", &open_, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  bool chosen = false;
  draw_file_choices(recent, [&](const std::filesystem::path& p) {
    open_file(p);
    chosen = true;
  });
  ImGui::Spacing();
  ImGui::TextUnformatted("Or type a path");
  ImGui::SetNextItemWidth(-80.0f * ImGui::GetFontSize() / 16.0f);
  const bool entered =
      ImGui::InputText("##path", typed_, sizeof typed_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open") || entered) && typed_[0] != '\0') {
    open_file(typed_);
    chosen = true;
  }
  ImGui::TextDisabled("You can also drop files onto the window.");
  if (chosen) open_ = false;
  ImGui::End();
}

}  // namespace loom::viewer
