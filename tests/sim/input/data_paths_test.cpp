// Preset names are looked up inside the preset folders only: a bare name or
// a name in a subfolder ("network/buddy"), never a path that climbs out.
#include <catch2/catch.hpp>

#include "sim/input/data_paths.hpp"

using namespace loom;

TEST_CASE("Preset names find presets in the folder and its subfolders", "[presets]") {
  REQUIRE_FALSE(preset_folders().empty());  // the test binary runs in the build tree
  const auto top = find_scenario("top-down");
  REQUIRE(top);
  CHECK(top->filename() == "top-down.toml");
  const auto nested = find_scenario("network/buddy");
  REQUIRE(nested);
  CHECK(nested->parent_path().filename() == "network");
  CHECK(find_scenario("network/buddy.toml") == nested);
  CHECK_FALSE(find_scenario("network/../top-down"));
  CHECK_FALSE(find_scenario("../scenarios/top-down"));
  CHECK_FALSE(find_scenario("no-such-preset"));
  CHECK_FALSE(find_scenario(""));
}
