#pragma once
// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC;
// Toni et al. 2009, with the adaptive kernel and weights of Beaumont et al.
// 2009). The engine's part: it knows priors, targets and a simulator that
// turns parameter vectors into simulated target values; no model.
//
// Generation 0 draws particles from the prior and keeps every one whose
// targets are all defined. Generation t >= 1 has the tolerance
// eps_t = a quantile (tolerance_quantile) of generation t-1's distances; a
// proposal picks a particle of t-1 by weight, moves it with a normal kernel
// whose covariance is twice the weighted covariance of t-1 (Beaumont et al.
// 2009), and is accepted when its distance is at most eps_t. Weights
//   w_i = prior(theta_i) / sum_j W_j K(theta_i | theta_j).
// A proposal outside the prior's support is drawn again, ancestor and move
// both: the accepted proposals then follow the kernel mixture restricted to
// the support, divided by one constant common to all, so the weights above
// stay exact after normalising.
//
// Distance: the root mean square of (simulated - observed) / sd over the
// targets, so a tolerance of 1 reads "one sd off on average". A particle
// with an undefined target (NaN) is never accepted.
//
// Reproducible on any thread count, rank count or resume: proposals are
// simulated in batches whose sizes depend only on earlier results, and
// accepted in proposal order (the first N accepted form the population);
// proposal i of generation g draws from the stream (seed, g, i, purpose
// kAbcProposalPurpose), and its runs are seeded by (seed, g, i) too
// (abc_particle_seed): particles never share random numbers. Common random
// numbers across particles would make acceptance a fixed function of theta
// for one draw of the simulator's noise, and the posterior would condition
// on that one draw (a bias the coverage check in
// tests/sim/experiments/abc_smc_test.cpp is there to catch).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/experiments/calibration_spec.hpp"

namespace loom {

// Engine purposes 1001-1005 are the designs' and history matching's
// (experiment_design.hpp, history_matching.hpp).
inline constexpr std::uint32_t kAbcProposalPurpose = 1006;

struct AbcSettings {
  std::size_t particles = 200;
  std::size_t generations = 8;  // after the prior sample
  double min_acceptance = 0.02;
  double tolerance_quantile = 0.5;
  std::uint64_t seed = 1;
};

struct AbcParticle {
  std::uint64_t proposal = 0;  // its index among the generation's proposals
  std::vector<double> theta;
  std::vector<double> simulated;  // per target
  double distance = 0.0;
  double weight = 0.0;  // normalised over the population
  // History matching's runs only (empty for ABC-SMC): the point in the unit
  // cube the design chose, and each target's variance of the mean from the
  // simulator's noise.
  std::vector<double> unit;
  std::vector<double> noise_variance;
};

struct AbcGeneration {
  std::size_t index = 0;
  double tolerance = 0.0;       // +inf for generation 0
  std::uint64_t proposals = 0;  // simulated (each `replicates` runs)
  // Proposals up to and including the N-th acceptance (the rest of the
  // last batch ran but was not needed).
  std::uint64_t proposals_needed = 0;
  double acceptance_rate = 0.0;  // N / proposals_needed, or accepted / proposals when short
  double ess = 0.0;              // effective sample size, 1 / sum W^2
  bool complete = false;         // reached N particles before the proposal cap (N / min_acceptance)
  std::vector<AbcParticle> particles;
};

// Simulates proposals `first` .. `first + thetas.size() - 1` of generation
// `generation`: for each theta its simulated target values (NaN = missing).
using AbcSimulator = std::function<std::vector<std::vector<double>>(
    std::size_t generation, std::uint64_t first, const std::vector<std::vector<double>>& thetas)>;

// The seed of proposal `proposal`'s runs in generation `generation`.
std::uint64_t abc_particle_seed(std::uint64_t seed, std::size_t generation, std::uint64_t proposal);

double abc_distance(const std::vector<double>& simulated,
                    const std::vector<CalibrationTarget>& targets);

// Generation `index` after `previous` (nullptr for generation 0).
AbcGeneration abc_generation(const std::vector<CalibrationPrior>& priors,
                             const std::vector<CalibrationTarget>& targets,
                             const AbcSettings& settings, std::size_t index,
                             const AbcGeneration* previous, const AbcSimulator& simulate);

// A population's weights summed in order, and the particle a uniform number
// u in [0, 1) picks from them (probability = weight): how ABC-SMC picks an
// ancestor and `loom compare --posterior` a posterior draw.
std::vector<double> cumulative_weights(const AbcGeneration& generation);
std::size_t pick_by_weight(const std::vector<double>& cumulative, double u);

// One parameter's weighted summary over a population.
struct PosteriorSummary {
  double mean = 0.0, sd = 0.0, q05 = 0.0, q50 = 0.0, q95 = 0.0;
};
PosteriorSummary summarize(const std::vector<double>& values, const std::vector<double>& weights);

}  // namespace loom
