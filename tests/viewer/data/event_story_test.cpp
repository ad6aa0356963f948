#include "viewer/data/event_story.hpp"

#include <catch2/catch.hpp>

#include "models/school/event_story.hpp"

using namespace loom::viewer;

namespace {
ScenarioData with_events(std::vector<Event> events) {
  ScenarioData s;
  s.weeks_per_year = 36;
  s.events = std::move(events);
  return s;
}
}  // namespace

TEST_CASE("The story follows one replicate, merged across scenarios in time order", "[viewer]") {
  const ScenarioData a = with_events({{0, 5, 0, "idea_adopted", -1, "Peer observation stuck."},
                                      {0, 40, 0, "champion_left", 12, "Ms K left."},
                                      {1, 2, 0, "trust_breakdown", -1, ""}});
  const ScenarioData b = with_events(
      {{0, 5, 0, "equity_pause", -1, ""}, {0, 20, 0, "some_new_kind", -1, "Something new."}});
  const std::vector<const ScenarioData*> both{&a, &b};
  const auto story = build_story(both, 0);
  REQUIRE(story.size() == 4);
  CHECK(story[0].week == 5);
  CHECK(story[0].scenario == 0);  // same week: scenario order
  CHECK(story[1].scenario == 1);
  CHECK(story[1].headline == "Staff paused to check who benefits");
  CHECK(story[1].tone == Tone::kGood);
  CHECK(story[2].headline == "Some new kind");  // unknown kinds stay readable
  CHECK(story[3].when == "Year 2, week 5");
  CHECK(story[3].headline == "A change champion left");
  CHECK(story[3].tone == Tone::kBad);
  CHECK(story[3].detail == "Ms K left.");
  CHECK(story[3].actor == 12);

  CHECK(build_story(both, 1).size() == 1);
  CHECK(runs_with_events(both) == std::vector<std::int64_t>{0, 1});
  const std::vector<std::string> only{"champion_left"};
  CHECK(build_story(both, 0, only).size() == 1);
  CHECK(event_kinds(both) == std::vector<std::string>{"idea_adopted", "champion_left",
                                                      "trust_breakdown", "equity_pause",
                                                      "some_new_kind"});
  CHECK(first_entry_at_or_after(story, 6) == 2);
  CHECK(first_entry_at_or_after(story, 41) == 4);
}

TEST_CASE("Every event kind the model writes has a label and a mark", "[viewer]") {
  for (int k = 0; k < static_cast<int>(loom::EventKind::kCount); ++k) {
    const std::string_view name = loom::event_kind_name(static_cast<loom::EventKind>(k));
    INFO("event kind " << name);
    const EventKindText text = event_kind_text(name);
    CHECK(text.known);
    CHECK(!text.label.empty());
    CHECK(text.label != std::string(name));
    CHECK(!tone_mark(text.tone).empty());
    CHECK(!tone_meaning(text.tone).empty());
  }
  // The story's marks tell good news from bad.
  CHECK(event_kind_text("trust_broke_down").tone == Tone::kBad);
  CHECK(event_kind_text("trust_recovered").tone == Tone::kGood);
  CHECK(event_kind_text("principal_left").tone == Tone::kBad);
  CHECK(tone_mark(Tone::kGood) != tone_mark(Tone::kBad));
  CHECK(tone_mark(Tone::kNeutral) != tone_mark(Tone::kBad));
  // Key events are marked on the time axes.
  CHECK(is_key_event("principal_left"));
  CHECK(is_key_event("initiative_collapsed"));
  CHECK_FALSE(is_key_event("idea_adopted"));
  CHECK(is_key_event("scheduled_change"));  // planned lever changes are marked on the time axes
}

TEST_CASE("The story can follow one scenario", "[viewer]") {
  const ScenarioData a = with_events({{0, 5, 0, "idea_adopted", -1, ""}});
  const ScenarioData b = with_events({{0, 3, 0, "equity_pause", -1, ""}});
  const std::vector<const ScenarioData*> both{&a, &b};
  const auto story = build_story(both, 0, {}, 1);
  REQUIRE(story.size() == 1);
  CHECK(story[0].scenario == 1);
  CHECK(build_story(both, 0, {}, -1).size() == 2);
}

TEST_CASE("Key events of one run are found for the time axes", "[viewer]") {
  const ScenarioData a = with_events({{0, 5, 0, "idea_adopted", -1, ""},
                                      {0, 40, 0, "principal_left", 3, "The principal left."},
                                      {1, 41, 0, "principal_left", 3, ""},
                                      {0, 60, 0, "initiative_collapsed", -1, ""}});
  const std::vector<const ScenarioData*> one{&a};
  const auto marks = key_events(one, 0);
  REQUIRE(marks.size() == 2);
  CHECK(marks[0].week == 40);
  CHECK(marks[0].headline == "The principal left");
  CHECK(marks[1].kind == "initiative_collapsed");
}

