#include "viewer/data/event_story.hpp"

#include <algorithm>
#include <map>

#include "models/school/event_story.hpp"
#include "viewer/data/time_axis.hpp"

namespace loom::viewer {
namespace {

// An entry of scenario `scenario` at `week`, of `kind`: its date and
// heading in words; the caller adds the detail.
StoryEntry entry_at(int scenario, std::int64_t week, const ScenarioData& data,
                    const std::string& kind) {
  const EventKindText text = event_kind_text(kind);
  StoryEntry entry;
  entry.scenario = scenario;
  entry.week = week;
  entry.when = time_point_label(static_cast<int>(week), data.weeks_per_year, data.time_label);
  entry.kind = kind;
  entry.headline = text.label;
  entry.tone = text.tone;
  return entry;
}

}  // namespace

std::vector<StoryEntry> hub_exits(const ScenarioData& data, int scenario, std::int64_t run) {
  // Snapshot weeks of this run, and per week: slot -> (person, role), and
  // each slot's ties (count, summed trust).
  struct Holder {
    std::int64_t person = -1, role = 1;
    int ties = 0;
    double strength = 0.0;
  };
  std::map<std::int64_t, std::map<std::int64_t, Holder>> weeks;
  for (const NetworkNode& n : data.network_nodes) {
    if (n.run == run) weeks[n.week][n.slot] = {n.person, n.role, 0, 0.0};
  }
  for (const NetworkEdge& e : data.network_edges) {
    if (e.run != run) continue;
    const auto w = weeks.find(e.week);
    if (w == weeks.end()) continue;
    for (const std::int64_t slot : {e.source, e.target}) {
      const auto h = w->second.find(slot);
      if (h == w->second.end()) continue;
      ++h->second.ties;
      h->second.strength += e.trust;
    }
  }
  std::vector<StoryEntry> out;
  for (auto it = weeks.begin(); it != weeks.end() && std::next(it) != weeks.end(); ++it) {
    const auto& before = it->second;
    const auto& after = std::next(it)->second;
    std::vector<double> strengths;
    for (const auto& [slot, h] : before) {
      if (h.role != 0) strengths.push_back(h.strength);
    }
    if (strengths.size() < 5) continue;
    std::sort(strengths.begin(), strengths.end());
    const double top_tenth = strengths[strengths.size() - 1 - strengths.size() / 10];
    for (const auto& [slot, h] : before) {
      if (h.role == 0 || h.ties < 3 || h.strength < top_tenth) continue;
      const auto now = after.find(slot);
      if (now != after.end() && now->second.person == h.person) continue;
      StoryEntry entry = entry_at(scenario, std::next(it)->first, data, "hub_left");
      entry.actor = h.person;
      entry.detail =
          "A teacher trusted by many colleagues (person " + std::to_string(h.person) + ", " +
          std::to_string(h.ties) + " ties) left between " +
          time_point_label(static_cast<int>(it->first), data.weeks_per_year, data.time_label) +
          " and " + entry.when + ".";
      out.push_back(std::move(entry));
    }
  }
  return out;
}

std::vector<StoryEntry> told_once(std::vector<StoryEntry> story,
                                  std::span<const ScenarioData* const> scenarios) {
  int per_year = 0;
  for (const ScenarioData* d : scenarios) {
    if (!d) continue;
    const int own = d->time_label == "week" ? d->weeks_per_year : 0;
    if (own <= 0 || (per_year > 0 && own != per_year)) return story;
    per_year = own;
  }
  std::vector<std::int64_t> weeks;
  for (const auto& e : story) weeks.push_back(e.week);
  const auto groups = group_repeats(weeks, per_year, [&](std::size_t a, std::size_t b) {
    return story[a].scenario == story[b].scenario && story[a].kind == story[b].kind &&
           story[a].detail == story[b].detail && story[a].headline == story[b].headline;
  });
  std::vector<StoryEntry> out;
  for (const auto& g : groups) {
    StoryEntry entry = std::move(story[g.front()]);
    if (g.size() > 1) {
      std::vector<std::int64_t> told;
      for (const std::size_t k : g) told.push_back(weeks[k]);
      entry.when = weeks_phrase(told, per_year);
      entry.times = static_cast<int>(g.size());
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<StoryEntry> build_story(std::span<const ScenarioData* const> scenarios,
                                    std::int64_t run, std::span<const std::string> kinds,
                                    int only_scenario) {
  std::vector<StoryEntry> story;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    if (!scenarios[s] || (only_scenario >= 0 && static_cast<int>(s) != only_scenario)) continue;
    const ScenarioData& data = *scenarios[s];
    const int scenario = static_cast<int>(s);
    bool told = false;  // the run kept events of its planned changes
    for (const Event& e : data.events) {
      if (e.run != run) continue;
      told = told || e.kind == "scheduled_change";
      StoryEntry entry = entry_at(scenario, e.week, data, e.kind);
      entry.detail = e.detail;
      entry.actor = e.actor;
      story.push_back(std::move(entry));
    }
    // Planned changes ([[schedule]]) are told from the scenario's settings
    // where its runs kept no events that tell them (what-if runs keep none).
    if (!told && data.settings && data.weeks_per_year > 0) {
      for (const auto& change : data.settings->schedule) {
        StoryEntry entry =
            entry_at(scenario, change.step(data.weeks_per_year), data, "scheduled_change");
        entry.detail =
            change.when() + ": " + (change.label.empty() ? "levers change" : change.label);
        story.push_back(std::move(entry));
      }
    }
    for (auto& hub : hub_exits(data, scenario, run)) story.push_back(std::move(hub));
  }
  if (!kinds.empty()) {
    std::erase_if(story, [&](const StoryEntry& e) {
      return std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end();
    });
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
