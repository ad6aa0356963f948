// The network of schools as the viewer reads it (viewer/school_network_data)
// and lays it out (viewer/school_network_layout): tables from real network
// runs, the status shown at a week, the hub, end adoption by poverty, and a
// layout that is finite, inside its bounds, deterministic and quick enough
// for 1,000 schools.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "tests/viewer/data/results_fixture.hpp"
#include "viewer/data/results_file.hpp"
#include "viewer/data/school_network_data.hpp"
#include "viewer/data/school_network_layout.hpp"

using namespace loom::viewer;

namespace {

// Small, short networks: 12 schools of 10 teachers for one year. `body`
// continues the [network] section and may add sections.
std::filesystem::path network_scenario(const std::string& stem, const std::string& body) {
  const auto path = test::temp_path(stem + ".toml");
  std::ofstream(path) << "[scenario]\nname = \"" << stem << "\"\nmodel = \"network\"\n"
                      << "[school]\nyears = 1\nteachers = 10\nstudents = 150\n"
                      << "[seeding]\nschools = 2\n"
                      << "[network]\nschools = 12\nrows_every_weeks = 6\n"
                      << body;
  return path;
}

const std::filesystem::path& network_file() {
  static const std::filesystem::path path = [] {
    const auto p = test::temp_path("network.h5");
    test::write_scenarios(
        p,
        {network_scenario("net-ring", "topology = \"ring-lattice\"\ndegree = 4\n"),
         network_scenario("net-hub",
                          "topology = \"hub-and-spoke\"\n"
                          "[hub]\nenabled = true\nfunding_ends_year = 1\n")},
        3);
    return p;
  }();
  return path;
}

}  // namespace

TEST_CASE("A network results file gives its schools, ties and weekly rows per run",
          "[viewer][schools]") {
  const ResultsFile file = load_results_file(network_file());
  REQUIRE(file.scenarios.size() == 2);
  const ScenarioData& ring = *file.scenarios[0];
  CHECK(is_network_scenario(ring));
  REQUIRE(ring.school_network.present());
  CHECK(school_network_runs(ring.school_network) == std::vector<std::int64_t>{0, 1, 2});

  const SchoolNetworkRun run(ring.school_network, 1);
  REQUIRE(run.size() == 12);
  CHECK(run.ties().size() == 24);  // ring lattice of degree 4: 12 x 4 / 2
  for (std::size_t i = 0; i < run.size(); ++i) {
    CHECK(run.schools()[i].school == static_cast<std::int64_t>(i));
    CHECK(run.schools()[i].students > 0);
    CHECK(run.schools()[i].degree == 4);
  }
  int seeds = 0;
  for (const auto& s : run.schools()) seeds += s.seed ? 1 : 0;
  CHECK(seeds == 2);
  // Rows at week 0, every 6 weeks and the last week.
  const auto& weeks = run.weeks();
  REQUIRE(weeks.size() >= 3);
  CHECK(weeks.front() == 0);
  CHECK(weeks[1] == 5);
  CHECK(weeks.back() == ring.steps - 1);
  for (std::size_t w = 0; w < weeks.size(); ++w) {
    for (const auto& s : run.states(w)) CHECK(s.known);
  }
  // The seeds take the practice up at week 0.
  const StatusCounts start = run.counts(0);
  CHECK(start.working + start.routine >= 2);
  CHECK(start.not_yet + start.working + start.routine == 12);
}

