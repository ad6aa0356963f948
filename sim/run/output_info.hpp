#pragma once
// What a model's outputs mean, declared once next to the model: each weekly
// metric and summary field has its name in results files, a plain-language
// label (for a workshop room), the research term and definition (for a
// tooltip and the docs), a unit, and whether higher is better. The model's
// layout, the summary, `loom` and the viewer all read these tables, so no
// list of names is kept in step with another by position.
#include <span>
#include <string_view>

namespace loom {

struct OutputInfo {
  std::string_view name;   // as in results files: "outcome_gap"
  std::string_view label;  // plain language: "Gap between student groups"
  std::string_view term;   // research term and definition
  std::string_view unit;   // "SD", "0..1", ...
  int better = 0;          // +1 higher is better, -1 lower is better, 0 neutral
};

}  // namespace loom
