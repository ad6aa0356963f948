#include "viewer/data/scenario_colours.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <tuple>

using namespace loom::viewer;

namespace {
std::vector<Rgb> colours(std::vector<std::string> ids) {
  return scenario_colours(ids);
}
std::set<std::tuple<int, int, int>> distinct(const std::vector<Rgb>& c) {
  std::set<std::tuple<int, int, int>> out;
  for (const auto& x : c) out.insert({x.r, x.g, x.b});
  return out;
}
}  // namespace

TEST_CASE("A scenario's colour follows its name, not its place or its neighbours", "[viewer]") {
  const Rgb blue{0, 114, 178}, vermillion{213, 94, 0};
  // The guide's files: shared leadership is vermillion first, second or third.
  CHECK(colours({"top-down", "shared-leadership"}) == std::vector<Rgb>{blue, vermillion});
  CHECK(colours({"shared-leadership", "top-down"}) == std::vector<Rgb>{vermillion, blue});
  CHECK(colours({"shared-leadership", "overload", "subtraction-game"})[0] == vermillion);
  CHECK(colours({"top-down", "move-to-shared-in-year-2", "shared-leadership"})[2] == vermillion);
  // Any other name: the same colour in any order and beside any fixed preset
  // of another colour (one of its own colour keeps it: it claims first).
  const Rgb mine = colours({"my-scenario"})[0];
  for (const char* preset : {"top-down", "shared-leadership", "overload", "buddy"}) {
    const auto pair = colours({preset, "my-scenario"});
    CHECK(pair[0] == *preset_colour(preset));
    if (*preset_colour(preset) != mine) CHECK(pair[1] == mine);
    if (*preset_colour(preset) == mine) CHECK(pair[1] != mine);
  }
  // The hash is pinned (FNV-1a, not std::hash): the same on every platform.
  CHECK(hex(mine) == hex(colours({"my-scenario"})[0]));
  const auto a = colours({"alpha", "beta", "gamma"});
  const auto b = colours({"gamma", "alpha", "beta"});
  CHECK(a[0] == b[1]);
  CHECK(a[1] == b[2]);
  CHECK(a[2] == b[0]);
}

TEST_CASE("The workshop's presets have fixed, different colour-blind-safe colours", "[viewer]") {
  const std::vector<std::string> presets{
      "top-down",          "shared-leadership", "move-to-shared-in-year-2",
      "overload",          "subtraction-game",  "equity-pauses-on",
      "equity-pauses-off", "hub-and-spoke",     "buddy"};
  std::vector<Rgb> fixed;
  for (const auto& id : presets) {
    const Rgb* c = preset_colour(id);
    REQUIRE(c != nullptr);
    fixed.push_back(*c);
    CHECK(colours({id})[0] == *c);
  }
  CHECK(distinct(fixed).size() == presets.size());
  CHECK(preset_colour("compliance-pdsa") == nullptr);  // not in the guide: hashed
  // The guide's comparisons take Okabe & Ito's colours (the first six).
  const auto okabe_ito = scenario_palette().first(6);
  for (const char* id : {"top-down", "shared-leadership", "move-to-shared-in-year-2", "overload",
                         "subtraction-game", "equity-pauses-on"}) {
    CHECK(std::find(okabe_ito.begin(), okabe_ito.end(), *preset_colour(id)) != okabe_ito.end());
  }
}

TEST_CASE("No two scenarios of one view share a colour", "[viewer]") {
  // The same preset from two files, and names whose hashes collide.
  const auto twice = colours({"top-down", "top-down", "shared-leadership"});
  CHECK(twice[0] == Rgb{0, 114, 178});
  CHECK(distinct(twice).size() == 3);
  std::vector<std::string> many;
  for (int k = 0; k < 40; ++k) many.push_back("scenario-" + std::to_string(k));
  many.push_back("top-down");
  const auto all = colours(many);
  CHECK(distinct(all).size() == many.size());
  CHECK(all.back() == Rgb{0, 114, 178});  // a fixed preset keeps its colour in a crowd
  // Up to the palette's size, only palette colours.
  const auto twelve = colours(std::vector<std::string>(many.begin(), many.begin() + 12));
  for (const auto& c : twelve) {
    const auto p = scenario_palette();
    CHECK(std::find(p.begin(), p.end(), c) != p.end());
  }
  CHECK(colours({}).empty());
}
