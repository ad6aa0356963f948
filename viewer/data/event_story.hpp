#pragma once
// The event table as a story: what happened, when, in which scenario, in
// words a workshop room can read aloud.
//
// A results file may hold events for many replicates; a story follows one
// replicate (run) at a time, because "a champion left in week 12" is only
// meaningful within one simulated school's history.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "viewer/data/metric_labels.hpp"
#include "viewer/data/results_file.hpp"

namespace loom::viewer {

struct StoryEntry {
  int scenario = 0;  // index into the scenarios given to build_story
  std::int64_t week = 0;
  std::string when;      // "Year 2, week 5"
  std::string headline;  // "A change champion left"
  std::string detail;    // the event's own sentence, may be empty
  std::string kind;      // raw kind, for filters and tooltips
  Tone tone = Tone::kNeutral;
  std::int64_t actor = -1;
  int times = 1;  // > 1: repeats told once (told_once); `when` lists their weeks
};

// Events of replicate `run` in each scenario, merged in time order (ties keep
// scenario order), optionally only those whose kind is in `kinds` (empty = all)
// and only those of scenario `only_scenario` (-1 = every scenario). Besides
// the recorded events: the departures of hubs (hub_exits) and, for runs that
// kept no event of them (what-if runs), the planned changes of the
// scenario's settings; so the story tells every turning point the plots mark.
std::vector<StoryEntry> build_story(std::span<const ScenarioData* const> scenarios,
                                    std::int64_t run, std::span<const std::string> kinds = {},
                                    int only_scenario = -1);

// The story with repeats told once, as `loom story` tells them: entries of
// one scenario said in the same words within one school year become one,
// dated at the first ("Year 2, weeks 4, 8 and 14 (3 times)"). Only when
// every scenario has the same school-year calendar (else unchanged).
std::vector<StoryEntry> told_once(std::vector<StoryEntry> story,
                                  std::span<const ScenarioData* const> scenarios);
// Departures of "hubs" seen in the network snapshots of replicate `run`:
// staff (not the principal) whose ties carried the most trust at the
// snapshot before they were gone (top tenth of the staff, and at least 3
// ties). Kind "hub_left", dated at the first snapshot without them. The
// model writes no event for this; the snapshots tell it.
std::vector<StoryEntry> hub_exits(const ScenarioData& data, int scenario, std::int64_t run);

// The story's key events (is_key_event), for markers on the plots' time
// axes, in time order.
std::vector<StoryEntry> key_events(std::span<const ScenarioData* const> scenarios,
                                   std::int64_t run);

// Replicates that have at least one event in any of the scenarios, ascending.
std::vector<std::int64_t> runs_with_events(std::span<const ScenarioData* const> scenarios);

// Distinct event kinds in the scenarios, in first-seen order.
std::vector<std::string> event_kinds(std::span<const ScenarioData* const> scenarios);

// Index of the first entry at or after `week` (entries.size() if none).
std::size_t first_entry_at_or_after(std::span<const StoryEntry> entries, std::int64_t week);

}  // namespace loom::viewer
