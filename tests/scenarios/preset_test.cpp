// Scenario inheritance (`base = "..."`), fair presets, value origins in
// cross-field errors, and the applies_when conditions of parameter tables.
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>

#include "models/catalog/model_catalog.hpp"
#include "models/catalog/scenario_runner.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/scenario.hpp"
#include "sim/run/model.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(LOOM_SOURCE_DIR) / "scenarios";

// Every parameter of a scenario's model as "section.key" -> value as a
// scenario file spells it. An empty path gives the model's defaults.
std::map<std::string, std::string> resolved_values(const fs::path& path,
                                                   const std::string& model_name = "school") {
  std::unique_ptr<Model> model;
  if (path.empty()) {
    model = make_model(model_name);
  } else {
    const ScenarioFile file = ScenarioFile::load(path);
    model = make_model(file.header().model);
    file.apply(model->sections());
  }
  std::map<std::string, std::string> values;
  for (const ParameterSection* s : model->sections()) {
    const auto infos = s->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      values[std::string(s->name()) + "." + std::string(infos[i].key)] =
          format_value(infos[i], s->get(i));
    }
  }
  return values;
}

std::set<std::string> differing_keys(const std::map<std::string, std::string>& a,
                                     const std::map<std::string, std::string>& b) {
  std::set<std::string> keys;
  for (const auto& [key, value] : a) {
    if (b.at(key) != value) keys.insert(key);
  }
  return keys;
}

// The `base` a preset names, "" for none.
std::string base_of(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("base = \"", 0) == 0) return line.substr(8, line.find('"', 8) - 8);
  }
  return "";
}

// A scratch folder for scenario files, removed at the end of the test.
struct ScratchFolder {
  fs::path path;
  ScratchFolder() {
    path =
        fs::temp_directory_path() / ("loom-preset-test-" + std::to_string(std::random_device{}()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchFolder() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }
};

std::string load_error(const fs::path& path, const RunRequest& request = {}) {
  try {
    load_scenario(path.string(), request);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// What each preset changes relative to what it is compared with: its `base`,
// or the model's defaults for a preset without one. Adding or changing a key
// in a preset must update this list, so a reviewer sees every difference.
TEST_CASE("Every preset differs from its comparison only in what its name says", "[preset]") {
  const std::map<std::string, std::pair<std::string, std::set<std::string>>> expected{
      // The headline pair: leadership levers only (listed in both files).
      {"shared-leadership",
       {"top-down.toml",
        {"leadership.socialisation_pressure", "leadership.learn_from", "leadership.voice_members",
         "leadership.study", "leadership.decision_inclusion", "leadership.blame", "pdsa.team_size",
         "initiatives.champions", "initiatives.ownership_growth", "equity.pause_every_weeks",
         "capacity.capacity_building"}}},
      {"top-down",
       {"",
        {"leadership.socialisation_pressure", "leadership.learn_from",
         "leadership.decision_inclusion", "leadership.blame", "initiatives.champions",
         "initiatives.ownership_growth"}}},
      {"new-principal-top-down",
       {"shared-leadership.toml", {"succession.successor_style", "succession.forced_exit_year"}}},
      {"equity-pauses-on", {"equity-pauses-off.toml", {"equity.pause_every_weeks"}}},
      // Top-down in year 1: its [[schedule]] is checked in tests/sim/input/schedule_test.cpp.
      {"move-to-shared-in-year-2", {"top-down.toml", {}}},
      {"equity-pauses-off", {"", {}}},  // the default school, named for its comparison
      {"business-as-usual", {"", {"initiatives.at_start", "initiatives.new_per_year"}}},
      {"compliance-pdsa",
       {"top-down.toml",
        {"leadership.socialisation_pressure", "pdsa.compliance_pressure",
         "pdsa.cycles_per_initiative"}}},
      {"overload", {"", {"initiatives.new_per_year", "capacity.legacy_activities"}}},
      {"subtraction-game", {"overload.toml", {"capacity.subtraction_game"}}},
      {"high-poverty-high-turnover",
       {"",
        {"school.poverty", "students.underserved_share", "students.initial_gap",
         "turnover.principal_exit_rate", "turnover.late_hire_share",
         "turnover.hiring_delay_weeks"}}},
  };
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".toml") continue;
    const std::string id = entry.path().stem().string();
    if (id == "march1991") continue;  // another model, standalone
    INFO("preset " << id);
    const auto found = expected.find(id);
    REQUIRE(found != expected.end());  // a new preset needs its expected difference here
    const auto& [comparison, keys] = found->second;
    const std::string base = base_of(entry.path());
    // Presets with a base are compared with it; shared-leadership is the
    // headline pair's second half, written out in full like top-down.
    if (id != "shared-leadership") CHECK(base == comparison);
    const auto values = resolved_values(entry.path());
    const auto reference =
        resolved_values(comparison.empty() ? fs::path() : kScenarios / comparison);
    CHECK(differing_keys(values, reference) == keys);
    ++checked;
  }
  CHECK(checked == static_cast<int>(expected.size()));
}

// The network presets (scenarios/network/) share network-base.toml: the
// same schools, hub and practice. Each changes only what its name says;
// hub-and-spoke and buddy differ in the topology alone.
TEST_CASE("Every network preset differs from network-base only in what its name says",
          "[preset][network]") {
  const fs::path folder = kScenarios / "network";
  const std::map<std::string, std::set<std::string>> expected{
      {"network-base", {}},
      {"hub-and-spoke", {"network.topology"}},
      {"buddy", {}},  // buddy is the model's default topology, written out in the file
      {"hub-exit", {"hub.funding_ends_year"}},
      {"vertical-wedge", {"membership.recruitment"}},
      {"seeding-central", {"network.topology", "seeding.strategy"}},
  };
  const auto reference = resolved_values(folder / "network-base.toml");
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".toml") continue;
    const std::string id = entry.path().stem().string();
    INFO("network preset " << id);
    const auto found = expected.find(id);
    REQUIRE(found != expected.end());  // a new preset needs its expected difference here
    if (id != "network-base") CHECK(base_of(entry.path()) == "network-base.toml");
    CHECK(differing_keys(resolved_values(entry.path()), reference) == found->second);
    ++checked;
  }
  CHECK(checked == static_cast<int>(expected.size()));
  // The comparison the README shows: hub-and-spoke vs buddy, the topology only.
  CHECK(differing_keys(resolved_values(folder / "hub-and-spoke.toml"),
                       resolved_values(folder / "buddy.toml")) ==
        std::set<std::string>{"network.topology"});
}

