#pragma once
// The Sensitivity tab: a sweep file (`loom sweep`) as a bar chart of each
// factor's sensitivity indices for one summary field (with 95% interval
// whiskers where the method has them: Sobol) and a scatter of that field's
// point means against one factor. The data and the indices come from
// sweep_data.hpp; this file only draws (ImDrawList, like plot.cpp).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "viewer/data/sweep_data.hpp"
#include "viewer/ui/view_state.hpp"

namespace loom::viewer {

class SweepView {
 public:
  // Opens (or re-opens) a sweep file on the field initial_field picks for
  // `preferred_field`; false with `error` set on failure.
  bool open(const std::filesystem::path& path, const std::string& preferred_field,
            std::string* error);
  bool has_file() const { return model_ != nullptr; }
  const std::filesystem::path& path() const { return path_; }
  void close() { model_.reset(); }

  void draw(ViewState& view);
  // The field the user picked in the list since the last call, if any.
  std::optional<std::string> take_chosen_field() { return std::exchange(chosen_, std::nullopt); }

 private:
  void draw_bars(const SensitivityResult& result, ViewState& view);
  void draw_scatter(const std::string& field, ViewState& view);

  std::unique_ptr<SweepModel> model_;
  std::filesystem::path path_;
  int field_ = 0;
  int factor_ = 0;
  std::optional<std::string> chosen_;
};

}  // namespace loom::viewer
