// The Calibration tab's data (viewer/data/calibration_data.hpp) on real
// calibration files, made here by `loom calibrate`'s own runner
// (models/catalog/calibration_runner.hpp) on the linear Gaussian toy
// (models/gaussian): ABC-SMC with a uniform and a beta prior, and history
// matching; plus the school calibration that ships with the presets.
#include "viewer/data/calibration_data.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <numeric>
#include <string>

#include "models/catalog/calibration_runner.hpp"
#include "tests/viewer/data/results_fixture.hpp"
#include "viewer/data/results_file.hpp"
#include "viewer/data/sweep_data.hpp"

using namespace loom;
using namespace loom::viewer;

namespace {

// A small calibration of the toy: `method_lines` say how ([calibrate]
// keys), the priors are uniform on [-3, 3] for theta1 and beta(2, 3)
// stretched onto [-3, 3] for theta2.
std::filesystem::path calibrate_toy(const std::string& name, const std::string& method_lines) {
  const auto spec = test::temp_path(name + ".toml");
  std::ofstream(spec) << "[calibrate]\nmodel = \"gaussian\"\n"
                      << method_lines
                      << "replicates = 2\nseed = 7\n[priors]\n"
                         "\"gaussian.theta1\" = { min = -3, max = 3 }\n"
                         "\"gaussian.theta2\" = { distribution = \"beta\", a = 2, b = 3, "
                         "min = -3, max = 3 }\n[targets]\n"
                         "y1 = { value = 1.0, sd = 0.5, source = \"invented for a test\" }\n"
                         "y5 = { value = 0.0, sd = 0.5 }\n";
  const PreparedCalibration c = prepare_calibration(spec);
  CalibrationOptions options;
  options.output = test::temp_path(name + ".h5");
  options.threads = 1;
  options.progress = ProgressObserver::Mode::kQuiet;
  options.write_files = true;
  run_calibration(c, options);
  return options.output;
}

const std::filesystem::path& abc_file() {
  static const auto path =
      calibrate_toy("viewer_abc", "particles = 60\ngenerations = 2\nmin_acceptance = 0.01\n");
  return path;
}

double bin_area(const ParameterFit& p) {
  double area = 0.0;
  for (std::size_t b = 0; b < p.posterior_density.size(); ++b)
    area += p.posterior_density[b] * (p.edges[b + 1] - p.edges[b]);
  return area;
}

}  // namespace

TEST_CASE("A calibration file is recognised, other files are not", "[calibration]") {
  CHECK(is_calibration_file(abc_file()));
  const auto results = test::temp_path("viewer_not_calibration.h5");
  test::write_comparison(results, {"top-down"}, 1);
  CHECK_FALSE(is_calibration_file(results));
  CHECK_FALSE(is_sweep_file(abc_file()));  // App asks is_sweep_file first
  CHECK_FALSE(is_calibration_file(test::temp_path("viewer_missing_calibration.h5")));
  const auto text = test::temp_path("viewer_calibration_notes.h5");
  std::ofstream(text) << "not HDF5\n";
  CHECK_FALSE(is_calibration_file(text));

  // Opening one anyway: a message naming the file, for the sidebar.
  try {
    CalibrationModel model(results);
    FAIL("a results file opened as a calibration");
  } catch (const ResultsError& e) {
    CHECK_THAT(e.what(), Catch::Contains(results.string()));
    CHECK_THAT(e.what(), Catch::Contains("not a Loom calibration file"));
  }
  try {
    CalibrationModel model(text);
    FAIL("a text file opened as a calibration");
  } catch (const ResultsError& e) {
    CHECK_THAT(e.what(), Catch::Contains(text.string()));
  }
}