TEST_CASE("A preset with a base names its own comparison in its header", "[preset]") {
  // The stored scenario is fully resolved: no base key, the child's header.
  const LoadedScenario s = load_scenario((kScenarios / "subtraction-game.toml").string(), {});
  CHECK(s.header.name == "Subtraction game");
  CHECK(s.header.seed == 2026);  // inherited from overload.toml
  CHECK(s.header.replicates == 100);
  CHECK(s.resolved.find("\nbase") == std::string::npos);
  CHECK(s.resolved.find("subtraction_game = true") != std::string::npos);
  CHECK(s.resolved.find("legacy_activities = 5") != std::string::npos);
  // The resolved text reads back to the same values without its base.
  auto model = make_model("school");
  ScenarioFile::parse(s.resolved, "resolved.toml").apply(model->sections());
  const auto again = model->sections();
  const auto original = s.model->sections();
  for (std::size_t i = 0; i < again.size(); ++i) {
    for (std::size_t k = 0; k < again[i]->parameters().size(); ++k)
      CHECK(again[i]->get(k) == original[i]->get(k));
  }
}

TEST_CASE("A child overrides its base's values and header", "[scenario][base]") {
  ScratchFolder dir;
  dir.write("parent.toml",
            "[scenario]\nname = \"Parent\"\ndescription = \"p\"\nseed = 7\nreplicates = 3\n"
            "[leadership]\nblame = 0.4\ninsiders = 2\n[school]\nyears = 3\n");
  const fs::path child = dir.write(
      "child.toml",
      "[scenario]\nbase = \"parent.toml\"\nname = \"Child\"\nseed = 8\n[leadership]\nblame = "
      "0.9\n");
  const ScenarioFile f = ScenarioFile::load(child);
  CHECK(f.header().name == "Child");
  CHECK(f.header().description == "p");
  CHECK(f.header().seed == 8);
  CHECK(f.header().replicates == 3);
  const auto values = resolved_values(child);
  CHECK(values.at("leadership.blame") == "0.9");
  CHECK(values.at("leadership.insiders") == "2");
  CHECK(values.at("school.years") == "3");
}