TEST_CASE("A well-connected teacher leaving is found in the network snapshots", "[viewer]") {
  ScenarioData s = with_events({});
  // Week 0: slots 0 (principal) .. 6; slot 1 is tied to everyone with high
  // trust. Week 12: slot 1 holds a new person; slot 6 (few ties) also left.
  for (std::int64_t week : {0, 12}) {
    for (std::int64_t slot = 0; slot <= 6; ++slot) {
      std::int64_t person = slot;
      if (week == 12 && (slot == 1 || slot == 6)) person = 100 + slot;
      s.network_nodes.push_back({0, week, slot, person, slot == 0 ? 0 : 1, false, 1.0, 0.0});
    }
    for (std::int64_t other = 2; other <= 6; ++other) {
      s.network_edges.push_back({0, week, 1, other, 0.9});
    }
    s.network_edges.push_back({0, week, 2, 3, 0.2});
  }
  const auto hubs = hub_exits(s, 0, 0);
  REQUIRE(hubs.size() == 1);
  CHECK(hubs[0].week == 12);
  CHECK(hubs[0].actor == 1);
  CHECK(hubs[0].kind == "hub_left");
  CHECK(hubs[0].tone == Tone::kBad);
  CHECK(hub_exits(s, 0, 1).empty());  // another run: no snapshots
  const std::vector<const ScenarioData*> one{&s};
  CHECK(key_events(one, 0).size() == 1);
}

TEST_CASE("The story tells what the markers mark: planned changes and hubs leaving", "[viewer]") {
  // A what-if run of the switch preset keeps no events: its planned change
  // comes from the settings, in the story as on the time axes, and the
  // story's place for the week marker on Year 2, week 1 is that change.
  ScenarioData s =
      with_events({{0, 30, 0, "idea_adopted", -1, ""}, {0, 50, 0, "idea_adopted", -1, ""}});
  s.settings = ScenarioSettings::from_file(std::string(LOOM_SOURCE_DIR) +
                                           "/scenarios/move-to-shared-in-year-2.toml");
  const std::vector<const ScenarioData*> one{&s};
  const auto story = build_story(one, 0);
  REQUIRE(story.size() == 3);
  CHECK(story[1].kind == "scheduled_change");
  CHECK(story[1].when == "Year 2, week 1");
  CHECK(story[first_entry_at_or_after(story, 36)].kind == "scheduled_change");
  CHECK(key_events(one, 0).size() == 1);
  const std::vector<std::string> only_ideas{"idea_adopted"};
  CHECK(build_story(one, 0, only_ideas).size() == 2);  // the kind filter applies to it too
  CHECK(build_story(one, 0, {}, 1).empty());           // and the scenario filter
  // Recorded by the run: told once, not twice.
  s.events.push_back({0, 36, 0, "scheduled_change", -1, "Year 2: Move to shared leadership"});
  CHECK(build_story(one, 0).size() == 3);
}

TEST_CASE("Repeats said in the same words within a school year are told once, as loom story does",
          "[viewer]") {
  const ScenarioData a = with_events({{0, 3, 0, "idea_abandoned", -1, "An idea was dropped."},
                                      {0, 7, 0, "idea_adopted", -1, "Peer observation stuck."},
                                      {0, 13, 0, "idea_abandoned", -1, "An idea was dropped."},
                                      {0, 20, 0, "idea_abandoned", -1, "Another was dropped."},
                                      {0, 30, 0, "idea_abandoned", -1, "An idea was dropped."},
                                      {0, 40, 0, "idea_abandoned", -1, "An idea was dropped."}});
  const ScenarioData b = with_events({{0, 13, 0, "idea_abandoned", -1, "An idea was dropped."}});
  const std::vector<const ScenarioData*> both{&a, &b};
  const auto story = told_once(build_story(both, 0), both);
  REQUIRE(story.size() == 5);
  CHECK(story[0].when == "Year 1, weeks 4, 14 and 31 (3 times)");
  CHECK(story[0].times == 3);
  CHECK(story[1].when == "Year 1, week 8");  // other words: its own line
  CHECK(story[2].scenario == 1);             // another scenario's same words: its own line
  CHECK(story[2].times == 1);
  CHECK(story[3].detail == "Another was dropped.");
  CHECK(story[4].when == "Year 2, week 5");  // the next school year starts anew
  // Every event is still there, in time order by first week.
  int told = 0;
  for (std::size_t i = 0; i < story.size(); ++i) {
    told += story[i].times;
    if (i > 0) CHECK(story[i - 1].week <= story[i].week);
  }
  CHECK(told == 7);
  // Scenarios on different calendars: nothing is merged.
  ScenarioData c = with_events({});
  c.weeks_per_year = 40;
  const std::vector<const ScenarioData*> mixed{&a, &c};
  CHECK(told_once(build_story(mixed, 0), mixed).size() == 6);
}
