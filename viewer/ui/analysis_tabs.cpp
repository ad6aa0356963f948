#include "viewer/ui/analysis_tabs.hpp"

#include <imgui.h>

#include "viewer/data/calibration_data.hpp"
#include "viewer/data/recent_files.hpp"
#include "viewer/data/sweep_data.hpp"

namespace loom::viewer {

AnalysisTabs::AnalysisTabs(const std::string& sweep_field, bool remember)
    : sweep_field_(!sweep_field.empty() ? sweep_field
                   : remember           ? load_remembered_line(sensitivity_field_path())
                                        : std::string()),
      remember_(remember) {}

AnalysisKind AnalysisTabs::open(const std::filesystem::path& path, std::string* error) {
  if (is_sweep_file(path)) {
    sweep_.open(path, sweep_field_, error);
    return AnalysisKind::kSweep;
  }
  if (is_calibration_file(path)) {
    calibration_.open(path, error);
    return AnalysisKind::kCalibration;
  }
  return AnalysisKind::kNone;
}

bool AnalysisTabs::has(AnalysisKind kind) const {
  switch (kind) {
    case AnalysisKind::kSweep:
      return sweep_.has_file();
    case AnalysisKind::kCalibration:
      return calibration_.has_file();
    case AnalysisKind::kNone:
      break;
  }
  return false;
}

void AnalysisTabs::sidebar() {
  if (sweep_.has_file()) {
    ImGui::TextUnformatted(("Sweep: " + sweep_.path().filename().string()).c_str());
    if (ImGui::SmallButton("Close the sweep")) sweep_.close();
  }
  if (calibration_.has_file()) {
    ImGui::TextUnformatted(("Calibration: " + calibration_.path().filename().string()).c_str());
    if (ImGui::SmallButton("Close the calibration")) calibration_.close();
  }
}

void AnalysisTabs::draw_sweep(ViewState& view) {
  ImGui::BeginChild("sweep");
  sweep_.draw(view);
  if (auto chosen = sweep_.take_chosen_field()) {
    sweep_field_ = *chosen;
    if (remember_) save_remembered_line(sensitivity_field_path(), sweep_field_);
  }
  ImGui::EndChild();
}

void AnalysisTabs::draw_calibration(ViewState& view) {
  ImGui::BeginChild("calibration");
  calibration_.draw(view);
  ImGui::EndChild();
}

}  // namespace loom::viewer