TEST_CASE("The status shown at a week is the latest record at or before it", "[viewer][schools]") {
  SchoolTables t;
  t.schools = {{0, 7, "S-8", 300, 20, 0.2, 0, "top-down", 0.5, true, 1.0, 1},
               {0, 3, "S-4", 600, 30, 0.8, 2, "shared", 0.5, false, 0.5, 1},
               {1, 3, "S-4", 100, 10, 0.5, 1, "shared", 0.5, false, 0.5, 0}};  // another run
  t.ties = {{0, 3, 7, 0.6}, {0, 3, 99, 0.6}};                                  // 99: nobody
  t.rows = {{0, 0, 7, 1, 1, 0.9, 0, 0, 0},
            {0, 0, 3, 0, 0, 0.5, 0, 0, 0},
            {0, 10, 7, 2, 2, 0.95, 0, 0, 0},
            {0, 10, 3, 1, 0, 0.4, 0, 0, 0},
            {0, 20, 7, 2, 2, 0.97, 0, 0, 0}};  // school 3 missing at week 20
  const SchoolNetworkRun run(t, 0);
  REQUIRE(run.size() == 2);
  CHECK(run.schools()[0].school == 3);  // in id order
  CHECK(run.index_of(7) == 1);
  CHECK(run.index_of(99) == run.size());
  REQUIRE(run.ties().size() == 1);  // the tie to an unknown school is left out
  CHECK(run.weeks() == std::vector<std::int64_t>{0, 10, 20});
  CHECK(run.week_index_at(-5) == 0);
  CHECK(run.week_index_at(9) == 0);
  CHECK(run.week_index_at(10) == 1);
  CHECK(run.week_index_at(19) == 1);
  CHECK(run.week_index_at(500) == 2);
  CHECK(run.states(1)[0].status == SchoolStatus::kWorking);
  CHECK(run.states(1)[1].status == SchoolStatus::kRoutine);
  CHECK(run.states(1)[1].fidelity == Approx(0.95));
  CHECK_FALSE(run.states(2)[0].known);
  const StatusCounts c = run.counts(2);
  CHECK(c.routine == 1);
  CHECK(c.unknown == 1);
  CHECK(run.states(3).empty());

  // Ctrl+E on the schools tab: the map as a table, by id, at the record
  // shown (week 12 shows week 10's); a school without a record there has
  // empty status columns.
  const std::string csv = schools_csv("net", run, 12);
  CHECK(csv ==
        "scenario,run,week,id,school,students,teachers,poverty,style,seed,status,fidelity,"
        "champions\n"
        "net,0,10,S-4,3,600,30,0.8,shared,0,Working on the practice,0.4,0\n"
        "net,0,10,S-8,7,300,20,0.2,top-down,1,Practice has become routine,0.95,2\n");
  CHECK_THAT(schools_csv("net", run, 20), Catch::Contains("S-4,3,600,30,0.8,shared,0,,,\n"));
}

TEST_CASE("The hub of a hub-and-spoke network is found, with its funded weeks",
          "[viewer][schools]") {
  const ResultsFile file = load_results_file(network_file());
  const ScenarioData& hub = *file.scenarios[1];
  const HubView view = hub_view(hub, 0);
  CHECK(view.present);
  CHECK(view.spokes);
  REQUIRE(view.active.size() == static_cast<std::size_t>(hub.steps));
  CHECK(view.active_at(0));
  const SchoolNetworkRun run(hub.school_network, 0);
  CHECK(run.ties().empty());  // schools are tied to the hub only
}

TEST_CASE("End adoption by poverty tercile has a mean and interval per tercile",
          "[viewer][schools]") {
  const ResultsFile file = load_results_file(network_file());
  for (const auto& s : file.scenarios) {
    const auto terciles = end_adoption_by_tercile(*s);
    for (const auto& e : terciles) {
      CHECK(e.count == 3);
      CHECK(e.mean >= 0.0);
      CHECK(e.mean <= 1.0);
      CHECK(e.ci_low <= e.mean);
      CHECK(e.ci_high >= e.mean);
    }
  }
}

TEST_CASE("A school results file has no network of schools", "[viewer][schools]") {
  const auto path = test::temp_path("school-only.h5");
  test::write_comparison(path, {"top-down"}, 1);
  const ResultsFile file = load_results_file(path);
  CHECK_FALSE(file.scenarios[0]->school_network.present());
  CHECK_FALSE(is_network_scenario(*file.scenarios[0]));
  CHECK(end_adoption_by_tercile(*file.scenarios[0])[0].count == 0);
}

