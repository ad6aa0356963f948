#include "viewer/data/summary_compare.hpp"

#include <catch2/catch.hpp>
#include <limits>

#include "models/catalog/model_catalog.hpp"
#include "sim/run/model.hpp"
#include "viewer/data/metric_labels.hpp"

using namespace loom::viewer;

namespace {
ScenarioData with_summary(std::uint64_t seed, std::vector<std::string> fields,
                          std::vector<std::vector<double>> columns) {
  ScenarioData s;
  s.model = "school";
  s.seed = seed;
  s.runs = static_cast<int>(columns.front().size());
  s.summary_fields = std::move(fields);
  s.summary = std::move(columns);
  return s;
}
}  // namespace

TEST_CASE("Summary rows give means with intervals and differences from the first", "[viewer]") {
  // b = a + 1 + small noise: paired differences are tight, Welch's are wide.
  const ScenarioData a = with_summary(7, {"gap", "only_a"}, {{1, 5, 9, 13}, {0, 0, 0, 0}});
  const ScenarioData b = with_summary(7, {"gap"}, {{2.1, 5.9, 10.1, 13.9}});
  const ScenarioData c = with_summary(8, {"gap"}, {{2.1, 5.9, 10.1, 13.9}});
  const std::vector<const ScenarioData*> list{&a, &b, &c};
  const auto rows = summary_rows(list);
  REQUIRE(rows.size() == 2);
  const SummaryRow& gap = rows[0];
  CHECK(gap.field == "gap");
  CHECK(gap.estimates[0].mean == Approx(7.0));
  CHECK(gap.estimates[0].ci_low < 7.0);
  CHECK(gap.estimates[0].ci_high > 7.0);
  CHECK(gap.paired[1]);        // same seed, same replicate count
  CHECK_FALSE(gap.paired[2]);  // another seed: independent samples
  CHECK(gap.differences[1].mean == Approx(1.0));
  CHECK(gap.differences[2].mean == Approx(1.0));
  const double paired_width = gap.differences[1].ci_high - gap.differences[1].ci_low;
  const double welch_width = gap.differences[2].ci_high - gap.differences[2].ci_low;
  CHECK(paired_width < 0.2 * welch_width);

  const SummaryRow& only = rows[1];
  CHECK(only.present == std::vector<bool>{true, false, false});
  CHECK(only.estimates[1].count == 0);
}

TEST_CASE("A measure missing in some runs reads n/a or 'k of n runs', never a number", "[viewer]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Gap undefined in two of five runs (no underserved student), in all of c's.
  const ScenarioData a = with_summary(7, {"gap"}, {{0.4, nan, 0.5, nan, 0.6}});
  const ScenarioData b = with_summary(7, {"gap"}, {{0.3, 0.2, nan, 0.4, 0.5}});
  const ScenarioData c = with_summary(7, {"gap"}, {{nan, nan, nan, nan, nan}});
  const std::vector<const ScenarioData*> list{&a, &b, &c};
  const SummaryRow row = summary_rows(list).front();
  CHECK(row.estimates[0].mean == Approx(0.5));
  CHECK(row.estimates[0].count == 3);
  const EstimateText ta = estimate_text(row.estimates[0], 3, false);
  CHECK(ta.top == "0.500");
  CHECK(ta.bottom.find("3 of 5 runs") != std::string::npos);
  // Paired by run: only runs 0 and 4 have both values.
  CHECK(row.differences[1].count == 2);
  CHECK(row.differences[1].missing == 3);
  const EstimateText tc = estimate_text(row.estimates[2], 3, false);
  CHECK(tc.top == "n/a");
  CHECK(tc.bottom == "0 of 5 runs");
  CHECK(estimate_text(row.differences[2], 3, true).top == "n/a");
}

TEST_CASE("A baseline gives differences from doing nothing, at the end and year by year",
          "[viewer]") {
  // Two school years of 2 weeks, one metric; the baseline (role "baseline")
  // stays at 0, scenario a gains 0.1 a year, b 0.2 a year, each run with
  // its own offset so pairing matters.
  const auto make = [](const std::string& id, double per_year, bool baseline) {
    ScenarioData s;
    s.id = id;
    s.model = "school";
    s.seed = 7;
    s.runs = 3;
    s.steps = 4;
    s.weeks_per_year = 2;
    s.baseline = baseline;
    s.metrics = {"outcome_mean"};
    s.headline_metrics = {"outcome_mean"};
    for (int r = 0; r < 3; ++r)
      for (int t = 0; t < 4; ++t) s.timeseries.push_back(r + per_year * ((t + 1) / 2));
    s.summary_fields = {"outcome_mean"};
    s.summary = {{0 + 2 * per_year, 1 + 2 * per_year, 2 + 2 * per_year}};
    return s;
  };
  const ScenarioData a = make("a", 0.1, false), b = make("b", 0.2, false),
                     base = make("usual", 0.0, true);
  const std::vector<const ScenarioData*> list{&a, &b, &base};
  CHECK(baseline_index(list) == 2);
  const SummaryRow row = summary_rows(list).front();
  CHECK(row.baseline_differences[0].mean == Approx(0.2));
  CHECK(row.baseline_differences[1].mean == Approx(0.4));
  CHECK(row.baseline_differences[1].ci_high - row.baseline_differences[1].ci_low < 1e-9);

  const auto tables = yearly_tables(list);
  REQUIRE(tables.size() == 1);
  const YearlyTable& t = tables.front();
  CHECK(t.years == 2);
  // b - a, then a - usual, b - usual: the baseline is never "minus a".
  REQUIRE(t.columns.size() == 3);
  CHECK((t.columns[0].minuend == 1 && t.columns[0].subtrahend == 0));
  CHECK((t.columns[1].minuend == 0 && t.columns[1].subtrahend == 2));
  CHECK((t.columns[2].minuend == 1 && t.columns[2].subtrahend == 2));
  CHECK(t.columns[0].by_year[0].mean == Approx(0.1));
  CHECK(t.columns[0].by_year[1].mean == Approx(0.2));
  CHECK(t.columns[2].by_year[1].mean == Approx(0.4));
}

TEST_CASE("Every metric and summary field of every model has a plain label", "[viewer]") {
  // Enumerates the models' own output names, so a field added to a model
  // without a label in viewer/data/metric_labels.cpp fails here (and would show
  // as a raw variable name in a workshop).
  for (const std::string& model_name : loom::model_names()) {
    const auto layout = loom::make_model(model_name)->layout();
    // The Ishigami test function has a summary field and no time series.
    REQUIRE(!(layout.metrics.empty() && layout.summary.empty()));
    for (const auto* names : {&layout.metrics, &layout.summary}) {
      for (const std::string& name : *names) {
        INFO("model " << model_name << ", output " << name);
        const MetricText text = metric_text(name);
        CHECK(text.known);
        CHECK(text.label != name);
        CHECK(!text.term.empty());
      }
    }
  }
}
