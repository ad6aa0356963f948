#include "viewer/data/scenario_settings.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "models/catalog/model_catalog.hpp"
#include "models/catalog/scenario_runner.hpp"
#include "sim/core/string_literal.hpp"
#include "tests/same_bits.hpp"
#include "tests/viewer/data/results_fixture.hpp"
#include "viewer/data/lever_steps.hpp"
#include "viewer/data/undo_history.hpp"

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

TEST_CASE("What-if presets leave out research models", "[viewer]") {
  const std::filesystem::path dir = std::filesystem::path(LOOM_SOURCE_DIR) / "scenarios";
  CHECK_FALSE(offered_for_whatif(ScenarioSettings::from_file(dir / "march1991.toml")));
  CHECK(offered_for_whatif(ScenarioSettings::from_file(dir / "top-down.toml")));
}

TEST_CASE("Lever sliders snap to round steps", "[viewer]") {
  CHECK(lever_step(0.0, 1.0) == Approx(0.01));
  CHECK(lever_step(0.0, 0.3) == Approx(0.005));
  CHECK(lever_step(0.0, 20.0) == Approx(0.2));
  CHECK(lever_step(1.0, 1.0) == 1.0);
  CHECK(snap_to_step(0.019, 0.01, 0.0, 1.0) == 0.02);
  CHECK(snap_to_step(0.3000004, 0.01, 0.0, 1.0) == 0.3);
  CHECK(snap_to_step(1.7, 0.5, 0.0, 1.0) == 1.0);
  CHECK(snap_to_step(0.123, 0.005, 0.0, 1.0) == Approx(0.125));
  CHECK(step_format(0.01) == "%.2f");
  CHECK(step_format(0.005) == "%.3f");
  CHECK(step_format(0.5) == "%.1f");
  CHECK(step_format(2.0) == "%.0f");
}

TEST_CASE("Lever changes can be undone and redone", "[viewer]") {
  UndoHistory<int> history(3);
  history.reset(0);
  CHECK_FALSE(history.can_undo());
  CHECK_FALSE(history.undo().has_value());
  history.commit(1);
  history.commit(2);
  history.amend(20);  // e.g. a new run count: no history entry
  CHECK(history.current() == 20);
  CHECK(history.undo() == 1);
  CHECK(history.undo() == 0);
  CHECK_FALSE(history.can_undo());
  CHECK(history.redo() == 1);
  CHECK(history.redo() == 20);
  CHECK_FALSE(history.can_redo());
  CHECK(history.undo() == 1);
  history.commit(5);  // a new change drops what was undone
  CHECK_FALSE(history.can_redo());
  for (int i = 6; i < 10; ++i) history.commit(i);
  int steps = 0;
  while (history.undo()) ++steps;
  CHECK(steps == 3);  // the limit
}

TEST_CASE("Settings carry a preset's schedule and plan new changes", "[viewer][schedule]") {
  ScenarioSettings s = ScenarioSettings::from_file(kPresets + "move-to-shared-in-year-2.toml");
  REQUIRE(s.schedule.size() == 1);
  CHECK(s.schedule[0].year == 2);
  CHECK(s.make_model()->schedule().size() == 1);  // what-if runs use it
  const std::string toml = s.to_toml();
  CHECK(toml.find("[[schedule]]\nyear = 2") != std::string::npos);
  const ScenarioSettings again = ScenarioSettings::from_text(toml, "again", "stored");
  REQUIRE(again.schedule.size() == 1);
  CHECK(again.schedule[0].values.size() == s.schedule[0].values.size());

  // "From year 3: blame 0.3" from a moved slider; a size cannot be planned.
  const ScenarioSettings original = s;
  CHECK(s.schedule_change(3, "leadership", "blame", 0.3));
  CHECK_FALSE(s.schedule_change(3, "school", "teachers", 30));
  CHECK_FALSE(s.schedule_change(3, "leadership", "no_such_lever", 1));
  REQUIRE(s.schedule.size() == 2);
  CHECK(s.schedule[1].year == 3);
  CHECK(s.schedule[1].values.at(0).key == "blame");
  CHECK(s.schedule_change(3, "leadership", "blame", 0.4));  // same entry, new value
  CHECK(s.schedule[1].values.size() == 1);
  CHECK(s.schedule[1].values[0].value == 0.4);
  const auto changes = describe_changes(s, original);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0] == "from Year 3: leadership.blame = 0.4");
  // A year past the run is refused when the model is made.
  CHECK(s.schedule_change(9, "leadership", "blame", 0.1));
  CHECK_THROWS_AS(s.make_model(), ScenarioError);
}

TEST_CASE("Settings keep a network's files (what-if, saving)", "[viewer][network]") {
  const auto dir = std::filesystem::temp_directory_path() / "loom-viewer-settings-files";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ties.csv") << "source,target\n0,1\n1,2\n2,3\n3,0\n";
  std::ofstream(dir / "net.toml") << "[scenario]\nname = \"n\"\nmodel = \"network\"\n"
                                     "[network]\nschools = 4\ntopology = \"file\"\n"
                                     "edges_file = \"ties.csv\"\n[school]\nyears = 1\n"
                                     "[seeding]\nschools = 1\n";
  const ScenarioSettings s = ScenarioSettings::from_file(dir / "net.toml");
  const auto model = s.make_model();  // would fail validation without the path
  const RunOutput out = model->run(1, 0);
  std::size_t ties = 0;
  for (const auto& t : out.tables)
    if (t.name == "school_ties")
      ties = std::get<std::vector<std::int64_t>>(t.columns[0].values).size();
  CHECK(ties == 4);
  CHECK_THAT(s.to_toml(), Catch::Contains(string_literal((dir / "ties.csv").string())));
  // A results file's stored scenario gives the same settings back.
  const ScenarioSettings again = ScenarioSettings::from_text(s.to_toml(), "n", "stored");
  CHECK(loom::testing::same_bits(again.make_model()->run(1, 0).summary, out.summary));
  std::filesystem::remove_all(dir);
}
