#pragma once
// A printable one-page handout of a comparison (A4 PDF): the key plot, the
// summary at the end with its intervals in words, and the assumptions that
// could flip the conclusion, so a workshop room takes home what it saw with
// its uncertainty and its caveats, not a screenshot without them.
//
// Made from what the viewer shows (results files or what-if runs) by the
// File menu's "Save handout" and by `loom-viewer --handout OUT.pdf FILES`
// (no window needed). The first scenario is the reference every difference
// is taken from, as in the summary table; a shown baseline (a school doing
// nothing new) is also compared against.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "viewer/data/flip_check.hpp"
#include "viewer/data/pdf_page.hpp"
#include "viewer/data/results_file.hpp"
#include "viewer/data/scenario_colours.hpp"

namespace loom::viewer {

struct HandoutScenario {
  const ScenarioData* data = nullptr;
  std::string label;  // as on screen ("Shared leadership")
  Rgb colour{0, 0, 0};
};

struct HandoutInput {
  std::vector<HandoutScenario> scenarios;  // the reference first
  std::string measure;                     // empty: handout_measure()
  std::vector<FlipCheck> flips;            // check_flips(); may be empty
  std::string flips_note;                  // why there are none, when empty
  std::vector<std::string> sources;        // file names (or "what-if"), for the footer
};

// The measure a handout shows unless told: the mean student outcome when
// every scenario has it, else the first headline metric they share, else
// the first shared time-series metric ("" when none).
std::string handout_measure(std::span<const ScenarioData* const> scenarios);

// Lays out the page. Throws std::invalid_argument when there is no
// scenario or the measure is not in every scenario's series.
PdfPage handout_page(const HandoutInput& input);

// The whole job, for the viewer's menu and `--handout`: the measure
// (`measure`, or handout_measure()), the flip checks from the ranking in
// `preset_folders` with `replicates` paired runs on `threads` (0 = all
// cores), the page, written atomically to `path`. Returns what it did in a
// sentence. Throws std::invalid_argument for a measure some scenario lacks
// (naming the nearest), before any run; std::runtime_error (or
// ScenarioError) for a ranking, settings or file it cannot use.
std::string write_handout(HandoutInput input, std::span<const std::filesystem::path> preset_folders,
                          int replicates, int threads, const std::filesystem::path& path);

}  // namespace loom::viewer
