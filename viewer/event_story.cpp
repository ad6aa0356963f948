#include "event_story.hpp"

#include <algorithm>

#include "time_axis.hpp"

namespace loom::viewer {

std::vector<StoryEntry> build_story(std::span<const ScenarioData* const> scenarios,
                                    std::int64_t run, std::span<const std::string> kinds,
                                    int only_scenario) {
  std::vector<StoryEntry> story;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const ScenarioData* data = scenarios[s];
    if (!data || (only_scenario >= 0 && static_cast<int>(s) != only_scenario)) continue;
    for (const Event& e : data->events) {
      if (e.run != run) continue;
      if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end()) continue;
      const EventKindText text = event_kind_text(e.kind);
      StoryEntry entry;
      entry.scenario = static_cast<int>(s);
      entry.week = e.week;
      entry.when =
          time_point_label(static_cast<int>(e.week), data->weeks_per_year, data->time_label);
      entry.headline = text.label;
      entry.detail = e.detail;
      entry.kind = e.kind;
      entry.tone = text.tone;
      entry.actor = e.actor;
      story.push_back(std::move(entry));
    }
  }
  std::stable_sort(story.begin(), story.end(), [](const StoryEntry& a, const StoryEntry& b) {
    return a.week != b.week ? a.week < b.week : a.scenario < b.scenario;
  });
  return story;
}

std::vector<StoryEntry> key_events(std::span<const ScenarioData* const> scenarios,
                                   std::int64_t run) {
  std::vector<StoryEntry> story = build_story(scenarios, run);
  std::erase_if(story, [](const StoryEntry& e) { return !is_key_event(e.kind); });
  return story;
}

std::vector<std::int64_t> runs_with_events(std::span<const ScenarioData* const> scenarios) {
  std::vector<std::int64_t> runs;
  for (const ScenarioData* data : scenarios) {
    if (!data) continue;
    for (const Event& e : data->events) runs.push_back(e.run);
  }
  std::sort(runs.begin(), runs.end());
  runs.erase(std::unique(runs.begin(), runs.end()), runs.end());
  return runs;
}

std::vector<std::string> event_kinds(std::span<const ScenarioData* const> scenarios) {
  std::vector<std::string> kinds;
  for (const ScenarioData* data : scenarios) {
    if (!data) continue;
    for (const Event& e : data->events) {
      if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end()) kinds.push_back(e.kind);
    }
  }
  return kinds;
}

std::size_t first_entry_at_or_after(std::span<const StoryEntry> entries, std::int64_t week) {
  const auto it = std::lower_bound(entries.begin(), entries.end(), week,
                                   [](const StoryEntry& e, std::int64_t w) { return e.week < w; });
  return static_cast<std::size_t>(it - entries.begin());
}

}  // namespace loom::viewer