TEST_CASE("A base path is relative to the inheriting file, or absolute", "[scenario][base]") {
  ScratchFolder dir;
  dir.write("shared/base.toml", "[leadership]\nvoice_members = 4\n");
  const fs::path relative =
      dir.write("sub/relative.toml", "[scenario]\nbase = \"../shared/base.toml\"\n");
  CHECK(resolved_values(relative).at("leadership.voice_members") == "4");
  const fs::path absolute = dir.write(
      "absolute.toml", "[scenario]\nbase = \"" + (dir.path / "shared/base.toml").generic_string() +
                           "\"\n[leadership]\nvoice_accuracy = 0.5\n");
  const auto values = resolved_values(absolute);
  CHECK(values.at("leadership.voice_members") == "4");
  CHECK(values.at("leadership.voice_accuracy") == "0.5");
  // Grandparents are loaded too.
  const fs::path grandchild =
      dir.write("sub/grandchild.toml", "[scenario]\nbase = \"relative.toml\"\n");
  CHECK(resolved_values(grandchild).at("leadership.voice_members") == "4");
}

TEST_CASE("A missing base is an error at the base key", "[scenario][base]") {
  ScratchFolder dir;
  const fs::path f =
      dir.write("orphan.toml", "# no parent\n[scenario]\nname = \"x\"\nbase = \"nope.toml\"\n");
  CHECK_THROWS_WITH(
      ScenarioFile::load(f),
      Catch::StartsWith(f.string() +
                        ":4: scenario.base: no scenario file 'nope.toml' (looked for ") &&
          Catch::EndsWith("nope.toml)"));
  CHECK_THROWS_WITH(ScenarioFile::parse("[scenario]\nbase = 3\n", "n.toml"),
                    "n.toml:2: 'scenario.base' must be a quoted text");
}

TEST_CASE("A base cycle is an error naming the chain", "[scenario][base]") {
  ScratchFolder dir;
  dir.write("a.toml", "[scenario]\nbase = \"b.toml\"\n");
  const fs::path b = dir.write("b.toml", "[scenario]\nname = \"B\"\nbase = \"a.toml\"\n");
  CHECK_THROWS_WITH(ScenarioFile::load(dir.path / "a.toml"),
                    b.string() +
                        ":3: scenario.base = 'a.toml' makes a cycle: a.toml -> b.toml -> "
                        "a.toml");
  const fs::path self = dir.write("self.toml", "[scenario]\nbase = \"./self.toml\"\n");
  CHECK_THROWS_WITH(ScenarioFile::load(self),
                    Catch::Contains("self.toml:2: scenario.base = './self.toml' makes a cycle"));
}

TEST_CASE("A base for another model is an error at the base key", "[scenario][base]") {
  ScratchFolder dir;
  dir.write("march.toml", "[scenario]\nmodel = \"march\"\n[march]\np1 = 0.2\n");
  const fs::path f =
      dir.write("school.toml", "[scenario]\nbase = \"march.toml\"\nmodel = \"school\"\n");
  CHECK_THROWS_WITH(ScenarioFile::load(f),
                    f.string() +
                        ":2: scenario.base 'march.toml' is a scenario for model 'march', "
                        "this file for model 'school'");
  // Without its own model line the child takes the base's model.
  const fs::path g = dir.write("march-child.toml", "[scenario]\nbase = \"march.toml\"\n");
  CHECK(ScenarioFile::load(g).header().model == "march");
  CHECK(resolved_values(g).at("march.p1") == "0.2");
}

TEST_CASE("An error inside a base names the base file and its line", "[scenario][base]") {
  ScratchFolder dir;
  const fs::path base = dir.write("base.toml", "[leadership]\n\nblame = 1.5\n");
  const fs::path child = dir.write("child.toml", "[scenario]\nbase = \"base.toml\"\n");
  const ScenarioFile f = ScenarioFile::load(child);
  auto model = make_model("school");
  CHECK_THROWS_WITH(f.apply(model->sections()),
                    Catch::StartsWith(base.string() + ":3: 'leadership.blame' = 1.5"));
}

