#pragma once
// The network model's outputs, declared once (output_info.hpp): weekly
// aggregates over member schools and the summary of a run.
#include <span>

#include "sim/run/output_info.hpp"

namespace loom {

enum NetworkMetric : int {
  kAdoptedShare,
  kActiveShare,
  kEmbeddedShare,
  kEverAdoptedShare,
  kMeanFidelity,
  kMeanChampions,
  kAdoptedLowPoverty,
  kAdoptedMidPoverty,
  kAdoptedHighPoverty,
  kSchoolOutcomeMean,
  kSchoolOutcomeGap,
  kHubActive,
  kAdoptions,
  kDrops,
  kNetworkMetricCount
};

enum NetworkSummary : int {
  kSumAdoptedShare,
  kSumActiveShare,
  kSumEmbeddedShare,
  kSumEverAdoptedShare,
  kSumMeanFidelity,
  kSumAdoptedLowPoverty,
  kSumAdoptedHighPoverty,
  kSumWeeksToHalf,
  kSumReachedHalf,
  kSumSustainedAfterHubExit,
  kSumAdoptionsTotal,
  kSumDropsTotal,
  kSumSchoolOutcomeMean,
  kSumSchoolOutcomeGap,
  kNetworkSummaryCount
};

std::span<const OutputInfo> network_metric_infos();
std::span<const OutputInfo> network_summary_infos();

}  // namespace loom
