#include "models/school/event_story.hpp"

#include <algorithm>

#include <array>
#include <cstdio>
#include <utility>

namespace loom {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>,
                     static_cast<std::size_t>(EventKind::kCount)>
    kKinds{{{"champion_left", "Champion left"},
            {"principal_left", "Principal left"},
            {"idea_adopted", "Idea adopted"},
            {"idea_abandoned", "Idea abandoned"},
            {"idea_harmed_subgroup", "Idea found to harm a group"},
            {"equity_pause", "Equity pause"},
            {"initiative_launched", "Initiative launched"},
            {"initiative_collapsed", "Initiative collapsed"},
            {"initiative_retired", "Initiative retired"},
            {"trust_broke_down", "Trust broke down"},
            {"trust_recovered", "Trust recovered"},
            {"failure_hidden", "Failure reported as success"},
            {"champion_joined", "Champion joined"},
            {"scheduled_change", "Scheduled change"}}};

}  // namespace

std::string_view event_kind_name(EventKind kind) {
  return kKinds[static_cast<std::size_t>(kind)].first;
}

std::string_view event_kind_heading(std::string_view kind_name) {
  for (const auto& [name, heading] : kKinds) {
    if (name == kind_name) return heading;
  }
  return kind_name;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string plural(int count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string signed_fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.*f", decimals, value);
  return text;
}

std::string and_list(std::span<const std::string> items) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i)
    s += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return s;
}

std::vector<std::vector<std::size_t>> group_repeats(
    std::span<const std::int64_t> weeks, int weeks_per_year,
    const std::function<bool(std::size_t, std::size_t)>& same) {
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    if (weeks_per_year > 0) {
      const auto year = weeks[i] / weeks_per_year;
      const auto match = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
        return weeks[g.front()] / weeks_per_year == year && same(g.front(), i);
      });
      if (match != groups.end()) {
        match->push_back(i);
        continue;
      }
    }
    groups.push_back({i});
  }
  return groups;
}

std::string weeks_phrase(std::span<const std::int64_t> weeks, int weeks_per_year) {
  std::vector<std::string> in_year;
  for (const std::int64_t w : weeks) in_year.push_back(std::to_string(w % weeks_per_year + 1));
  std::string s = "Year " + std::to_string(weeks.front() / weeks_per_year + 1) +
                  (weeks.size() == 1 ? ", week " : ", weeks ") + and_list(in_year);
  if (weeks.size() > 1) s += " (" + std::to_string(weeks.size()) + " times)";
  return s;
}

}  // namespace loom
