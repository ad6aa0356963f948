#include "models/school_network/network_outputs.hpp"

#include <array>

namespace loom {
namespace {

constexpr std::array kMetrics{
    OutputInfo{"adopted_share", "Schools with the practice",
               "Share of member schools running the practice or having embedded it", "0..1", +1},
    OutputInfo{"active_share", "Schools working on the practice",
               "Share of member schools running the practice as a live initiative (not yet "
               "embedded)",
               "0..1", 0},
    OutputInfo{"embedded_share", "Schools where it became routine",
               "Share of member schools whose practice initiative completed its lifetime (its "
               "ideas stay in the shared way)",
               "0..1", +1},
    OutputInfo{"ever_adopted_share", "Schools that ever took it up",
               "Share of member schools that ran the practice at some point", "0..1", +1},
    OutputInfo{"mean_fidelity", "Fidelity where it runs",
               "Mean staff fidelity (share of practice enacted as believed) over schools with the "
               "practice; missing when none has it",
               "0..1", +1},
    OutputInfo{
        "mean_champions", "Champions per school running it",
        "Mean champions of the practice initiative over schools running it; missing when none "
        "runs it",
        "people", +1},
    OutputInfo{"adopted_share_low_poverty", "Low-poverty schools with the practice",
               "Adopted share among the third of member schools with the least poverty", "0..1",
               +1},
    OutputInfo{"adopted_share_mid_poverty", "Middle-poverty schools with the practice",
               "Adopted share among the middle third of member schools by poverty", "0..1", +1},
    OutputInfo{"adopted_share_high_poverty", "High-poverty schools with the practice",
               "Adopted share among the third of member schools with the most poverty", "0..1", +1},
    OutputInfo{"school_outcome_mean", "Student results across schools",
               "Mean over member schools of each school's mean student outcome (SD), against the "
               "school's usual growth",
               "SD", +1},
    OutputInfo{"school_outcome_gap", "Gap between student groups across schools",
               "Mean over member schools of each school's achievement gap (SD); schools with no "
               "underserved student have no gap and are left out",
               "SD", -1},
    OutputInfo{"hub_active", "Hub funded", "1 while the hub is funded, 0 after it left", "0/1", 0},
    OutputInfo{"adoptions", "Schools taking up the practice",
               "Schools taking up the practice this week (seeds at week 0 included)", "schools", 0},
    OutputInfo{"drops", "Schools dropping the practice",
               "Schools dropping the practice this week (last champion left, low fidelity, or "
               "overtaken by daily demands)",
               "schools", -1},
};
static_assert(kMetrics.size() == kNetworkMetricCount);

constexpr std::array kSummary{
    kMetrics[kAdoptedShare],
    kMetrics[kActiveShare],
    kMetrics[kEmbeddedShare],
    kMetrics[kEverAdoptedShare],
    kMetrics[kMeanFidelity],
    kMetrics[kAdoptedLowPoverty],
    kMetrics[kAdoptedHighPoverty],
    OutputInfo{"weeks_to_half", "Weeks until half the schools have it",
               "First week (1-based) at which the adopted share reached 0.5; missing when it never "
               "did (censored: see reached_half)",
               "weeks", -1},
    OutputInfo{"reached_half", "Reached half the schools",
               "1 when the adopted share reached 0.5 during the run, else 0 (its mean is the "
               "share of runs that reached half)",
               "0/1", +1},
    OutputInfo{
        "sustained_share_after_hub_exit", "Kept it after the hub left",
        "Of the schools with the practice when the hub's funding ended, the share that "
        "still has it at the end; missing when the hub never left during the run or no school "
        "had the practice when it left",
        "0..1", +1},
    OutputInfo{"adoptions_total", "Times schools took it up",
               "Take-ups over the run, seeds and repeated take-ups included", "schools", 0},
    OutputInfo{"drops_total", "Times schools dropped it", "Drops over the run", "schools", -1},
    kMetrics[kSchoolOutcomeMean],
    kMetrics[kSchoolOutcomeGap],
};
static_assert(kSummary.size() == kNetworkSummaryCount);

}  // namespace

std::span<const OutputInfo> network_metric_infos() {
  return kMetrics;
}
std::span<const OutputInfo> network_summary_infos() {
  return kSummary;
}

}  // namespace loom
