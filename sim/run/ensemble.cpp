#include "sim/run/ensemble.hpp"

#include <stdexcept>

namespace loom {

std::vector<double> EnsembleResult::summary_column(const std::string& field) const {
  std::size_t index = layout.summary.size();
  for (std::size_t i = 0; i < layout.summary.size(); ++i) {
    if (layout.summary[i] == field) index = i;
  }
  if (index == layout.summary.size()) throw std::out_of_range("no summary field " + field);
  std::vector<double> column;
  column.reserve(runs.size());
  for (const auto& r : runs) column.push_back(r.summary[index]);
  return column;
}

}  // namespace loom
