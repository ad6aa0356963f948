#include "viewer/data/handout.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/viewer/data/results_fixture.hpp"
#include "viewer/data/flip_check.hpp"
#include "viewer/data/summary_compare.hpp"
#include "viewer/data/whatif_runner.hpp"

using namespace loom;
using namespace loom::viewer;

namespace {
const std::filesystem::path kPresets = std::filesystem::path(LOOM_SOURCE_DIR) / "scenarios";

std::vector<const ScenarioData*> pointers(const ResultsFile& file) {
  std::vector<const ScenarioData*> out;
  for (const auto& s : file.scenarios) out.push_back(s.get());
  return out;
}

bool same(const Estimate& a, const Estimate& b) {
  return a.mean == b.mean && a.ci_low == b.ci_low && a.ci_high == b.ci_high && a.count == b.count;
}
}  // namespace

TEST_CASE("The shipped sensitivity ranking is read, and a bad row is named", "[viewer][handout]") {
  const std::vector<std::filesystem::path> folders = {kPresets};
  const auto ranked = ranked_assumptions(folders, 4);
  REQUIRE(ranked.size() == 4);
  for (const auto& a : ranked) {
    CHECK(a.key.find('.') != std::string::npos);
    CHECK(a.low < a.high);
    CHECK_FALSE(a.label.empty());
  }
  const auto folder = test::temp_path("ranking");
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "sensitivity-ranking.tsv") << "# header\ntrust.x\t0.1\tlots\t1\tLabel\n";
  const std::vector<std::filesystem::path> bad = {folder};
  REQUIRE_THROWS_WITH(ranked_assumptions(bad), Catch::Contains("sensitivity-ranking.tsv, line 2") &&
                                                   Catch::Contains("must be numbers"));
  CHECK(ranked_assumptions(std::vector<std::filesystem::path>{folder / "none"}).empty());
}

TEST_CASE("Flip verdicts compare the side of 0 each interval lies on", "[viewer][handout]") {
  const auto e = [](double lo, double hi) {
    Estimate x;
    x.mean = (lo + hi) / 2;
    x.ci_low = lo;
    x.ci_high = hi;
    x.count = 10;
    return x;
  };
  CHECK(flip_verdict(e(0.1, 0.2), e(0.05, 0.3)) == "holds");
  CHECK(flip_verdict(e(0.1, 0.2), e(-0.3, -0.1)) == "flips");
  CHECK(flip_verdict(e(0.1, 0.2), e(-0.1, 0.1)) == "unclear");
  CHECK(flip_verdict(e(-0.1, 0.1), e(0.1, 0.2)) == "clear");
}

TEST_CASE("Flip checks re-run the pair paired, changing only the assumption", "[viewer][handout]") {
  const auto path = test::temp_path("handout-pair.h5");
  test::write_comparison(path, {"top-down", "shared-leadership"}, 4);
  const ResultsFile file = load_results_file(path);
  const auto data = pointers(file);
  // An assumption moved to the preset's own value changes nothing: its
  // difference is the as-shown one, bit for bit (same runs, same streams).
  const double own = *data[0]->settings->value("pdsa", "cycle_weeks");
  REQUIRE(*data[1]->settings->value("pdsa", "cycle_weeks") == own);
  const std::vector<Assumption> assumptions = {{"pdsa.cycle_weeks", own, 6.0, "Weeks a test runs"},
                                               {"nosuch.key", 0.0, 1.0, "Not a parameter"}};
  const auto checks = check_flips(data, "outcome_mean", assumptions, 4, 2);
  REQUIRE(checks.size() == 1);
  const FlipCheck& c = checks[0];
  CHECK(c.other == 1);
  CHECK(c.replicates == 4);
  REQUIRE(c.rows.size() == 2);
  CHECK(c.rows[0].applies);
  CHECK(same(c.rows[0].at_low, c.as_shown));
  CHECK_FALSE(same(c.rows[0].at_high, c.as_shown));  // 6-week tests: another school year
  CHECK_FALSE(c.rows[1].applies);
  // The as-shown difference is the file's own (its runs are the file's runs).
  const auto rows = summary_rows(data);
  const auto row = std::find_if(rows.begin(), rows.end(),
                                [](const SummaryRow& r) { return r.field == "outcome_mean"; });
  REQUIRE(row != rows.end());
  CHECK(same(row->differences[1], c.as_shown));
}

