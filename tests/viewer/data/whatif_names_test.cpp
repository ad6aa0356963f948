#include "viewer/data/whatif_names.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <stdexcept>

using namespace loom::viewer;

namespace {
const std::vector<std::filesystem::path> kFolders{std::string(LOOM_SOURCE_DIR) + "/scenarios"};

std::string refusal(const std::string& name) {
  try {
    load_whatif_scenario(name, kFolders);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("What-if accepts the names the command line accepts", "[viewer]") {
  const auto names = preset_names(kFolders);
  CHECK(std::find(names.begin(), names.end(), "network/buddy") != names.end());
  CHECK(std::find(names.begin(), names.end(), "top-down") != names.end());
  // As `loom compare network/buddy` names it, with .toml, by its stem, as a path.
  const std::vector<std::string> spellings{
      "network/buddy", "network/buddy.toml", "buddy",
      std::string(LOOM_SOURCE_DIR) + "/scenarios/network/buddy.toml"};
  for (const auto& name : spellings) {
    const ScenarioSettings s = load_whatif_scenario(name, kFolders);
    CHECK(s.id == "buddy");
    CHECK(s.header.model == "network");
  }
  CHECK(load_whatif_scenario("top-down", kFolders).id == "top-down");
}

TEST_CASE("An unknown What-if name is refused with the nearest valid one", "[viewer]") {
  CHECK_THAT(refusal("network/budy"),
             Catch::Contains("'network/budy' is neither a preset nor a scenario file") &&
                 Catch::Contains("did you mean 'network/buddy'?"));
  CHECK_THAT(refusal("top-dwon"), Catch::Contains("did you mean 'top-down'?"));
  CHECK_THAT(refusal("zzzzzzzzzzzz"), !Catch::Contains("did you mean") &&
                                          Catch::Contains("presets: ") &&
                                          Catch::Contains("network/hub-and-spoke"));
  // The March (1991) docking model is a preset `loom` runs, not a workshop's.
  CHECK_THAT(refusal("march1991"), Catch::Contains("research model 'march'"));
  // A file that is not a scenario: the reader's message.
  CHECK_THAT(refusal(std::string(LOOM_SOURCE_DIR) + "/README.md"),
             Catch::Contains("is not a scenario What-if can run"));
}
