#include "sim/input/scenario.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "models/catalog/model_catalog.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/toml_writer.hpp"
#include "sim/run/model.hpp"
#include "tests/sim/input/scenario_errors.hpp"

using namespace loom;
using loom::testing::error_of;

TEST_CASE("An unknown key names file, line, key and the nearest valid key", "[scenario]") {
  const std::string message =
      error_of("[scenario]\nname = \"x\"\n\n[leadership]\nsocialisation_presure = 0.2\n");
  CHECK(message ==
        "bad.toml:5: unknown key 'leadership.socialisation_presure'; did you mean "
        "'socialisation_pressure'?");
}

TEST_CASE("An unknown section is refused with a suggestion", "[scenario]") {
  CHECK(error_of("[leadershp]\ninsiders = 2\n") ==
        "bad.toml:1: unknown section [leadershp] for model 'school'; did you mean 'leadership'?");
}

TEST_CASE("An out-of-range value gives the allowed range and unit", "[scenario]") {
  CHECK(error_of("[turnover]\nteacher_exit_rate = 1.5\n") ==
        "bad.toml:2: 'turnover.teacher_exit_rate' = 1.5 is out of range: allowed 0 to 0.99 (share "
        "per "
        "year)");
}

TEST_CASE("A value of the wrong type is refused with what was expected", "[scenario]") {
  CHECK(error_of("[school]\nteachers = \"many\"\n") ==
        "bad.toml:2: 'school.teachers' must be a whole number (a whole number from 2 to 2000 "
        "(teachers)), not a string");
  CHECK(error_of("[leadership]\nstudy = \"by_vibes\"\n").find("one of: averages, disaggregated") !=
        std::string::npos);
}

TEST_CASE("A bad header key is caught too", "[scenario]") {
  CHECK_THROWS_WITH(ScenarioFile::parse("[scenario]\nreplicate = 3\n", "h.toml"),
                    "h.toml:2: unknown key 'scenario.replicate'; did you mean 'replicates'?");
}

TEST_CASE("Broken TOML syntax is reported with the file name", "[scenario]") {
  CHECK_THROWS_WITH(ScenarioFile::parse("[school\n", "syntax.toml"),
                    Catch::StartsWith("syntax.toml: not valid TOML"));
}

TEST_CASE("Overrides from --set are validated like the file", "[scenario]") {
  auto model = make_model("school");
  const auto sections = model->sections();
  apply_override(sections, "leadership.voice_members=4");
  CHECK(sections[2]->get(4) == 4.0);
  CHECK_THROWS_WITH(
      apply_override(sections, "leadership.voice_member=4"),
      "--set leadership.voice_member=4: unknown key 'leadership.voice_member'; did you "
      "mean 'leadership.voice_members'?");
  CHECK_THROWS_WITH(apply_override(sections, "turnover.teacher_exit_rate=2"),
                    Catch::Contains("allowed 0 to 0.99 (share per year)"));
  CHECK_THROWS_WITH(apply_override(sections, "school.teachers=ten"),
                    Catch::Contains("not a number"));
  CHECK_THROWS_WITH(apply_override(sections, "teachers=10"),
                    Catch::Contains("expected section.key=value"));
}

TEST_CASE("The resolved scenario reads back to the same values", "[scenario]") {
  auto a = make_model("school");
  const auto sa = a->sections();
  apply_override(sa, "leadership.study=disaggregated");
  apply_override(sa, "students.initial_gap=0.5");
  ScenarioHeader header;
  header.name = "Quote \" inside";
  const std::string text = resolved_toml(header, sa);
  auto b = make_model("school");
  const auto sb = b->sections();
  const ScenarioFile reread = ScenarioFile::parse(text, "resolved.toml");
  reread.apply(sb);
  CHECK(reread.header().name == header.name);
  for (std::size_t s = 0; s < sa.size(); ++s) {
    for (std::size_t i = 0; i < sa[s]->parameters().size(); ++i)
      CHECK(sa[s]->get(i) == sb[s]->get(i));
  }
}

TEST_CASE("Every preset in scenarios/ loads, validates and runs", "[scenario]") {
  int presets = 0, network_presets = 0;
  // The presets, and the network presets in their own folder (scenarios/sweeps
  // holds sweep files, not scenarios).
  for (const std::string folder : {"/scenarios", "/scenarios/network"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(LOOM_SOURCE_DIR) + folder)) {
      if (entry.path().extension() != ".toml") continue;
      INFO(entry.path());
      const ScenarioFile f = ScenarioFile::load(entry.path().string());
      auto model = make_model(f.header().model);
      REQUIRE_NOTHROW(f.apply(model->sections()));
      REQUIRE_NOTHROW(model->validate());
      CHECK(model->warnings().empty());
      const RunOutput out = model->run(f.header().seed, 0);
      CHECK(out.series.size() ==
            static_cast<std::size_t>(model->layout().steps) * model->layout().metrics.size());
      ++presets;
      network_presets += f.header().model == "network" ? 1 : 0;
    }
  }
  CHECK(presets >= 16);
  CHECK(network_presets >= 6);
}

TEST_CASE("A section under its former name is read, with a note to rename it", "[scenario]") {
  // The staff-network output was [network] before the network of schools
  // had a [network] of its own.
  auto model = make_model("school");
  const auto sections = model->sections();
  ValueOrigins origins;
  const ScenarioFile f =
      ScenarioFile::parse("[network]\nreplicates = 3\nevery_weeks = 6\n", "old.toml");
  f.apply(sections, &origins);
  ParameterSection* staff = find_section(sections, "staff_network");
  REQUIRE(staff != nullptr);
  CHECK(staff->get(0) == 3);
  CHECK(staff->get(1) == 6);
  CHECK(origins.of("staff_network.replicates") == "old.toml:2");
  REQUIRE(origins.notes().size() == 1);
  CHECK(origins.notes()[0] ==
        "old.toml:1: note: [network] is now [staff_network]; rename it (the old name is still "
        "read)");
  apply_override(sections, "network.every_weeks=9", &origins);
  CHECK(staff->get(1) == 9);
  CHECK(origins.of("staff_network.every_weeks") == "--set network.every_weeks=9");
  CHECK(origins.notes().size() == 2);
  // In the resolved scenario it is written under its new name only.
  const std::string resolved = resolved_toml(ScenarioHeader{}, sections);
  CHECK(resolved.find("[staff_network]") != std::string::npos);
  CHECK(resolved.find("\n[network]") == std::string::npos);
  // The network model's own [network] is not affected.
  auto network = make_model("network");
  CHECK(find_section(network->sections(), "network")->title() ==
        "Network of schools: members and ties");
  // One reading of "section.key" everywhere (schedules, conditions, sweep
  // and calibration parameters): the old section name finds the parameter.
  const ParameterRef by_old_name = find_parameter(sections, "network.every_weeks");
  REQUIRE(by_old_name);
  CHECK(by_old_name.section == staff);
  CHECK(by_old_name.index == 1);
  CHECK(by_old_name.info->key == "every_weeks");
  CHECK(find_parameter(sections, "staff_network.every_weeks").info == by_old_name.info);
  CHECK_FALSE(find_parameter(sections, "every_weeks"));
  CHECK_FALSE(find_parameter(sections, "staff_network.every_week"));
  CHECK_FALSE(find_parameter(sections, "nowhere.every_weeks"));
  const auto names = parameter_names(sections);
  CHECK(std::find(names.begin(), names.end(), "staff_network.every_weeks") != names.end());
  CHECK(std::find(names.begin(), names.end(), "network.every_weeks") == names.end());
}
