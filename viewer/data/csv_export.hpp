#pragma once
// CSV of what is plotted: for each scenario and metric on screen, one row per
// step with the median and the quantile bands, so the picture can be redrawn
// or checked in a spreadsheet, R or pandas.
#include <span>
#include <string>
#include <string_view>

#include "viewer/data/results_file.hpp"

namespace loom::viewer {

struct PlottedSeries {
  const ScenarioData* scenario = nullptr;
  std::string display_name;  // as in the legend
  int metric = 0;            // index into scenario->metrics
};

// RFC 4180 quoting: fields with a comma, quote or line break are quoted.
std::string csv_field(std::string_view text);

// Header: scenario,source,metric,label,unit,<time_label>,runs,median,p05,p25,p75,p95,mean
// (<time_label> is "week" or "period", 0-based as in the results file).
std::string series_csv(std::span<const PlottedSeries> series);

}  // namespace loom::viewer
