// [[schedule]] entries in scenario files: reading, validation with file and
// line, base inheritance, and the resolved scenario's round trip.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "models/catalog/scenario_runner.hpp"
#include "sim/input/scenario.hpp"
#include "sim/run/model.hpp"
#include "tests/same_bits.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(LOOM_SOURCE_DIR) / "scenarios";

struct Scratch {
  fs::path path =
      fs::temp_directory_path() / ("loom-schedule-test-" + std::to_string(std::random_device{}()));
  Scratch() { fs::create_directories(path); }
  ~Scratch() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

// The error load_scenario gives a school scenario text ("" if none).
std::string load_error(const std::string& text, const std::string& model = "school") {
  Scratch scratch;
  const std::string file = scratch.write(
      "bad.toml", "[scenario]\nmodel = \"" + model + "\"\n" + text);  // text starts at line 3
  try {
    load_scenario(file, {});
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    // Keep the message from the file name on ("bad.toml:5: ...").
    const auto at = message.find("bad.toml");
    return at == std::string::npos ? message : message.substr(at);
  }
  return "";
}

Schedule schedule_of(const std::string& path) {
  return load_scenario(path, {}).model->schedule();
}

}  // namespace

TEST_CASE("A schedule entry is read with its year, week, label and values", "[schedule]") {
  Scratch scratch;
  const auto file = scratch.write("s.toml",
                                  "[[schedule]]\nyear = 3\nweek = 10\n\"leadership.blame\" = 0.1\n"
                                  "[[schedule]]\nyear = 2\nlabel = \"Share decisions\"\n"
                                  "leadership.decision_inclusion = \"staff\"\n");
  const Schedule s = schedule_of(file);
  REQUIRE(s.size() == 2);
  // Time order, whatever the file's order; a dotted key works like a quoted one.
  CHECK(s[0].year == 2);
  CHECK(s[0].week == 1);
  CHECK(s[0].label == "Share decisions");
  REQUIRE(s[0].values.size() == 1);
  CHECK(s[0].values[0].key == "decision_inclusion");
  CHECK(s[0].values[0].value == 1.0);  // the index of "staff"
  CHECK(s[0].when() == "Year 2");
  CHECK(s[1].when() == "Year 3, week 10");
  CHECK(s[1].origin.ends_with("s.toml:2"));
  CHECK(s[1].step(36) == 2 * 36 + 9);
}

TEST_CASE("Bad years, weeks and keys in a schedule name file, line and range", "[schedule]") {
  CHECK(load_error("[[schedule]]\nyear = 0\n\"leadership.blame\" = 0.1\n") ==
        "bad.toml:4: [[schedule]] 'year' must be a whole number from 1 (the first school year) up "
        "to school.years");
  CHECK(load_error("[[schedule]]\nyear = 7\n\"leadership.blame\" = 0.1\n") ==
        "bad.toml:4: [[schedule]] year 7 is after the run ends: allowed 1 to 5 (school.years)");
  CHECK(load_error("[school]\nyears = 8\n[[schedule]]\nyear = 7\n\"leadership.blame\" = 0.1\n") ==
        "");
  CHECK(load_error("[[schedule]]\nyear = 2\nweek = 37\n\"leadership.blame\" = 0.1\n") ==
        "bad.toml:4: [[schedule]] week 37 is past the end of a school year: allowed 1 to 36 "
        "(school.weeks_per_year)");
  CHECK(load_error("[[schedule]]\nyear = 2\nweek = 0\n\"leadership.blame\" = 0.1\n") ==
        "bad.toml:5: [[schedule]] 'week' must be a whole number from 1 (the first week of the "
        "year) up to school.weeks_per_year");
  CHECK(load_error("[[schedule]]\nyear = 2\n\"school.teachers\" = 30\n") ==
        "bad.toml:5: [[schedule]]: 'school.teachers' cannot change during a run: it is fixed at "
        "the start (sizes the school); set it in [school] instead");
  CHECK(load_error("[[schedule]]\nyear = 2\n\"leadership.study\" = \"disaggregated\"\n")
            .find("'leadership.study' cannot change during a run") != std::string::npos);
  CHECK(load_error("[[schedule]]\nyear = 2\n\"leadership.blam\" = 0.1\n") ==
        "bad.toml:5: [[schedule]]: unknown key 'leadership.blam' (an entry sets \"section.key\" = "
        "value, or year, week, label); did you mean 'leadership.blame'?");
  CHECK(load_error("[[schedule]]\nyear = 2\n\"leadership.blame\" = 2.0\n") ==
        "bad.toml:5: 'leadership.blame' = 2.0 is out of range: allowed 0 to 1 (probability)");
  CHECK(load_error("[[schedule]]\nweek = 2\n\"leadership.blame\" = 0.1\n").find("needs a 'year'") !=
        std::string::npos);
  CHECK(load_error("[[schedule]]\nyear = 2\nlabel = \"nothing\"\n") ==
        "bad.toml:4: this [[schedule]] entry sets nothing: add \"section.key\" = value lines, e.g. "
        "\"leadership.blame\" = 0.1");
  // Checks that combine parameters hold for the values in force after each entry.
  CHECK(load_error("[[schedule]]\nyear = 2\n\"succession.forced_exit_year\" = 9\n") ==
        "bad.toml:4: [[schedule]] from Year 2 on: succession.forced_exit_year (9) cannot exceed "
        "school.years (5): the principal would leave after the run ends");
  // A model without school years has nothing to schedule on.
  CHECK(load_error("[[schedule]]\nyear = 2\n\"march.p1\" = 0.5\n", "march").find("[[schedule]]") !=
        std::string::npos);
}

