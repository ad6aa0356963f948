#include "viewer/scenario_settings.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "models/runner/scenario_runner.hpp"
#include "results_fixture.hpp"

using namespace loom;
using namespace loom::viewer;

namespace {
const std::string kPresets = std::string(LOOM_SOURCE_DIR) + "/scenarios/";
}

TEST_CASE("Settings come from a preset and change one lever at a time", "[viewer]") {
  ScenarioSettings s = ScenarioSettings::from_file(kPresets + "top-down.toml");
  CHECK(s.id == "top-down");
  CHECK(s.header.name == "Top-down leadership");
  CHECK(s.value("leadership", "socialisation_pressure") == Approx(0.3));
  CHECK(s.value("leadership", "learn_from") == 0.0);  // choice index: leaders
  CHECK_FALSE(s.value("leadership", "no_such_lever").has_value());
  CHECK(s.set("leadership", "voice_members", 4));
  CHECK_FALSE(s.set("nowhere", "x", 1));
  const auto model = s.make_model();
  for (ParameterSection* section : model->sections()) {
    if (section->name() != "leadership") continue;
    std::size_t index = 0;
    REQUIRE(section->find("voice_members", &index));
    CHECK(section->get(index) == 4.0);
  }
}

TEST_CASE("Saved settings run with `loom run` and give the same values back", "[viewer]") {
  const ScenarioSettings preset = ScenarioSettings::from_file(kPresets + "shared-leadership.toml");
  ScenarioSettings changed = preset;
  changed.set("leadership", "socialisation_pressure", 0.25);
  changed.set("leadership", "study", 0);  // averages
  changed.header.name = "Shared, pushed harder";
  const auto path = test::temp_path("saved-whatif.toml");
  save_scenario_file(changed, preset, path);

  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  CHECK_THAT(text.str(), Catch::Contains("starting from the preset 'shared-leadership'"));
  CHECK_THAT(text.str(),
             Catch::Contains("# changed: leadership.socialisation_pressure = 0.25 (preset: 0.05)"));
  CHECK_THAT(text.str(), Catch::Contains("# changed: leadership.study = \"averages\""));

  const LoadedScenario loaded = load_scenario(path.string(), RunRequest{});
  const ScenarioSettings back =
      ScenarioSettings::from_model(loaded.id, loaded.header, *loaded.model);
  CHECK(back.header.name == "Shared, pushed harder");
  CHECK(back.header.seed == preset.header.seed);
  REQUIRE(back.sections.size() == changed.sections.size());
  for (std::size_t i = 0; i < back.sections.size(); ++i) {
    CHECK(back.sections[i].name == changed.sections[i].name);
    CHECK(back.sections[i].values == changed.sections[i].values);
  }
  CHECK(describe_changes(back, changed).empty());
  CHECK(describe_changes(preset, preset).empty());
}

TEST_CASE("Invalid settings are refused with the reason", "[viewer]") {
  CHECK_THROWS_AS(ScenarioSettings::from_file(kPresets + "no-such-preset.toml"), ScenarioError);
  ScenarioSettings s = ScenarioSettings::from_file(kPresets + "top-down.toml");
  s.header.model = "weather";
  CHECK_THROWS_AS(s.make_model(), ScenarioError);
}
