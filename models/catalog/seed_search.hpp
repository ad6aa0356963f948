#pragma once
// Which K schools of a network should start a practice, found by
// simulation (`loom choose-seeds`, issue 22 item 3).
//
// The objective f(S) is the mean of a summary field (adopted_share by
// default) over R runs of the scenario with seeding.strategy = "named" and
// the schools S. Greedy selection adds, K times, the candidate with the
// largest marginal gain f(S + c) - f(S); for a monotone submodular spread
// greedy is within 1 - 1/e of the best set (Kempe, Kleinberg & Tardos 2003),
// and lazy re-evaluation (CELF, Leskovec et al. 2007) skips candidates
// whose last gain, an upper bound under submodularity, cannot win. Loom's
// spread is not guaranteed submodular (complex contagion reinforces), so
// CELF here is a heuristic that re-evaluates a stale top candidate before
// taking it; the report compares the result with every built-in strategy.
//
// Common random numbers: run r of every candidate set uses the same random
// streams (seed, replicate r), so candidates are compared on the same draws.
// Because the search picks the best sample mean, the same runs would
// flatter its choice (the winner's curse): the reported figures come from R
// fresh runs with another seed (`check_seed`), on which the chosen set and
// the strategies are compared pairwise.
#include <cstdint>
#include <string>
#include <vector>

#include <functional>

#include "models/catalog/scenario_runner.hpp"
#include "sim/core/statistics.hpp"
#include "sim/run/record_loop.hpp"

namespace loom {

struct SeedSearchRequest {
  std::string scenario;  // a network scenario's path
  RunRequest request;    // replicates (R), seed, --set overrides, threads
  std::size_t k = 3;
  std::vector<std::string> candidates;  // school ids; empty = every school
  std::string field = "adopted_share";
  // Across MPI ranks (cli/choose_seeds_command.cpp): every rank runs the same
  // search; `executor` runs each batch's units on all ranks (rank 0 gets the
  // records) and `share` gives rank 0's field values to every rank, so all
  // take the same decisions. Unset: execute_records on this process's
  // threads, and nothing to share.
  RecordExecutor executor;
  std::function<void(std::vector<double>&)> share;
};

struct SeedPick {
  std::string id;
  Estimate gain;  // f(first i) - f(first i - 1), paired, on the check runs
};

struct StrategyComparison {
  std::string strategy;   // random, central, peripheral, clustered, ready
  Estimate value;         // the field on the check runs, with k seeds
  Estimate chosen_minus;  // chosen set minus this strategy, paired
};

struct SeedSearchResult {
  std::string field;
  std::vector<SeedPick> seeds;  // in the order chosen
  Estimate chosen;              // the field with all chosen seeds, check runs
  Estimate none;                // the field with no seed at all
  std::vector<StrategyComparison> strategies;
  std::uint64_t search_seed = 0, check_seed = 0;
  std::size_t replicates = 0;
  std::size_t evaluations = 0;  // candidate sets run during the search
  std::size_t runs = 0;         // network runs in all
};

// The check runs' seed for a search seed: independent streams.
std::uint64_t check_seed_for(std::uint64_t search_seed);

// Throws ScenarioError for a scenario that is not a network, an unknown
// field or candidate (with the nearest id), K outside 1..candidates.
SeedSearchResult search_seeds(const SeedSearchRequest& request);

}  // namespace loom