namespace {

// n schools with `ties` distinct random ties (a fixed LCG: the same graph
// on every machine).
SchoolLayoutInput random_network(std::size_t n, std::size_t ties, std::uint64_t seed) {
  SchoolLayoutInput in;
  in.nodes = n;
  in.seed = seed;
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  std::uint64_t x = 12345;
  while (seen.size() < ties) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    auto a = static_cast<std::uint32_t>((x >> 33) % n);
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    auto b = static_cast<std::uint32_t>((x >> 33) % n);
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (seen.insert({a, b}).second) in.ties.emplace_back(a, b);
  }
  return in;
}

bool inside(const std::vector<NodePosition>& p, double margin) {
  for (const auto& q : p) {
    if (!std::isfinite(q.x) || !std::isfinite(q.y)) return false;
    if (q.x < margin - 1e-12 || q.x > 1.0 - margin + 1e-12) return false;
    if (q.y < margin - 1e-12 || q.y > 1.0 - margin + 1e-12) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("The school layout is finite, inside its bounds and the same for the same seed",
          "[viewer][schools][layout]") {
  const SchoolLayoutInput in = random_network(60, 90, 7);
  const SchoolLayout a = school_layout(in, 0.05);
  const SchoolLayout b = school_layout(in, 0.05);
  REQUIRE(a.positions.size() == 60);
  CHECK(inside(a.positions, 0.05));
  bool same = true;
  for (std::size_t i = 0; i < 60; ++i) {
    same = same && a.positions[i].x == b.positions[i].x && a.positions[i].y == b.positions[i].y;
  }
  CHECK(same);
  SchoolLayoutInput other = in;
  other.seed = 8;
  const SchoolLayout c = school_layout(other, 0.05);
  bool differs = false;
  for (std::size_t i = 0; i < 60; ++i) differs = differs || a.positions[i].x != c.positions[i].x;
  CHECK(differs);
  // Schools are spread out, not piled up: most pairs are apart.
  int close = 0;
  for (std::size_t i = 0; i < 60; ++i) {
    for (std::size_t j = i + 1; j < 60; ++j) {
      close += std::hypot(a.positions[i].x - a.positions[j].x,
                          a.positions[i].y - a.positions[j].y) < 0.005;
    }
  }
  CHECK(close < 10);
  // No ties at all, one school, none: still inside.
  CHECK(inside(school_layout({30, {}, 1, 100}).positions, 0.04));
  CHECK(school_layout({1, {}, 1, 100}).positions.size() == 1);
  CHECK(school_layout({0, {}, 1, 100}).positions.empty());
}

TEST_CASE("A 1,000-school layout with 2,000 ties completes quickly", "[viewer][schools][layout]") {
  const SchoolLayoutInput in = random_network(1000, 2000, 1);
  const SchoolLayout layout = school_layout(in);
  REQUIRE(layout.positions.size() == 1000);
  CHECK(inside(layout.positions, 0.04));
  std::printf("school_layout: 1000 schools, 2000 ties: %.1f ms\n", layout.milliseconds);
  CHECK(layout.milliseconds < 10000.0);  // generous: sanitizer builds and shared machines
}

TEST_CASE("The layout cache computes in the background and wakes the window",
          "[viewer][schools][layout]") {
  std::atomic<int> wakes{0};
  LayoutCache cache([&] { ++wakes; });
  int built = 0;
  const auto input = [&] {
    ++built;
    return random_network(200, 300, 3);
  };
  std::shared_ptr<const SchoolLayout> layout = cache.get("a", input);
  const auto start = std::chrono::steady_clock::now();
  while (!layout && std::chrono::steady_clock::now() - start < std::chrono::seconds(60)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    layout = cache.get("a", input);
  }
  REQUIRE(layout);
  CHECK(built == 1);  // asked many times, computed once
  CHECK(wakes == 1);
  CHECK_FALSE(cache.busy());
  CHECK(layout->positions.size() == 200);
  CHECK(cache.get("a", input) == layout);  // cached
  CHECK(cache.size() == 1);
}
