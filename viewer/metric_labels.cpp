#include "metric_labels.hpp"

#include <array>

namespace loom::viewer {
namespace {

struct MetricRow {
  std::string_view name, label, term, unit;
  int better;
};

// Metrics of docs/output.md, then those the school model is growing
// (trust, improvement cycles, load, champions, vacancies).
constexpr std::array kMetrics{
    MetricRow{"code_knowledge", "How right the shared way of teaching is",
              "Code knowledge (March 1991): knowledge score of the organisational code, "
              "(right - wrong beliefs) / m, share-weighted over student groups",
              "share of practices, -1..1", +1},
    MetricRow{"code_knowledge_majority", "Shared way: right for majority students",
              "Code knowledge of the practice layer serving the majority subgroup",
              "share of practices, -1..1", +1},
    MetricRow{"code_knowledge_underserved", "Shared way: right for underserved students",
              "Code knowledge of the practice layer serving the historically underserved "
              "subgroup",
              "share of practices, -1..1", +1},
    MetricRow{"staff_knowledge", "How right teachers' own practice is",
              "Individual knowledge (March 1991): mean knowledge score of teachers' beliefs",
              "share of practices, -1..1", +1},
    MetricRow{"belief_diversity", "Variety of views among staff",
              "Belief diversity: normalised entropy of teachers' beliefs (0 = all agree, 1 = "
              "views split evenly); exploration in March's terms",
              "0..1", 0},
    MetricRow{"outcome_mean", "Student results (all students)",
              "Mean student outcome, in standard deviations (SD) from the majority's start", "SD",
              +1},
    MetricRow{"outcome_majority", "Results of majority students",
              "Mean outcome of the majority subgroup (SD)", "SD", +1},
    MetricRow{"outcome_underserved", "Results of underserved students",
              "Mean outcome of the historically underserved subgroup (SD)", "SD", +1},
    MetricRow{"outcome_gap", "Gap between student groups",
              "Achievement gap: majority minus underserved mean outcome (SD)", "SD", -1},
    MetricRow{"outcome_gap_change", "Change in the gap since the start",
              "Final achievement gap minus the starting gap (SD); positive = widened", "SD", -1},
    MetricRow{"growth_majority", "Growth of majority students",
              "Change in majority students' mean result since the start", "SD", +1},
    MetricRow{"growth_underserved", "Growth of underserved students",
              "Change in underserved students' mean result since the start (a gap can close by "
              "levelling down; this says whether these students gained)",
              "SD", +1},
    MetricRow{"teacher_exits", "Teachers leaving", "Teacher exits (turnover) at the end of a year",
              "teachers", -1},
    MetricRow{"principal_exits", "Principal leaving", "Principal exits (succession events)",
              "principals", -1},
    MetricRow{"teacher_turnover_rate", "Share of teachers leaving each year",
              "Teacher turnover rate: exits / (teachers x years)", "per year", -1},
    MetricRow{"trust_mean", "Trust among staff",
              "Relational trust (Bryk & Schneider 2002): mean trust on staff ties", "0..1", +1},
    MetricRow{"trust_p10", "Trust on the weakest ties", "10th percentile of tie trust", "0..1", +1},
    MetricRow{"trust_p90", "Trust on the strongest ties", "90th percentile of tie trust", "0..1",
              +1},
    MetricRow{"psychological_safety", "Safe to speak up",
              "Psychological safety (Edmondson 1999): belief that the team is safe for "
              "interpersonal risk-taking",
              "0..1", +1},
    MetricRow{"cycles_active", "Improvement cycles under way",
              "Active Plan-Do-Study-Act (PDSA) cycles", "cycles", 0},
    MetricRow{"cycles_completed", "Improvement cycles finished", "Completed PDSA cycles", "cycles",
              +1},
    MetricRow{"cycles_compliance", "Cycles done only to comply",
              "PDSA cycles run as compliance rituals (paperwork without learning)", "cycles", -1},
    MetricRow{"compliance_share", "Share of cycles done only to comply",
              "Share of completed PDSA cycles run as compliance rituals (paperwork without "
              "learning)",
              "share, 0..1", -1},
    MetricRow{"ideas_adopted", "Ideas taken up", "Change ideas adopted after testing", "ideas", +1},
    MetricRow{"ideas_abandoned", "Ideas dropped", "Change ideas abandoned after testing", "ideas",
              0},
    MetricRow{"load", "Workload",
              "Mean improvement load per teacher (legacy activities, initiatives, PDSA team "
              "places, equity pauses, new initiatives' start-up), in hours a week; a teacher's "
              "default capacity is 5",
              "hours per week", -1},
    MetricRow{"burnout", "Exhaustion", "Mean staff burnout (emotional exhaustion)", "0..1", -1},
    MetricRow{"fidelity", "Practice carried out as intended",
              "Implementation fidelity: share of practice dimensions enacted as believed (overload "
              "leaves the rest to chance)",
              "share", +1},
    MetricRow{"belonging", "Sense of belonging", "Mean staff belonging", "0..1", +1},
    MetricRow{"leader_trust", "Trust in the principal",
              "Mean relational trust of teachers in the principal (Bryk & Schneider 2002)", "0..1",
              +1},
    MetricRow{"trust_p50", "Trust on a typical tie", "Median tie trust", "0..1", +1},
    MetricRow{"harmful_adoptions", "Ideas taken up that hurt underserved students",
              "Adopted change ideas whose practice is wrong for the underserved group (hidden "
              "by averages)",
              "ideas", -1},
    MetricRow{"equity_pauses", "Pauses to check who benefits",
              "Equity pauses: staff review recently adopted ideas by student group", "pauses", 0},
    MetricRow{"ideas_reversed", "Ideas undone for harming underserved students",
              "Adopted ideas reversed for the underserved group (or dropped from a single shared "
              "practice) at an equity pause because they harmed those students",
              "ideas", +1},
    MetricRow{"initiatives_launched", "Initiatives started", "Improvement initiatives launched",
              "initiatives", 0},
    MetricRow{"initiatives_collapsed", "Initiatives that collapsed",
              "Initiatives that ended because their last champion left", "initiatives", -1},
    MetricRow{"initiatives_active", "Initiatives running", "Active improvement initiatives",
              "initiatives", 0},
    MetricRow{"champions_per_initiative", "Champions per initiative",
              "Champions: staff who own an initiative; it collapses when the last one leaves",
              "staff", +1},
    MetricRow{"vacancies", "Unfilled posts", "Vacancies: posts without a teacher", "posts", -1},
    // March (1991) model.
    MetricRow{"individual_knowledge", "How right people's own beliefs are",
              "Individual knowledge (March 1991): mean knowledge score of individuals",
              "share of dimensions, -1..1", +1},
    MetricRow{"periods", "Periods until settled", "Periods run (to equilibrium or the limit)",
              "periods", 0},
    MetricRow{"equilibrium", "Settled", "1 if the run reached equilibrium", "", 0},
};

struct EventRow {
  std::string_view kind, label;
  Tone tone;
};

// The kinds the school model writes (models/event_story.cpp; the test in
// tests/viewer/event_story_test.cpp checks every EventKind has a row here),
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
  for (const auto& row : kMetrics) {
    if (row.name == name) {
      return {std::string(row.label), std::string(row.term), std::string(row.unit), true,
              row.better};
    }
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
         kind == "trust_broke_down" || kind == "hub_left";
}

}  // namespace loom::viewer
