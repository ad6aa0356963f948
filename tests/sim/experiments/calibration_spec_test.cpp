// Calibration specs (sim/experiments/calibration_spec.hpp): every mistake is
// an error naming the file, the line, the key and what is allowed, before
// anything runs.
#include <catch2/catch.hpp>

#include "models/catalog/model_catalog.hpp"
#include "sim/experiments/calibration_spec.hpp"

using namespace loom;

namespace {

// The error a spec text gets, parsed and resolved against its model.
std::string spec_error(const std::string& text) {
  try {
    CalibrationSpec spec = parse_calibration_spec(text, "c.toml");
    auto model = make_model(spec.model);
    resolve_calibration(spec, model->sections(), model->layout());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

const std::string kHead = "[calibrate]\nmodel = \"school\"\nparticles = 50\n";
const std::string kPrior = "[priors]\n\"capacity.initial_capacity\" = { min = 2.5, max = 7.5 }\n";
const std::string kTarget = "[targets]\nteacher_turnover_rate = { value = 0.16, sd = 0.01 }\n";

}  // namespace

TEST_CASE("A valid calibration spec reads, in file order", "[calibration]") {
  CalibrationSpec spec = parse_calibration_spec(
      kHead +
          "[priors]\n\"trust.honest_report_safety\" = { distribution = \"beta\", a = 2, b = 2, "
          "min = 0.3, max = 0.9 }\n\"capacity.initial_capacity\" = { min = 2.5, max = 7.5 }\n" +
          kTarget + "\"outcome_mean@year3\" = { value = 0.05, sd = 0.03, source = \"x\" }\n",
      "c.toml");
  auto model = make_model("school");
  resolve_calibration(spec, model->sections(), model->layout());
  REQUIRE(spec.priors.size() == 2);
  CHECK(spec.priors[0].key == "trust.honest_report_safety");
  CHECK(spec.priors[0].shape == PriorShape::kBeta);
  REQUIRE(spec.targets.size() == 2);
  CHECK_FALSE(spec.targets[0].is_metric);
  CHECK(spec.targets[1].is_metric);
  const auto layout = model->layout();
  CHECK(spec.targets[1].step == static_cast<std::size_t>(3 * layout.steps_per_year - 1));
  CHECK(spec.targets[1].source == "x");
}

TEST_CASE("Calibration spec mistakes name the file, line, key and what is allowed",
          "[calibration]") {
  CHECK_THAT(spec_error(kHead + "partcles = 3\n" + kPrior + kTarget),
             Catch::Contains("c.toml:4") && Catch::Contains("calibrate.partcles") &&
                 Catch::Contains("did you mean 'particles'"));
  CHECK_THAT(spec_error(kHead + "method = \"abc\"\n" + kPrior + kTarget),
             Catch::Contains("abc-smc, history-matching"));
  CHECK_THAT(spec_error("[calibrate]\nmodel = \"school\"\nparticles = 3\n" + kPrior + kTarget),
             Catch::Contains("c.toml:3") && Catch::Contains("from 10 to"));
  CHECK_THAT(
      spec_error(kHead + "[priors]\n\"capacity.initial_capacty\" = { min = 2, max = 3 }\n" +
                 kTarget),
      Catch::Contains("c.toml:5") && Catch::Contains("did you mean 'capacity.initial_capacity'"));
  CHECK_THAT(
      spec_error(kHead + "[priors]\n\"capacity.initial_capacity\" = { min = -5, max = 3 }\n" +
                 kTarget),
      Catch::Contains("c.toml:5") && Catch::Contains("outside the allowed range"));
  CHECK_THAT(
      spec_error(kHead + kPrior + "[targets]\nteacher_turnover = { value = 1, sd = 1 }\n"),
      Catch::Contains("c.toml:7") && Catch::Contains("did you mean 'teacher_turnover_rate'"));
  CHECK_THAT(
      spec_error(kHead + kPrior + "[targets]\n\"outcome_mean@year99\" = { value = 1, sd = 1 }\n"),
      Catch::Contains("c.toml:7") && Catch::Contains("year1 to year"));
  CHECK_THAT(
      spec_error(kHead + kPrior + "[targets]\nteacher_turnover_rate = { value = 1, sd = 0 }\n"),
      Catch::Contains("c.toml:7") && Catch::Contains("sd must be above 0"));
  CHECK_THAT(
      spec_error(kHead + "[priors]\n\"school.teachers\" = { min = 10, max = 20 }\n" + kTarget),
      Catch::Contains("only real-valued parameters"));
  CHECK_THAT(
      spec_error(kHead + "[priors]\n\"capacity.initial_capacity\" = { min = 3, max = 5, a = 2 }\n" +
                 kTarget),
      Catch::Contains("distribution = \\\"beta\\\"") || Catch::Contains("distribution = \"beta\""));
  CHECK_THAT(spec_error(kHead + kPrior), Catch::Contains("no [targets]"));
  CHECK_THAT(spec_error("[calibrate]\nparticles = 50\n" + kPrior + kTarget),
             Catch::Contains("exactly one of `base`"));
}
