#pragma once
// The school model's outputs, declared once (output_info.hpp): the weekly
// metrics (one X-macro gives the enum the record phase writes by, the
// names and the texts) and the summary fields (each with the function that
// computes it from the final state).
#include <span>
#include <string>
#include <vector>

#include "sim/run/output_info.hpp"

namespace loom {

// X(enum id, name, label, term, unit, better)
#define LOOM_SCHOOL_METRICS(X)                                                                     \
  X(kCodeKnowledge, "code_knowledge", "How right the shared way of teaching is",                   \
    "Code knowledge (March 1991): knowledge score of the organisational code, (right - wrong "     \
    "beliefs) / m, share-weighted over student groups",                                            \
    "share of practices, -1..1", +1)                                                               \
  X(kCodeKnowledgeMajority, "code_knowledge_majority", "Shared way: right for majority students",  \
    "Code knowledge of the practice layer serving the majority subgroup",                          \
    "share of practices, -1..1", +1)                                                               \
  X(kCodeKnowledgeUnderserved, "code_knowledge_underserved",                                       \
    "Shared way: right for underserved students",                                                  \
    "Code knowledge of the practice layer serving the historically underserved subgroup",          \
    "share of practices, -1..1", +1)                                                               \
  X(kStaffKnowledge, "staff_knowledge", "How right teachers' own practice is",                     \
    "Individual knowledge (March 1991): mean knowledge score of teachers' beliefs",                \
    "share of practices, -1..1", +1)                                                               \
  X(kBeliefDiversity, "belief_diversity", "Variety of views among staff",                          \
    "Belief diversity: normalised entropy of teachers' beliefs (0 = all agree, 1 = views split "   \
    "evenly); exploration in March's terms",                                                       \
    "0..1", 0)                                                                                     \
  X(kOutcomeMean, "outcome_mean", "Student results (all students)",                                \
    "Mean student outcome, in standard deviations (SD) from the majority's start", "SD", +1)       \
  X(kOutcomeMajority, "outcome_majority", "Results of majority students",                          \
    "Mean outcome of the majority subgroup (SD)", "SD", +1)                                        \
  X(kOutcomeUnderserved, "outcome_underserved", "Results of underserved students",                 \
    "Mean outcome of the historically underserved subgroup (SD)", "SD", +1)                        \
  X(kOutcomeGap, "outcome_gap", "Gap between student groups",                                      \
    "Achievement gap: majority minus underserved mean outcome (SD)", "SD", -1)                     \
  X(kTrustMean, "trust_mean", "Trust among staff",                                                 \
    "Relational trust (Bryk & Schneider 2002): mean trust on staff ties", "0..1", +1)              \
  X(kTrustP10, "trust_p10", "Trust on the weakest ties", "10th percentile of tie trust", "0..1",   \
    +1)                                                                                            \
  X(kTrustP50, "trust_p50", "Trust on a typical tie", "Median tie trust", "0..1", +1)              \
  X(kTrustP90, "trust_p90", "Trust on the strongest ties", "90th percentile of tie trust", "0..1", \
    +1)                                                                                            \
  X(kLeaderTrust, "leader_trust", "Trust in the principal",                                        \
    "Mean relational trust of teachers in the principal (Bryk & Schneider 2002)", "0..1", +1)      \
  X(kPsychologicalSafety, "psychological_safety", "Safe to speak up",                              \
    "Psychological safety (Edmondson 1999): belief that the team is safe for interpersonal "       \
    "risk-taking",                                                                                 \
    "0..1", +1)                                                                                    \
  X(kBelonging, "belonging", "Sense of belonging", "Mean staff belonging", "0..1", +1)             \
  X(kLoad, "load", "Workload",                                                                     \
    "Mean improvement load per teacher (legacy activities, initiatives and their start-up, PDSA "  \
    "team places, equity pauses, a practice per group), in hours a week; a teacher's default "     \
    "capacity is 5",                                                                               \
    "hours per week", -1)                                                                          \
  X(kBurnout, "burnout", "Exhaustion", "Mean staff burnout (emotional exhaustion)", "0..1", -1)    \
  X(kFidelity, "fidelity", "Practice carried out as intended",                                     \
    "Implementation fidelity: share of practice dimensions enacted as believed (overload and "     \
    "practices still being learned leave the rest to chance)",                                     \
    "share", +1)                                                                                   \
  X(kCyclesActive, "cycles_active", "Improvement cycles under way",                                \
    "Active Plan-Do-Study-Act (PDSA) cycles", "cycles", 0)                                         \
  X(kCyclesCompleted, "cycles_completed", "Improvement cycles finished", "Completed PDSA cycles",  \
    "cycles", +1)                                                                                  \
  X(kCyclesCompliance, "cycles_compliance", "Cycles done only to comply",                          \
    "PDSA cycles run as compliance rituals (paperwork without learning)", "cycles", -1)            \
  X(kIdeasAdopted, "ideas_adopted", "Ideas taken up", "Change ideas adopted after testing",        \
    "ideas", +1)                                                                                   \
  X(kIdeasAbandoned, "ideas_abandoned", "Ideas dropped", "Change ideas abandoned after testing",   \
    "ideas", 0)                                                                                    \
  X(kHarmfulAdoptions, "harmful_adoptions", "Ideas taken up that hurt underserved students",       \
    "Adopted change ideas whose practice is wrong for the underserved group (hidden by averages)", \
    "ideas", -1)                                                                                   \
  X(kInitiativesActive, "initiatives_active", "Initiatives running",                               \
    "Active improvement initiatives", "initiatives", 0)                                            \
  X(kChampionsPerInitiative, "champions_per_initiative", "Champions per initiative",               \
    "Champions: staff who own an initiative; it collapses when the last one leaves", "staff", +1)  \
  X(kVacancies, "vacancies", "Unfilled posts", "Vacancies: posts without a teacher", "posts", -1)  \
  X(kTeacherExits, "teacher_exits", "Teachers leaving",                                            \
    "Teacher exits this week (mid-year; the last week of a year adds the summer's)", "teachers",   \
    -1)                                                                                            \
  X(kPrincipalExits, "principal_exits", "Principal leaving",                                       \
    "Principal exits (succession events)", "principals", -1)

// Columns of the weekly time series, in order.
enum SchoolMetric : int {
#define LOOM_METRIC_ENUM(id, ...) id,
  LOOM_SCHOOL_METRICS(LOOM_METRIC_ENUM)
#undef LOOM_METRIC_ENUM
      kSchoolMetricCount
};

std::span<const OutputInfo> school_metric_infos();
std::span<const OutputInfo> school_summary_infos();

struct SchoolState;
struct SchoolParams;
// The summary row of a finished run, in school_summary_infos() order.
std::vector<double> school_summary(const SchoolState& s, const SchoolParams& p);

}  // namespace loom