TEST_CASE("Cross-field errors name where the offending value was set", "[scenario][origin]") {
  ScratchFolder dir;
  const fs::path f = dir.write(
      "x.toml",
      "[scenario]\nname = \"x\"\n\n[school]\nyears = 5\n\n[succession]\nforced_exit_year = 7\n");
  CHECK(load_error(f) ==
        f.string() +
            ":8: succession.forced_exit_year (7) cannot exceed school.years (5): the principal "
            "would leave after the run ends (school.years was set at " +
            f.string() + ":5)");
  RunRequest request;
  request.overrides = {"succession.forced_exit_year=9"};
  CHECK(load_error(f, request) ==
        "--set succession.forced_exit_year=9: succession.forced_exit_year (9) cannot exceed "
        "school.years (5): the principal would leave after the run ends (school.years was set at " +
            f.string() + ":5)");
  // A default on one side: the other value's origin is named.
  const fs::path g = dir.write("g.toml", "[scenario]\n[school]\ndimensions = 4\n");
  CHECK(load_error(g) == g.string() +
                             ":3: students.divergent_dimensions (6) cannot exceed "
                             "school.dimensions (4)");
  // Through a base, the line is in the base file.
  const fs::path child = dir.write("child.toml", "[scenario]\nbase = \"g.toml\"\n");
  CHECK(load_error(child) ==
        g.string() + ":3: students.divergent_dimensions (6) cannot exceed school.dimensions (4)");
  // A forced exit in the last year is fine.
  request.overrides = {"succession.forced_exit_year=5"};
  CHECK(load_error(f, request).empty());
}

TEST_CASE("An unknown model names the file and line", "[scenario][origin]") {
  ScratchFolder dir;
  const fs::path f = dir.write("m.toml", "[scenario]\nname = \"m\"\nmodel = \"s#hool\"\n");
  CHECK(load_error(f) == f.string() +
                             ":3: scenario.model: unknown model 's#hool': allowed school, march, "
                             "network, ishigami, gaussian");
}

TEST_CASE("Every applies_when condition is well formed", "[parameter][applies_when]") {
  int conditions = 0;
  for (const auto& name : model_names()) {
    auto model = make_model(name);
    const auto sections = model->sections();
    for (const ParameterSection* s : sections) {
      for (const auto& info : s->parameters()) {
        if (info.applies_when.empty()) continue;
        INFO(s->name() << "." << info.key << ": " << info.applies_when);
        CHECK_NOTHROW(condition_holds(info.applies_when, sections));
        ++conditions;
      }
    }
  }
  CHECK(conditions >= 10);
}

TEST_CASE("applies_when conditions follow the values", "[parameter][applies_when]") {
  auto model = make_model("school");
  const auto sections = model->sections();
  CHECK_FALSE(condition_holds("equity.pause_every_weeks > 0", sections));
  apply_override(sections, "equity.pause_every_weeks=4");
  CHECK(condition_holds("equity.pause_every_weeks > 0", sections));
  CHECK(condition_holds("equity.pause_every_weeks > 0 and trust.enabled == true", sections));
  apply_override(sections, "trust.enabled=false");
  CHECK_FALSE(condition_holds("equity.pause_every_weeks > 0 and trust.enabled == true", sections));
  CHECK(condition_holds("trust.enabled == true or equity.pause_every_weeks >= 4", sections));
  CHECK(condition_holds("leadership.learn_from == \"everyone\"", sections));
  CHECK_FALSE(condition_holds("leadership.learn_from != \"everyone\"", sections));
  CHECK(condition_holds("", sections));
  CHECK_THROWS_WITH(condition_holds("equity.pause_every_week > 0", sections),
                    "condition 'equity.pause_every_week > 0': unknown key "
                    "'equity.pause_every_week'");
  CHECK_THROWS_WITH(condition_holds("leadership.learn_from == \"nobody\"", sections),
                    Catch::Contains("'nobody' is not one of: leaders, everyone"));
  CHECK_THROWS_WITH(condition_holds("equity.pause_every_weeks", sections),
                    Catch::Contains("expected section.key, a comparison"));
}
