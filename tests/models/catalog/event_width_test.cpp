// Results files store event texts at fixed widths (sim/run/ensemble.hpp,
// kEventKindWidth and kEventDetailWidth) so that gzip reaches them; a longer
// text would stop a run's write. Every preset's events must fit, with room.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "models/catalog/scenario_runner.hpp"

using namespace loom;

TEST_CASE("Every preset's event texts fit the stored widths with a quarter to spare", "[events]") {
  std::size_t longest_kind = 0, longest_detail = 0, events = 0;
  const std::filesystem::path root(LOOM_SOURCE_DIR);
  for (const auto* folder : {"scenarios", "scenarios/network"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
      if (entry.path().extension() != ".toml") continue;
      RunRequest request;
      request.replicates = 2;
      request.threads = 1;
      if (std::string(folder) == "scenarios/network") {
        // A small network: its events are the same sentences at any size.
        request.overrides = {"network.schools=24", "school.students=120", "school.teachers=8"};
      }
      const LoadedScenario s = load_scenario(entry.path().string(), request);
      for (std::uint64_t r = 0; r < 2; ++r) {
        const RunOutput out = s.model->run(s.header.seed, r);
        for (const auto& e : out.events) {
          ++events;
          longest_kind = std::max(longest_kind, e.kind.size());
          longest_detail = std::max(longest_detail, e.detail.size());
        }
      }
    }
  }
  INFO(events << " events; longest kind " << longest_kind << " bytes, detail " << longest_detail);
  CHECK(events > 100);
  // A quarter of the width to spare: a sentence may grow with larger numbers
  // or new wording (wider fields cost the writer time: sim/run/ensemble.hpp).
  CHECK(longest_kind * 5 <= kEventKindWidth * 4);
  CHECK(longest_detail * 5 <= kEventDetailWidth * 4);
}
