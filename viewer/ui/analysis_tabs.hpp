#pragma once
// The tabs that each show one analysis file beside the results files: a
// sweep (`loom sweep`) on the Sensitivity tab and a calibration (`loom
// calibrate`) on the Calibration tab. App asks here first whether a file it
// opens is one of them; anything else goes to the results loader. One file
// of each kind at a time: opening another replaces it.
#include <filesystem>
#include <string>

#include "viewer/ui/calibration_view.hpp"
#include "viewer/ui/sweep_view.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

enum class AnalysisKind { kNone, kSweep, kCalibration };

class AnalysisTabs {
 public:
  // `sweep_field`: --field, or "" for the field chosen last (remembered in
  // the user's settings only when `remember` is set: pictures and tests
  // must not depend on a user's history).
  AnalysisTabs(const std::string& sweep_field, bool remember);

  // kNone when `path` is neither kind (nothing was done); otherwise its
  // kind, with `error` set when it could not be opened.
  AnalysisKind open(const std::filesystem::path& path, std::string* error);
  bool has(AnalysisKind kind) const;
  // For the sidebar: each open file's name and a button that closes it.
  void sidebar();
  // The tabs' contents, each in its own child window.
  void draw_sweep(ViewState& view);
  void draw_calibration(ViewState& view);

 private:
  SweepView sweep_;
  std::string sweep_field_;  // the field a sweep opens on
  bool remember_;
  CalibrationView calibration_;
};

}  // namespace loom::viewer
