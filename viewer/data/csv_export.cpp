#include "viewer/data/csv_export.hpp"

#include <cmath>
#include <cstdio>

#include "viewer/data/metric_labels.hpp"

namespace loom::viewer {
namespace {

std::string number(double v) {
  if (std::isnan(v)) return "";  // empty cell: no replicate had a value
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string series_csv(std::span<const PlottedSeries> series) {
  std::string time_label = "week";
  if (!series.empty() && series.front().scenario) time_label = series.front().scenario->time_label;
  std::string out = "scenario,source,metric,label,unit," + csv_field(time_label) +
                    ",runs,median,p05,p25,p75,p95,mean\n";
  for (const auto& s : series) {
    if (!s.scenario || s.metric < 0 ||
        static_cast<std::size_t>(s.metric) >= s.scenario->bands.size()) {
      continue;
    }
    const auto& name = s.scenario->metrics[static_cast<std::size_t>(s.metric)];
    const MetricText text = metric_text(name);
    const SeriesBands& b = s.scenario->bands[static_cast<std::size_t>(s.metric)];
    const std::string prefix = csv_field(s.display_name) + "," + csv_field(s.scenario->source) +
                               "," + csv_field(name) + "," + csv_field(text.label) + "," +
                               csv_field(text.unit) + ",";
    for (std::size_t t = 0; t < b.steps(); ++t) {
      out += prefix + std::to_string(t) + "," + std::to_string(b.runs) + "," + number(b.median[t]) +
             "," + number(b.p05[t]) + "," + number(b.p25[t]) + "," + number(b.p75[t]) + "," +
             number(b.p95[t]) + "," + number(b.mean[t]) + "\n";
    }
  }
  return out;
}

}  // namespace loom::viewer
