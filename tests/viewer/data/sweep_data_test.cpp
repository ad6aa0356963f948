#include "viewer/data/sweep_data.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/experiments/experiment_design.hpp"
#include "sim/output/hdf5_file.hpp"
#include "tests/viewer/data/results_fixture.hpp"
#include "viewer/data/results_file.hpp"

using namespace loom;
using namespace loom::viewer;

namespace {

// A sweep file in loom sweep's layout: a Latin hypercube over a float
// factor a on [0, 10] and a categorical factor mode ("low", "mid", "high"),
// two replicates per point; y = 2 a + 5 level(mode) + replicate (so the
// point mean is y + 0.5), z = 1 everywhere.
std::filesystem::path write_sweep(const std::string& name, std::size_t points) {
  const auto path = test::temp_path(name);
  const DesignMatrix d = lhs_design(points, 2, 7);
  const std::vector<std::string> levels{"low", "mid", "high"};
  std::vector<std::int64_t> ids;
  std::vector<double> a, ua, um;
  std::vector<std::string> mode;
  std::vector<std::int64_t> unit, point, replicate;
  std::vector<double> y, z;
  for (std::size_t r = 0; r < points; ++r) {
    ids.push_back(static_cast<std::int64_t>(r));
    a.push_back(scale(d.at(r, 0), 0.0, 10.0));
    const std::size_t level = level_of(d.at(r, 1), 3);
    mode.push_back(levels[level]);
    ua.push_back(d.at(r, 0));
    um.push_back(d.at(r, 1));
    for (std::int64_t rep = 0; rep < 2; ++rep) {
      unit.push_back(static_cast<std::int64_t>(r) * 2 + rep);
      point.push_back(static_cast<std::int64_t>(r));
      replicate.push_back(rep);
      y.push_back(2.0 * a.back() + 5.0 * static_cast<double>(level) + static_cast<double>(rep));
      z.push_back(1.0);
    }
  }
  Hdf5Writer w(path);
  w.create_group("/sweep");
  w.attribute("/sweep", "format", std::string("loom-sweep-1"));
  w.attribute("/sweep", "design", std::string("lhs"));
  w.attribute("/sweep", "samples", static_cast<std::int64_t>(points));
  w.attribute("/sweep", "replicates", std::int64_t{2});
  w.strings("/sweep/factor_names", std::vector<std::string>{"demo.a", "demo.mode"});
  const std::vector<TableColumn> point_table{
      {"point", ids}, {"demo.a", a}, {"demo.mode", mode}, {"u:demo.a", ua}, {"u:demo.mode", um}};
  w.table("/sweep/points", point_table);
  const std::vector<TableColumn> runs{
      {"unit", unit}, {"point", point}, {"replicate", replicate}, {"y", y}, {"z", z}};
  w.table("/sweep/runs", runs);
  w.attribute("/sweep", "complete", std::int64_t{1});
  w.commit();
  return path;
}

}  // namespace

TEST_CASE("A sweep file is recognised and shown with factors, means and indices", "[sweep]") {
  const auto path = write_sweep("viewer_sweep.h5", 60);
  CHECK(is_sweep_file(path));
  SweepModel model(path);
  CHECK(model.file().fields == std::vector<std::string>{"y", "z"});
  REQUIRE(model.factors().size() == 2);
  const FactorColumn& mode = model.factors()[1];
  // Level names come back in the spec's order from the unit coordinates.
  CHECK(mode.levels == std::vector<std::string>{"low", "mid", "high"});
  const FactorColumn& a = model.factors()[0];
  CHECK(a.levels.empty());
  const auto& means = model.means("y");
  REQUIRE(means.size() == 60);
  for (std::size_t i = 0; i < 60; ++i)
    CHECK(means[i] == Approx(2.0 * a.values[i] + 5.0 * mode.values[i] + 0.5));

  // y is exactly linear in a and the level index: R^2 = 1, both SRCs positive.
  std::string error;
  const SensitivityResult* r = model.indices("y", &error);
  REQUIRE(r != nullptr);
  CHECK(r->method == SensitivityMethod::kRegression);
  REQUIRE(r->r2.has_value());
  CHECK(*r->r2 == Approx(1.0).margin(1e-9));
  const auto bars = bar_series(*r);
  REQUIRE(bars.size() == 1);
  CHECK(bars[0].name == "SRC");
  CHECK(bars[0].value[0] > 0.0);
  CHECK(bars[0].value[1] > 0.0);
  CHECK(std::isnan(bars[0].half_width[0]));  // regression has no interval

  // A field without variance: a message, not a crash, and it is remembered.
  CHECK(model.indices("z", &error) == nullptr);
  CHECK(error.find("does not vary") != std::string::npos);
  CHECK(model.indices("z", nullptr) == nullptr);
}

TEST_CASE("Sobol and Morris results become bar series with their intervals", "[sweep]") {
  SensitivityResult sobol;
  sobol.method = SensitivityMethod::kSobol;
  sobol.factors = {"x1", "x2"};
  sobol.indices = {
      {"S1", {0.3, 0.4}}, {"S1_conf", {0.02, 0.03}}, {"ST", {0.5, 0.4}}, {"ST_conf", {0.04, 0.01}}};
  const auto s = bar_series(sobol);
  REQUIRE(s.size() == 2);
  CHECK(s[0].value == std::vector<double>{0.3, 0.4});
  CHECK(s[0].half_width == std::vector<double>{0.02, 0.03});
  CHECK(s[1].value == std::vector<double>{0.5, 0.4});
  CHECK(s[1].half_width == std::vector<double>{0.04, 0.01});

  SensitivityResult morris;
  morris.method = SensitivityMethod::kMorris;
  morris.factors = {"x1"};
  morris.indices = {{"mu_star", {2.0}}, {"mu", {-2.0}}, {"sigma", {0.5}}};
  const auto m = bar_series(morris);
  REQUIRE(m.size() == 2);
  CHECK(m[0].value == std::vector<double>{2.0});
  CHECK(m[1].value == std::vector<double>{0.5});
}

TEST_CASE("Files that are not sweeps are not taken for one", "[sweep]") {
  const auto results = test::temp_path("viewer_not_sweep.h5");
  test::write_comparison(results, {"top-down"}, 1);
  CHECK_FALSE(is_sweep_file(results));
  CHECK_FALSE(is_sweep_file(test::temp_path("viewer_missing.h5")));
  CHECK_THROWS_AS(SweepModel(results), ResultsError);
}

TEST_CASE("The Sensitivity tab opens on the preferred field, else the first outcome field",
          "[sweep]") {
  // A school sweep's fields start with code_knowledge, which the tab once
  // opened on; researchers asked for the outcome.
  const std::vector<std::string> fields{"code_knowledge", "staff_knowledge", "outcome_gap",
                                        "outcome_mean", "trust_mean"};
  CHECK(initial_field(fields, "") == 3);                   // outcome_mean
  CHECK(initial_field(fields, "trust_mean") == 4);         // --field or the one chosen last
  CHECK(initial_field(fields, "not_in_this_sweep") == 3);  // a field of another sweep
  CHECK(initial_field({"code_knowledge", "outcome_gap"}, "") == 1);  // any outcome_*
  CHECK(initial_field({"y", "z"}, "") == 0);                         // no outcome: the first field
}
