#include "viewer/data/metric_labels.hpp"

#include <array>

#include "models/catalog/model_catalog.hpp"
#include "sim/run/output_info.hpp"

namespace loom::viewer {
namespace {

struct EventRow {
  std::string_view kind, label;
  Tone tone;
};

// The kinds the school model writes (models/school/event_story.cpp; the test in
// tests/viewer/data/event_story_test.cpp checks every EventKind has a row here),
// and the one the viewer tells from the network snapshots.
constexpr std::array kEvents{
    EventRow{"champion_left", "A change champion left", Tone::kBad},
    EventRow{"principal_left", "The principal left", Tone::kBad},
    EventRow{"idea_adopted", "A tested idea was taken up", Tone::kGood},
    EventRow{"idea_abandoned", "A tested idea was dropped", Tone::kNeutral},
    EventRow{"idea_harmed_subgroup", "An idea was found to harm one group of students", Tone::kBad},
    EventRow{"equity_pause", "Staff paused to check who benefits", Tone::kGood},
    EventRow{"initiative_launched", "A new initiative started", Tone::kNeutral},
    EventRow{"initiative_collapsed", "An initiative collapsed", Tone::kBad},
    EventRow{"initiative_retired", "An initiative ended as planned", Tone::kNeutral},
    EventRow{"trust_broke_down", "Trust broke down", Tone::kBad},
    EventRow{"trust_recovered", "Trust recovered", Tone::kGood},
    EventRow{"failure_hidden", "A failed test was reported as a success", Tone::kBad},
    EventRow{"champion_joined", "A teacher became a champion", Tone::kGood},
    EventRow{"scheduled_change", "A planned change of levers took effect", Tone::kNeutral},
    // Told by the viewer from the network snapshots (event_story.hpp).
    EventRow{"hub_left", "A well-connected teacher left", Tone::kBad},
};

// "trust_breakdown" -> "Trust breakdown": readable without a table entry.
std::string humanise(std::string_view raw) {
  std::string s(raw);
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

MetricText metric_text(std::string_view name) {
  // The models declare what their outputs mean (sim/run/output_info.hpp):
  // one place for names, labels, terms, units and direction.
  if (const OutputInfo* info = find_output_info(name)) {
    return {std::string(info->label), std::string(info->term), std::string(info->unit), true,
            info->better};
  }
  return {std::string(name), "", "", false, 0};
}

EventKindText event_kind_text(std::string_view kind) {
  for (const auto& row : kEvents) {
    if (row.kind == kind) return {std::string(row.label), row.tone, true};
  }
  return {humanise(kind), Tone::kNeutral, false};
}

std::string_view tone_mark(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return "+";
    case Tone::kBad:
      return "!";
    case Tone::kNeutral:
      break;
  }
  return "\xc2\xb7";  // middle dot (Latin-1, in the viewer's font)
}

std::string_view tone_meaning(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return "went well";
    case Tone::kBad:
      return "setback or warning";
    case Tone::kNeutral:
      break;
  }
  return "neither";
}

bool is_key_event(std::string_view kind) {
  return kind == "principal_left" || kind == "initiative_collapsed" || kind == "champion_left" ||
         kind == "trust_broke_down" || kind == "hub_left" || kind == "scheduled_change";
}

}  // namespace loom::viewer
