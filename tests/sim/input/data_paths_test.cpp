// Preset names are looked up inside the preset folders only: a bare name or
// a name in a subfolder ("network/buddy"), never a path that climbs out.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

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

TEST_CASE("A LOOM_DATA_DIR that cannot be used is an error naming it", "[presets]") {
  // Hardening round 2, item 10: a typo in LOOM_DATA_DIR, or a preset there
  // that is a FIFO, a folder or a link to a device, ran the built-in preset
  // of the same name with exit code 0.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "loom_data_dir_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "scenarios" / "folder.toml");
  std::ofstream(dir / "scenarios" / "mine.toml") << "[scenario]\n";
  REQUIRE(mkfifo((dir / "scenarios" / "top-down.toml").c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", dir / "scenarios" / "device.toml");
  struct Restore {
    ~Restore() { unsetenv("LOOM_DATA_DIR"); }
  } restore;

  setenv("LOOM_DATA_DIR", (dir / "typo").c_str(), 1);
  CHECK_THROWS_WITH(find_scenario("shared-leadership"),
                    Catch::Contains("LOOM_DATA_DIR is '" + (dir / "typo").string() + "'") &&
                        Catch::Contains("is not a folder"));
  setenv("LOOM_DATA_DIR", dir.c_str(), 1);
  CHECK(preset_folders() == std::vector<fs::path>{dir / "scenarios"});  // only there
  CHECK(find_scenario("mine") == dir / "scenarios" / "mine.toml");
  CHECK_FALSE(find_scenario("shared-leadership"));  // not there: not taken from elsewhere
  CHECK_THROWS_WITH(find_scenario("top-down"), Catch::Contains("top-down.toml is not a regular"));
  CHECK_THROWS_WITH(find_scenario("device"), Catch::Contains("device.toml is not a regular"));
  CHECK_FALSE(find_scenario("folder"));  // a folder named like a preset is not one
  unsetenv("LOOM_DATA_DIR");
  CHECK(find_scenario("top-down"));
  fs::remove_all(dir);
}