TEST_CASE("Priors are drawn as their densities, posteriors as histograms of area 1",
          "[calibration]") {
  const CalibrationModel model(abc_file());
  CHECK_FALSE(model.history_matching());
  REQUIRE(model.posterior() != nullptr);
  REQUIRE(model.parameters().size() == 2);
  const auto summaries = model.record().posterior_summaries();
  for (std::size_t k = 0; k < 2; ++k) {
    const ParameterFit& p = model.parameters()[k];
    INFO(p.key);
    REQUIRE(p.grid.size() == kPriorGridCells);
    REQUIRE(p.prior_density.size() == kPriorGridCells);
    // The prior's grid spans its range, and the density integrates to 1
    // (midpoint rule: exact for the uniform, within 1e-3 for the beta).
    CHECK(p.grid.front() > -3.0);
    CHECK(p.grid.back() < 3.0);
    const double cell = 6.0 / kPriorGridCells;
    CHECK(std::accumulate(p.prior_density.begin(), p.prior_density.end(), 0.0) * cell ==
          Approx(1.0).margin(1e-3));
    // The posterior: edges over the prior's range, a density per bin whose
    // area is 1, on the bin count posterior_bins gives for its spread.
    REQUIRE(p.edges.size() == p.posterior_density.size() + 1);
    CHECK(p.edges.front() == -3.0);
    CHECK(p.edges.back() == Approx(3.0));
    CHECK(bin_area(p) == Approx(1.0).margin(1e-12));
    CHECK(p.posterior.mean == summaries[k].mean);
    CHECK(p.posterior.q05 == summaries[k].q05);
    CHECK(p.posterior.q95 == summaries[k].q95);
    // The histogram's mean is the weighted mean up to half a bin.
    double mean = 0.0;
    for (std::size_t b = 0; b < p.posterior_density.size(); ++b)
      mean += p.posterior_density[b] * (p.edges[b + 1] - p.edges[b]) * 0.5 *
              (p.edges[b] + p.edges[b + 1]);
    CHECK(std::abs(mean - p.posterior.mean) <= 0.5 * (p.edges[1] - p.edges[0]) + 1e-12);
  }
  // Uniform on [-3, 3]: 1/6 everywhere. Beta(2, 3) stretched onto [-3, 3]:
  // f(x) = u (1 - u)^2 / (B(2, 3) 6) with u = (x + 3) / 6 and B(2, 3) = 1/12.
  const ParameterFit& uniform = model.parameters()[0];
  for (const double d : uniform.prior_density) CHECK(d == Approx(1.0 / 6.0));
  CHECK(uniform.prior_q05 == Approx(-2.7));
  CHECK(uniform.prior_q95 == Approx(2.7));
  const ParameterFit& beta = model.parameters()[1];
  for (std::size_t c = 0; c < beta.grid.size(); ++c) {
    const double u = (beta.grid[c] + 3.0) / 6.0;
    CHECK(beta.prior_density[c] == Approx(2.0 * u * (1.0 - u) * (1.0 - u)));
  }
  // Words from the model's tables, not the keys.
  CHECK(uniform.label != uniform.key);
  CHECK_FALSE(uniform.label.empty());
}

TEST_CASE("The bin count follows the posterior's spread, within 8 and 80", "[calibration]") {
  // 2 x 200^(1/3) = 11.7 bins across the 90% range; that range is a
  // quarter of the prior's, so 47 bins over it.
  CHECK(posterior_bins(200.0, 0.0, 1.0, 0.0, 4.0) == 47);
  CHECK(posterior_bins(200.0, 0.0, 4.0, 0.0, 4.0) == 12);
  CHECK(posterior_bins(200.0, 0.0, 0.001, 0.0, 4.0) == 80);  // a spike: at most 80
  CHECK(posterior_bins(1.0, 0.0, 4.0, 0.0, 4.0) == 8);       // one particle: at least 8
  CHECK(posterior_bins(200.0, 1.0, 1.0, 0.0, 4.0) == 8);     // no spread
  CHECK(posterior_bins(NAN, 0.0, 1.0, 0.0, 4.0) == 8);
}

TEST_CASE("Pairs of parameters and the targets' posterior predictive", "[calibration]") {
  const CalibrationModel model(abc_file());
  const AbcGeneration& post = *model.posterior();
  const PairPoints pair = model.pair(0, 1);
  REQUIRE(pair.x.size() == post.particles.size());
  REQUIRE(pair.weight.size() == pair.x.size());
  CHECK(std::accumulate(pair.weight.begin(), pair.weight.end(), 0.0) == Approx(1.0));
  CHECK(std::accumulate(pair.relative.begin(), pair.relative.end(), 0.0) ==
        Approx(static_cast<double>(pair.x.size())));
  for (std::size_t i = 0; i < pair.x.size(); ++i) {
    CHECK(pair.x[i] == post.particles[i].theta[0]);
    CHECK(pair.y[i] == post.particles[i].theta[1]);
    CHECK(pair.relative[i] > 0.0);
    CHECK(pair.relative[i] == Approx(pair.weight[i] * static_cast<double>(pair.x.size())));
  }
  CHECK(model.design_points(0, 1).x.empty());  // ABC-SMC has no waves

  REQUIRE(model.targets().size() == 2);
  for (std::size_t t = 0; t < 2; ++t) {
    const TargetFit& fit = model.targets()[t];
    INFO(fit.name);
    CHECK(fit.particles == post.particles.size());
    // The weighted mean of the particles' simulated means, computed here.
    double mean = 0.0, total = 0.0;
    for (const auto& p : post.particles) {
      mean += p.weight * p.simulated[t];
      total += p.weight;
    }
    CHECK(fit.mean == Approx(mean / total));
    CHECK(fit.q05 <= fit.mean);
    CHECK(fit.mean <= fit.q95);
    CHECK(fit.q05 < fit.q95);
    // The fitted simulations land near the observations (both targets are
    // reachable by the toy), as ABC's tolerance promises.
    CHECK(std::abs(fit.sds_off()) < 2.0);
  }
  CHECK(model.targets()[0].observed == 1.0);
  CHECK(model.targets()[0].sd == 0.5);
  CHECK(model.targets()[0].source == "invented for a test");
  CHECK(model.targets()[0].label == "Toy output 1");
  CHECK(model.targets()[1].source.empty());
  CHECK_THAT(model.method_line(), Catch::Contains("ABC-SMC"));
  CHECK_THAT(model.method_line(), Catch::Contains("60 settings kept"));
  CHECK(model.waves_line().empty());
}

