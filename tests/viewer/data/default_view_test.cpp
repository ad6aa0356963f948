#include "viewer/data/default_view.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "models/catalog/model_catalog.hpp"

using namespace loom::viewer;

namespace {
// A scenario with the measures its model records, as a results file has them.
ScenarioData scenario(const std::string& id, const std::string& model = "school") {
  ScenarioData s;
  s.id = id;
  s.model = model;
  s.metrics = loom::make_model(model)->layout().metrics;
  return s;
}
bool has(const std::vector<std::string>& list, const char* m) {
  return std::find(list.begin(), list.end(), m) != list.end();
}
}  // namespace

TEST_CASE("Each view opens on the measures the workshop guide asks about", "[viewer]") {
  // Two ways of leading: results, the shared way, staff, trust, speaking up.
  const ScenarioData top = scenario("top-down"), shared = scenario("shared-leadership");
  const std::vector<const ScenarioData*> leadership{&top, &shared};
  const auto usual = default_metrics(leadership);
  CHECK(usual == std::vector<std::string>{"outcome_mean", "code_knowledge", "staff_knowledge",
                                          "belief_diversity", "trust_mean",
                                          "psychological_safety"});
  // Too much at once: workload, exhaustion and teachers leaving, without
  // crowding (still six).
  const ScenarioData overload = scenario("overload"), subtraction = scenario("subtraction-game");
  const std::vector<const ScenarioData*> too_much{&shared, &overload, &subtraction};
  const auto asked = default_metrics(too_much);
  CHECK(asked.size() == kDefaultPlots);
  CHECK(asked.front() == "outcome_mean");
  CHECK((has(asked, "load") && has(asked, "burnout") && has(asked, "teacher_exits")));
  // The move in year 2: variety of views and exhaustion.
  const ScenarioData move = scenario("move-to-shared-in-year-2");
  const std::vector<const ScenarioData*> the_switch{&top, &move, &shared};
  const auto switched = default_metrics(the_switch);
  CHECK(switched.size() == kDefaultPlots);
  CHECK((has(switched, "belief_diversity") && has(switched, "burnout")));
  for (const auto& list : {usual, asked, switched}) {
    CHECK(std::none_of(list.begin(), list.end(), is_subgroup_metric));
    CHECK(unplotted_scenarios(too_much, list).empty());
  }
}

TEST_CASE("A network of schools beside schools is plotted too, or said to be missing", "[viewer]") {
  const ScenarioData top = scenario("top-down"), hub = scenario("hub-and-spoke", "network");
  const std::vector<const ScenarioData*> mixed{&top, &hub};
  const auto chosen = default_metrics(mixed);
  CHECK(has(chosen, "outcome_mean"));
  CHECK(has(chosen, hub.metrics.front().c_str()));  // the network's own first measures
  CHECK(chosen.size() <= kDefaultPlots + 3);
  CHECK(unplotted_scenarios(mixed, chosen).empty());
  // Measures ticked by hand without any of the network's: it is named.
  const std::vector<std::string> by_hand{"trust_mean"};
  CHECK(unplotted_scenarios(mixed, by_hand) == std::vector<std::size_t>{1});
  // A network alone: its first four.
  const std::vector<const ScenarioData*> alone{&hub};
  CHECK(default_metrics(alone).size() == 4);
  CHECK(default_metrics({}).empty());
}
