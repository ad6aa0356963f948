#include "viewer/data/csv_export.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace loom::viewer;

namespace {
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
}  // namespace

TEST_CASE("CSV fields are quoted only when they must be", "[viewer]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("The CSV has one row per plotted scenario, metric and step", "[viewer]") {
  ScenarioData s;
  s.source = "out/a,b.h5";
  s.metrics = {"outcome_gap", "custom_metric"};
  s.runs = 2;
  s.steps = 3;
  // run 0: gap 0.1 0.2 0.3; run 1: gap 0.3 0.4 0.5; custom = 5 everywhere.
  s.timeseries = {0.1, 5, 0.2, 5, 0.3, 5, 0.3, 5, 0.4, 5, 0.5, 5};
  s.compute_all_bands();
  const std::vector<PlottedSeries> plotted{{&s, "Top-down", 0}, {&s, "Top-down", 1}};
  const auto rows = lines(series_csv(plotted));
  REQUIRE(rows.size() == 1 + 2 * 3);
  CHECK(rows[0] == "scenario,source,metric,label,unit,week,runs,median,p05,p25,p75,p95,mean");
  CHECK(rows[1] ==
        "Top-down,\"out/a,b.h5\",outcome_gap,Gap between student groups,SD,0,2,0.2,0.11,0.15,"
        "0.25,0.29,0.2");
  CHECK(rows[3].rfind("Top-down,\"out/a,b.h5\",outcome_gap,Gap between student groups,SD,2,2,0.4,",
                      0) == 0);
  // An unknown metric keeps its raw name as the label.
  CHECK(rows[4] == "Top-down,\"out/a,b.h5\",custom_metric,custom_metric,,0,2,5,5,5,5,5,5");
}