TEST_CASE("A child's schedule replaces its base's, and schedule = [] drops it",
          "[schedule][base]") {
  Scratch scratch;
  scratch.write("base.toml", "[[schedule]]\nyear = 2\n\"leadership.blame\" = 0.1\n");
  const auto inherits = scratch.write("inherits.toml", "[scenario]\nbase = \"base.toml\"\n");
  const auto replaces = scratch.write("replaces.toml",
                                      "[scenario]\nbase = \"base.toml\"\n[[schedule]]\nyear = "
                                      "3\n\"equity.pause_every_weeks\" = 4\n");
  const auto drops =
      scratch.write("drops.toml", "schedule = []\n[scenario]\nbase = \"base.toml\"\n");
  REQUIRE(schedule_of(inherits).size() == 1);
  CHECK(schedule_of(inherits)[0].values[0].key == "blame");
  REQUIRE(schedule_of(replaces).size() == 1);
  CHECK(schedule_of(replaces)[0].year == 3);
  CHECK(schedule_of(replaces)[0].values.size() == 1);
  CHECK(schedule_of(drops).empty());
}

TEST_CASE("The stored scenario keeps the schedule and reads back to it", "[schedule]") {
  const LoadedScenario s =
      load_scenario((kScenarios / "move-to-shared-in-year-2.toml").string(), {});
  REQUIRE(s.model->schedule().size() == 1);
  CHECK(
      s.resolved.find("[[schedule]]\nyear = 2\nweek = 1\nlabel = \"Move to shared leadership\"") !=
      std::string::npos);
  Scratch scratch;
  const auto stored = scratch.write("stored.toml", s.resolved);
  const LoadedScenario again = load_scenario(stored, {});
  CHECK(again.resolved == s.resolved);
  const Schedule& a = s.model->schedule();
  const Schedule& b = again.model->schedule();
  REQUIRE(a.size() == b.size());
  CHECK(a[0].label == b[0].label);
  REQUIRE(a[0].values.size() == b[0].values.size());
  for (std::size_t i = 0; i < a[0].values.size(); ++i) {
    CHECK(a[0].values[i].section == b[0].values[i].section);
    CHECK(a[0].values[i].key == b[0].values[i].key);
    CHECK(a[0].values[i].value == b[0].values[i].value);
  }
  // And re-running the stored scenario reproduces the run.
  const RunOutput x = s.model->run(s.header.seed, 3);
  const RunOutput y = again.model->run(again.header.seed, 3);
  CHECK(loom::testing::same_bits(x.series, y.series));
  CHECK(loom::testing::same_bits(x.summary, y.summary));
}

TEST_CASE("The year-2 preset schedules shared leadership's changeable levers",
          "[schedule][preset]") {
  // Every key where shared-leadership.toml differs from top-down.toml is in
  // the schedule with the shared value, unless it is fixed at the start.
  const LoadedScenario moving =
      load_scenario((kScenarios / "move-to-shared-in-year-2.toml").string(), {});
  const LoadedScenario top = load_scenario((kScenarios / "top-down.toml").string(), {});
  const LoadedScenario shared = load_scenario((kScenarios / "shared-leadership.toml").string(), {});
  const auto ms = moving.model->sections(), ts = top.model->sections(),
             ss = shared.model->sections();
  const auto& entry = moving.model->schedule().at(0);
  CHECK(entry.year == 2);
  CHECK(entry.week == 1);
  int scheduled = 0, fixed = 0;
  for (std::size_t k = 0; k < ss.size(); ++k) {
    const auto infos = ss[k]->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      CHECK(ms[k]->get(i) == ts[k]->get(i));  // year 1 is top-down
      if (ss[k]->get(i) == ts[k]->get(i)) continue;
      const std::string key = std::string(ss[k]->name()) + "." + std::string(infos[i].key);
      INFO(key);
      const auto found = std::find_if(entry.values.begin(), entry.values.end(), [&](const auto& v) {
        return v.section == ss[k]->name() && v.key == infos[i].key;
      });
      if (!infos[i].fixed_at_start.empty()) {
        CHECK(found == entry.values.end());
        ++fixed;
      } else {
        REQUIRE(found != entry.values.end());
        CHECK(found->value == ss[k]->get(i));
        ++scheduled;
      }
    }
  }
  CHECK(scheduled == static_cast<int>(entry.values.size()));
  CHECK(scheduled == 9);
  CHECK(fixed == 2);  // leadership.study and leadership.voice_members
}