TEST_CASE("A handout page holds the plot, the summary in words and the flips",
          "[viewer][handout]") {
  const auto path = test::temp_path("handout-three.h5");
  test::write_comparison(path, {"top-down", "shared-leadership"}, 4);
  const ResultsFile file = load_results_file(path);
  HandoutInput in;
  for (const auto& s : file.scenarios) in.scenarios.push_back({s.get(), s->name, {0, 114, 178}});
  in.sources = {"handout-three.h5"};
  const std::vector<std::filesystem::path> folders = {kPresets};
  const auto out = test::temp_path("handout.pdf");
  const std::string said = write_handout(in, folders, 4, 2, out);
  CHECK_THAT(said, Catch::Contains("4 assumptions checked with 4 paired runs"));
  std::ifstream f(out, std::ios::binary);
  const std::string pdf((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  for (const char* text : {"compared with Top-down leadership", "At the end of the run",
                           "the interval excludes 0", "What could change the conclusion",
                           "trust.honest_report_safety", "Made by Loom from handout-three.h5"}) {
    INFO(text);
    CHECK(pdf.find(text) != std::string::npos);
  }
  // A measure no scenario has is refused with the nearest one.
  in.measure = "outcome_men";
  REQUIRE_THROWS_WITH(write_handout(in, folders, 4, 2, out),
                      Catch::Contains("no measure 'outcome_men'") &&
                          Catch::Contains("did you mean 'outcome_mean'"));
  // One scenario: a page, and the flips say why they were not checked.
  in.measure.clear();
  in.scenarios.resize(1);
  CHECK_THAT(write_handout(in, folders, 4, 2, out),
             Catch::Contains("one scenario alone has no comparison"));
}

TEST_CASE("A handout of what-if runs (no file) checks its flips too", "[viewer][handout]") {
  WhatIfRequest request;
  request.scenarios = {ScenarioSettings::from_file(kPresets / "top-down.toml"),
                       ScenarioSettings::from_file(kPresets / "shared-leadership.toml")};
  request.replicates = 3;
  request.threads = 2;
  const auto results = run_whatif(request);
  REQUIRE(results.has_value());
  HandoutInput in;
  for (const auto& s : *results) in.scenarios.push_back({s.get(), s->name, {213, 94, 0}});
  const std::vector<std::filesystem::path> folders = {kPresets};
  const auto out = test::temp_path("whatif-handout.pdf");
  CHECK_THAT(write_handout(in, folders, 3, 2, out),
             Catch::Contains("4 assumptions checked with 3 paired runs"));
  std::ifstream f(out, std::ios::binary);
  const std::string pdf((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  CHECK(pdf.find("Made by Loom from what-if runs") != std::string::npos);
}

TEST_CASE("Five scenarios still fit one page, the flips as a table of verdicts",
          "[viewer][handout]") {
  const auto path = test::temp_path("handout-five.h5");
  test::write_comparison(
      path, {"top-down", "shared-leadership", "overload", "subtraction-game", "compliance-pdsa"},
      3);
  const ResultsFile file = load_results_file(path);
  HandoutInput in;
  for (const auto& s : file.scenarios) in.scenarios.push_back({s.get(), s->name, {0, 158, 115}});
  const auto data = pointers(file);
  const std::vector<std::filesystem::path> folders = {kPresets};
  in.flips = check_flips(data, "outcome_mean", ranked_assumptions(folders), 3, 2);
  REQUIRE(in.flips.size() == 4);
  const PdfPage page = handout_page(in);
  CHECK(page.lowest_text() <= page.height() - 20.0);  // the footer too is on the paper
  const std::string pdf = page.bytes();
  CHECK(pdf.find("A cell reads: at the low end / at") != std::string::npos);
  CHECK(pdf.find("Made by Loom from what-if runs") != std::string::npos);
  // Two scenarios: the detailed table, also within the page.
  in.scenarios.resize(2);
  in.flips.resize(1);
  const PdfPage two = handout_page(in);
  CHECK(two.lowest_text() <= two.height() - 20.0);
  CHECK(two.bytes().find("as shown. Each assumption below") != std::string::npos);
}
