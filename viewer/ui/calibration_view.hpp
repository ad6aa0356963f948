#pragma once
// The Calibration tab: a calibration file (`loom calibrate`) in three parts,
// in words a workshop can read: each setting before (prior) and after
// (posterior) fitting, as small multiples of densities; which settings fit
// together, as the posterior's points for two chosen parameters (dots sized
// and shaded by weight); and each published pattern against what the fitted
// simulations give (observed +/- sd against their 5-95% range, with the
// pattern's source). Above them a line saying which method made the file
// and, for history matching, the share of the space left after each wave.
// The numbers come from calibration_data.hpp; this file only draws
// (ImDrawList, like plot.cpp and sweep_view.cpp).
#include <filesystem>
#include <memory>
#include <string>

#include "viewer/data/calibration_data.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

class CalibrationView {
 public:
  // Opens (or re-opens) a calibration file; false with `error` set on failure.
  bool open(const std::filesystem::path& path, std::string* error);
  bool has_file() const { return model_ != nullptr; }
  const std::filesystem::path& path() const { return path_; }
  void close() { model_.reset(); }

  void draw(ViewState& view);

 private:
  void draw_parameters(ViewState& view, float width);
  void draw_pair(ViewState& view, float width, float height);
  void draw_targets(ViewState& view, float width);

  std::unique_ptr<CalibrationModel> model_;
  std::filesystem::path path_;
  int pair_x_ = 0, pair_y_ = 1;  // the pair plot's parameters
};

}  // namespace loom::viewer
