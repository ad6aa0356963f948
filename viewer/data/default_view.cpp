#include "viewer/data/default_view.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace loom::viewer {
namespace {

constexpr std::array<std::string_view, 3> kSubgroups{"outcome_majority", "outcome_underserved",
                                                     "outcome_gap"};

// The usual workshop measures, in the order they are plotted.
constexpr std::array<std::string_view, 6> kUsual{"code_knowledge",       "staff_knowledge",
                                                 "belief_diversity",     "trust_mean",
                                                 "psychological_safety", "burnout"};

// What the guide's segment for a preset asks about (docs/workshop.md,
// sections 4b and 5), by scenario id.
struct Focus {
  std::string_view id;
  std::array<std::string_view, 3> metrics;
};
constexpr std::array<Focus, 3> kFocus{{
    {"overload", {"load", "burnout", "teacher_exits"}},
    {"subtraction-game", {"load", "burnout", "teacher_exits"}},
    {"move-to-shared-in-year-2", {"belief_diversity", "burnout", ""}},
}};

bool contains(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

bool is_subgroup_metric(const std::string& metric) {
  return std::find(kSubgroups.begin(), kSubgroups.end(), metric) != kSubgroups.end();
}

std::vector<std::string> default_metrics(std::span<const ScenarioData* const> scenarios) {
  std::vector<std::string> chosen;
  const auto add = [&](std::string_view metric) {
    if (metric.empty() || contains(chosen, metric) || chosen.size() >= kDefaultPlots) return;
    if (std::any_of(scenarios.begin(), scenarios.end(),
                    [&](const ScenarioData* s) { return s && s->metric_index(metric) >= 0; })) {
      chosen.emplace_back(metric);
    }
  };
  add("outcome_mean");
  for (const ScenarioData* s : scenarios) {
    for (const Focus& f : kFocus) {
      if (s && s->id == f.id) {
        for (const auto m : f.metrics) add(m);
      }
    }
  }
  for (const auto m : kUsual) add(m);
  // Another model's scenarios (or an unfamiliar model) with none of these:
  // their own first measures, fewer when the view already has plots.
  const std::size_t others = chosen.empty() ? 4 : 3;
  for (const ScenarioData* s : scenarios) {
    if (!s || std::any_of(s->metrics.begin(), s->metrics.end(), [&](const std::string& m) {
          return contains(chosen, m) || is_subgroup_metric(m);
        }))
      continue;
    std::size_t added = 0;
    for (const auto& m : s->metrics) {
      if (added == others) break;
      if (!contains(chosen, m)) {
        chosen.push_back(m);
        ++added;
      }
    }
  }
  return chosen;
}

std::vector<std::size_t> unplotted_scenarios(std::span<const ScenarioData* const> scenarios,
                                             std::span<const std::string> metrics) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioData* s = scenarios[i];
    if (!s) continue;
    const bool drawn = std::any_of(s->metrics.begin(), s->metrics.end(), [&](const std::string& m) {
      return is_subgroup_metric(m) || std::find(metrics.begin(), metrics.end(), m) != metrics.end();
    });
    if (!drawn) out.push_back(i);
  }
  return out;
}

}  // namespace loom::viewer
