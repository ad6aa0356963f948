#pragma once
// `loom choose-seeds SCENARIO -k K [--candidates FILE|all] [-r N] [-s SEED]
// [--field F] [--set k=v ...] [-t T] [--format table|json]`: which K schools
// of a network to start a practice with, by simulation (greedy with lazy
// re-evaluation and common random numbers; models/catalog/seed_search.hpp),
// reported on fresh runs against every built-in strategy, and saying
// plainly when no choice beats random. Under mpirun (a loom built with MPI)
// every rank runs the same search and rank 0 shares out each batch of runs
// and prints. JSON:
//   {"field", "seeds": [ids], "mean", "ci": [lo, hi], "gains": [{"id",
//    "mean", "ci"}], "none": {"mean", "ci"}, "strategies": [{"strategy",
//    "mean", "ci", "chosen_minus": {"mean", "ci"}}], "beats_random",
//    "replicates", "search_seed", "check_seed", "evaluations", "runs"}
#include <CLI/CLI.hpp>
#include <cstddef>
#include <iosfwd>
#include <string>

#include "cli/run_command.hpp"

namespace loom {

struct ChooseSeedsCommand {
  CLI::App* app = nullptr;
  CommonOptions common;  // -r, -s, --set, -t (no output file)
  std::string scenario;
  std::size_t k = 3;
  std::string candidates = "all";  // or a file of ids, one a line
  std::string field = "adopted_share";
  std::string format = "table";
};

void add_choose_seeds_command(CLI::App& app, ChooseSeedsCommand& command);
// Prints the report; throws ScenarioError for bad input (exit 2).
int run_choose_seeds(ChooseSeedsCommand& command, std::ostream& out);

}  // namespace loom
