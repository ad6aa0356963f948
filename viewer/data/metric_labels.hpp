#pragma once
// Words for what the viewer shows: plain language by default, the research
// term in the tooltip. Metrics and summary fields take their words from the
// model that writes them (sim/run/output_info.hpp, declared once next to the
// model); event kinds from the table here. A workshop room never sees a
// variable name unless the viewer meets one it does not know (then the raw
// name is shown as is).
#include <string>
#include <string_view>

namespace loom::viewer {

struct MetricText {
  std::string label;  // plain language, e.g. "Gap between student groups"
  std::string term;   // research term and definition, for the tooltip
  std::string unit;   // e.g. "SD", "" when none
  bool known = false;
  // +1 if higher is better for students or staff, -1 if lower is better, 0 neutral.
  int better = 0;
  // "Student results (all students) (SD)": the label with its unit, if any.
  std::string label_with_unit() const { return label + (unit.empty() ? "" : " (" + unit + ")"); }
};

// A time-series metric or summary field by its name in the results file.
MetricText metric_text(std::string_view name);

enum class Tone { kGood, kBad, kNeutral };

struct EventKindText {
  std::string label;  // "A change champion left"
  Tone tone = Tone::kNeutral;
  bool known = false;
};

EventKindText event_kind_text(std::string_view kind);

// The mark before a story entry and what it means, for the story's legend:
// "+" went well, "!" a setback or warning, a middle dot neither.
std::string_view tone_mark(Tone tone);
std::string_view tone_meaning(Tone tone);

// Events marked on the plots' time axes: turning points a room should see
// next to the curves (the principal leaving, an initiative collapsing, a
// champion leaving, trust breaking down, a well-connected teacher leaving,
// a planned ([[schedule]]) change of levers taking effect).
bool is_key_event(std::string_view kind);

}  // namespace loom::viewer