TEST_CASE("History matching: the share of space left per wave and the waves' designs",
          "[calibration]") {
  const auto path = calibrate_toy("viewer_history",
                                  "method = \"history-matching\"\nparticles = 30\nwaves = 2\n"
                                  "points_per_wave = 20\ncandidates = 4000\n");
  const CalibrationModel model(path);
  CHECK(model.history_matching());
  REQUIRE(model.record().waves.size() == 2);
  for (const auto& w : model.record().waves) {
    CHECK(w.nroy_fraction > 0.0);
    CHECK(w.nroy_fraction <= 1.0);
  }
  // "100% -> a% -> b%": the prior, then each wave.
  const std::string line = model.waves_line();
  CHECK(line.rfind("100%", 0) == 0);
  std::size_t arrows = 0;
  for (std::size_t at = line.find("\u2192"); at != std::string::npos;
       at = line.find("\u2192", at + 1))
    ++arrows;
  CHECK(arrows == 2);
  CHECK_THAT(model.method_line(), Catch::Contains("history matching"));
  CHECK_THAT(model.method_line(), Catch::Contains("2 waves"));
  CHECK_THAT(model.method_line(), Catch::Contains(line));
  // The check runs weigh the same: every dot the same size.
  REQUIRE(model.posterior() != nullptr);
  const PairPoints pair = model.pair(0, 1);
  CHECK_FALSE(pair.x.empty());
  for (const double r : pair.relative) CHECK(r == Approx(1.0));
  // The waves' design points: 20 per wave, anywhere in the prior's square.
  const PairPoints design = model.design_points(0, 1);
  CHECK(design.x.size() == 40);
  for (std::size_t i = 0; i < design.x.size(); ++i) {
    CHECK(std::abs(design.x[i]) <= 3.0);
    CHECK(std::abs(design.y[i]) <= 3.0);
  }
  for (const ParameterFit& p : model.parameters()) CHECK(bin_area(p) == Approx(1.0));
}

TEST_CASE("The school calibration that ships with the presets reads in plain words",
          "[calibration]") {
  const std::filesystem::path shipped =
      std::filesystem::path(LOOM_SOURCE_DIR) / "scenarios/calibration/school-posterior.h5";
  if (!std::filesystem::exists(shipped)) {
    WARN("no shipped school posterior: " << shipped);
    return;
  }
  const CalibrationModel model(shipped);
  REQUIRE(model.parameters().size() == 3);
  for (const ParameterFit& p : model.parameters()) {
    CHECK(p.label != p.key);
    CHECK(bin_area(p) == Approx(1.0));
    // Uniform priors: the prior's density is 1 / (max - min).
    for (const double d : p.prior_density) CHECK(d == Approx(1.0 / (p.prior.max - p.prior.min)));
  }
  REQUIRE(model.targets().size() == 4);
  const TargetFit& effect = model.targets()[2];
  CHECK(effect.name == "outcome_mean@year5");
  CHECK_THAT(effect.label, Catch::Contains("year 5"));
  CHECK_THAT(effect.label, Catch::Contains("against the baseline"));
  CHECK(effect.source == "Borman et al. 2003");
  for (const TargetFit& t : model.targets()) {
    CHECK(t.q05 <= t.mean);
    CHECK(t.mean <= t.q95);
  }
}
