#pragma once
// `loom compare A B --posterior CAL.h5 [--draws N]`: the comparison's
// headline over the plausible worlds a calibration found (issue 21 item 5).
//
// N parameter vectors are drawn from the calibration's posterior (its last
// complete population, by weight, with replacement; stream keyed by the
// comparison's seed). At each draw every scenario runs R replicates with
// the draw's values set, all scenarios on the same seed (paired by
// replicate: common random numbers, so a difference is the scenarios', not
// the noise's). Per draw the headline is the difference of the replicate
// means; over draws its spread holds both parameter uncertainty and the
// remaining noise of R runs, and the share of draws where it is above 0 is
// the posterior probability that the later scenario is ahead.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "models/catalog/scenario_runner.hpp"
#include "sim/run/record_loop.hpp"

namespace loom {

// The engine's purposes 1001-1006 are designs', history matching's and
// ABC-SMC's.
inline constexpr std::uint32_t kPosteriorDrawPurpose = 1007;

struct PosteriorComparisonRequest {
  std::vector<std::string> scenarios;  // the first is the reference
  RunRequest request;                  // replicates per draw, seed, --set, threads
  std::filesystem::path posterior;
  std::size_t draws = 100;
  RecordExecutor executor;  // unset: this process's threads
};

struct PosteriorHeadline {
  std::string field;     // a headline metric's summary field (outcome_mean, ...)
  std::string scenario;  // compared with the reference: scenario minus reference
  double mean = 0.0;     // over draws
  double q05 = 0.0, q95 = 0.0;
  double share_above_zero = 0.0;  // the posterior probability it is above 0
  std::size_t draws_with_value = 0;
};

struct PosteriorComparison {
  std::vector<std::string> ids;   // scenarios, reference first
  std::vector<std::string> keys;  // the calibrated parameters
  std::vector<PosteriorHeadline> rows;
  std::size_t draws = 0, replicates = 0, runs = 0;
  std::uint64_t seed = 0;
  std::string calibration;  // "file (method, generation g, targets ...)"
};

// Throws ScenarioError (a file that is not a calibration of this model, no
// posterior, fewer than two scenarios) and Hdf5Error.
PosteriorComparison compare_over_posterior(const PosteriorComparisonRequest& request);

}  // namespace loom
