#include "models/school/school_outputs.hpp"

#include <array>

#include "models/school/school_state.hpp"

namespace loom {
namespace {

constexpr std::array kMetrics{
#define LOOM_METRIC_INFO(id, name, label, term, unit, better) \
  OutputInfo{name, label, term, unit, better},
    LOOM_SCHOOL_METRICS(LOOM_METRIC_INFO)
#undef LOOM_METRIC_INFO
};
static_assert(kMetrics.size() == kSchoolMetricCount);

// A summary field and how it is computed from the finished run: `last` is
// the final week's row of the time series.
struct SummaryField {
  OutputInfo info;
  double (*compute)(const SchoolState& s, const SchoolParams& p, const double* last);
};

// The final week's value of a metric, under the metric's own texts.
template <SchoolMetric M>
constexpr SummaryField final_value() {
  return {kMetrics[M],
          [](const SchoolState&, const SchoolParams&, const double* last) { return last[M]; }};
}

constexpr std::array kSummary{
    final_value<kCodeKnowledge>(),
    final_value<kCodeKnowledgeMajority>(),
    final_value<kCodeKnowledgeUnderserved>(),
    final_value<kStaffKnowledge>(),
    final_value<kBeliefDiversity>(),
    final_value<kOutcomeMean>(),
    final_value<kOutcomeMajority>(),
    final_value<kOutcomeUnderserved>(),
    final_value<kOutcomeGap>(),
    SummaryField{
        {"outcome_gap_change", "Change in the gap since the start",
         "Final achievement gap minus the starting gap (SD); positive = widened", "SD", -1},
        [](const SchoolState&, const SchoolParams& p, const double* last) {
          return last[kOutcomeGap] - p.students.initial_gap;
        }},
    // Growth of each group since the start: a gap can close by levelling
    // down; growth says who gained.
    SummaryField{{"growth_majority", "Growth of majority students",
                  "Change in majority students' mean result since the start", "SD", +1},
                 [](const SchoolState& s, const SchoolParams&, const double* last) {
                   return last[kOutcomeMajority] - s.initial_outcome[0];
                 }},
    SummaryField{{"growth_underserved", "Growth of underserved students",
                  "Change in underserved students' mean result since the start (a gap can close "
                  "by levelling down; this says whether these students gained)",
                  "SD", +1},
                 [](const SchoolState& s, const SchoolParams&, const double* last) {
                   return last[kOutcomeUnderserved] - s.initial_outcome[1];
                 }},
    final_value<kTrustMean>(),
    final_value<kPsychologicalSafety>(),
    final_value<kBurnout>(),
    SummaryField{{"teacher_exits", "Teachers leaving", "Teacher exits over the run (turnover)",
                  "teachers", -1},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   return static_cast<double>(s.turnover.teacher_exits_total);
                 }},
    SummaryField{{"principal_exits", "Principal leaving",
                  "Principal exits over the run (succession events)", "principals", -1},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   return static_cast<double>(s.turnover.principal_exits_total);
                 }},
    SummaryField{{"teacher_turnover_rate", "Share of teachers leaving each year",
                  "Teacher turnover rate: exits / (teachers x years)", "per year", -1},
                 [](const SchoolState& s, const SchoolParams& p, const double*) {
                   return static_cast<double>(s.turnover.teacher_exits_total) /
                          (p.school.teachers * p.school.years);
                 }},
    SummaryField{{"cycles_completed", "Improvement cycles finished",
                  "PDSA cycles completed over the run", "cycles", +1},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   return static_cast<double>(s.pdsa.completed_total);
                 }},
    SummaryField{{"compliance_share", "Share of cycles done only to comply",
                  "Share of completed PDSA cycles run as compliance rituals (paperwork without "
                  "learning)",
                  "share, 0..1", -1},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   // Undefined (missing, NaN) when no cycle was completed.
                   return s.pdsa.completed_total ? static_cast<double>(s.pdsa.compliance_total) /
                                                       s.pdsa.completed_total
                                                 : kMissing;
                 }},
    SummaryField{
        {"ideas_adopted", "Ideas taken up", "Change ideas adopted after testing", "ideas", +1},
        [](const SchoolState& s, const SchoolParams&, const double*) {
          return static_cast<double>(s.pdsa.adopted_total);
        }},
    SummaryField{
        {"ideas_abandoned", "Ideas dropped", "Change ideas abandoned after testing", "ideas", 0},
        [](const SchoolState& s, const SchoolParams&, const double*) {
          return static_cast<double>(s.pdsa.abandoned_total);
        }},
    SummaryField{{"harmful_adoptions", "Ideas taken up that hurt underserved students",
                  "Adopted change ideas whose practice is wrong for the underserved group "
                  "(hidden by averages)",
                  "ideas", -1},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   return static_cast<double>(s.pdsa.harmful_total);
                 }},
    SummaryField{
        {"equity_pauses", "Pauses to check who benefits",
         "Equity pauses: staff review recently adopted ideas by student group", "pauses", 0},
        [](const SchoolState& s, const SchoolParams&, const double*) {
          return static_cast<double>(s.equity.pauses_total);
        }},
    SummaryField{{"ideas_reversed", "Ideas undone for harming underserved students",
                  "Adopted ideas reversed for the underserved group (or dropped from a single "
                  "shared practice) at an equity pause because they harmed those students",
                  "ideas", +1},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   return static_cast<double>(s.equity.reversed_total);
                 }},
    SummaryField{{"initiatives_launched", "Initiatives started", "Improvement initiatives launched",
                  "initiatives", 0},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   return static_cast<double>(s.initiatives.launched_total);
                 }},
    SummaryField{{"initiatives_collapsed", "Initiatives that collapsed",
                  "Initiatives that ended because their last champion left", "initiatives", -1},
                 [](const SchoolState& s, const SchoolParams&, const double*) {
                   return static_cast<double>(s.initiatives.collapsed_total);
                 }},
};

constexpr std::array<OutputInfo, kSummary.size()> summary_infos() {
  std::array<OutputInfo, kSummary.size()> infos{};
  for (std::size_t i = 0; i < kSummary.size(); ++i) infos[i] = kSummary[i].info;
  return infos;
}
constexpr auto kSummaryInfos = summary_infos();

}  // namespace

std::span<const OutputInfo> school_metric_infos() {
  return kMetrics;
}

std::span<const OutputInfo> school_summary_infos() {
  return kSummaryInfos;
}

std::vector<double> school_summary(const SchoolState& s, const SchoolParams& p) {
  const double* last = &s.series[s.series.size() - kSchoolMetricCount];
  std::vector<double> row;
  row.reserve(kSummary.size());
  for (const auto& field : kSummary) row.push_back(field.compute(s, p, last));
  return row;
}

}  // namespace loom
