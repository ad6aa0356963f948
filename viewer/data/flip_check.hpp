#pragma once
// Which assumptions could flip a comparison? The handout's last section.
//
// The sensitivity screen (scripts/sensitivity.py, docs/sensitivity.md)
// ranks Loom's invented constants by how much they move the headline
// (shared minus top-down mean outcome) and writes the ranking, with each
// constant's screened range, to scenarios/sensitivity-ranking.tsv (installed
// with the presets). For a comparison on screen, each of the first few is
// set to the low and then the high end of its range in both scenarios, and
// the pair is re-run with paired replicates: if the difference's interval
// changes side of 0, that assumption can flip the conclusion. This is what
// scripts/robustness.sh prints for the presets, for any pair the viewer
// shows. The ranking was made for the headline pair; for another pair it is
// a reasonable list to try, not a ranking of that pair (the handout says so).
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sim/core/statistics.hpp"
#include "viewer/data/results_file.hpp"

namespace loom::viewer {

struct Assumption {
  std::string key;  // "trust.honest_report_safety"
  double low = 0.0, high = 0.0;
  std::string label;  // plain words, from the parameter table
};

// The first `count` rows of sensitivity-ranking.tsv in the first of
// `folders` (the preset folders) holding it; empty when none does.
// Throws std::runtime_error naming the file and line for a malformed row.
std::vector<Assumption> ranked_assumptions(std::span<const std::filesystem::path> folders,
                                           std::size_t count = 4);

struct FlipRow {
  Assumption assumption;
  Estimate at_low, at_high;  // the difference (other minus reference), paired
  bool applies = true;       // false when the scenarios have no such parameter
};

struct FlipCheck {
  std::size_t other = 0;  // scenario index; the difference is other minus scenario 0
  std::string measure;    // summary field
  int replicates = 0;
  Estimate as_shown;  // the difference at the scenarios' own settings, same runs
  std::vector<FlipRow> rows;
};

// Whether `changed` keeps `as_shown`'s conclusion (interval above 0, below
// 0, or across it): "holds", "flips", "unclear" (across 0), or "clear" (a
// side of 0 where the shown interval was across it).
std::string flip_verdict(const Estimate& as_shown, const Estimate& changed);

// For every scenario after the first that is not the baseline: `measure`'s
// difference from scenario 0 at each assumption's low and high end, from
// `replicates` paired runs of both (the scenarios need their settings:
// results files keep them). `threads` as the what-if runner's (0 = all
// cores). `stop` (optional) is polled between runs; returns an empty list
// when it said stop. Throws ScenarioError for settings that do not run.
std::vector<FlipCheck> check_flips(std::span<const ScenarioData* const> scenarios,
                                   const std::string& measure,
                                   std::span<const Assumption> assumptions, int replicates,
                                   int threads = 0, const std::function<bool()>& stop = {});

}  // namespace loom::viewer
