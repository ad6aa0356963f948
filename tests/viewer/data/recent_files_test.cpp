#include "viewer/data/recent_files.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/viewer/data/results_fixture.hpp"

using namespace loom::viewer;
namespace fs = std::filesystem;

TEST_CASE("Recent files: newest first, no duplicates, limited", "[viewer]") {
  std::vector<fs::path> recent;
  remember(recent, "/data/a.h5");
  remember(recent, "/data/b.h5");
  remember(recent, "/data/./a.h5");
  REQUIRE(recent.size() == 2);
  CHECK(recent[0] == fs::path("/data/a.h5"));
  CHECK(recent[1] == fs::path("/data/b.h5"));
  for (int i = 0; i < 20; ++i) remember(recent, "/data/" + std::to_string(i) + ".h5", 5);
  CHECK(recent.size() == 5);
  CHECK(recent[0] == fs::path("/data/19.h5"));
}

TEST_CASE("The recent list survives a restart and forgets deleted files", "[viewer]") {
  const fs::path dir = test::temp_path("recent_dir");
  fs::create_directories(dir / "out");
  std::ofstream(dir / "out" / "kept.h5") << "x";
  std::ofstream(dir / "out" / "run.h5.partial") << "x";
  std::ofstream(dir / "out" / "notes.txt") << "x";
  const fs::path list = dir / "state" / "recent";
  save_recent(list, {dir / "out" / "kept.h5", dir / "out" / "gone.h5"});
  const auto back = load_recent(list);
  REQUIRE(back.size() == 1);
  CHECK(back[0] == dir / "out" / "kept.h5");
  const auto offered = results_files_in(dir / "out");
  REQUIRE(offered.size() == 1);
  CHECK(offered[0].filename() == "kept.h5");
  CHECK(results_files_in(dir / "missing").empty());
}
