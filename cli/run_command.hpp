#pragma once
// `loom run` and `loom compare`: the options they share, and running
// scenario files into one results file with a summary on stdout.
//
// A comparison may name a baseline (`--baseline business-as-usual`): the
// counterfactual of a school doing nothing new. It runs with the
// reference's seed and replicate count, so every scenario's difference from
// it is paired by replicate; it is stored as a scenario group with role
// "baseline" and reported apart (summary_table.hpp).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "models/catalog/scenario_runner.hpp"

namespace loom {

enum ExitCode { kOk = 0, kFailure = 1, kBadInput = 2, kOutputError = 3 };

inline constexpr const char* kForceHelp =
    "Replace an existing file that is not Loom results, and run even when the estimate "
    "exceeds the available memory or 24 h";

struct CommonOptions {
  RunRequest request;
  int replicates = 0;
  std::uint64_t seed = 0;
  std::string output;
  bool quiet = false;
  bool force = false;
  std::string format = "table";  // table, csv, json or none
  std::string baseline;          // compare only: the counterfactual scenario, or empty
  // compare only: "NAME: section.key=value, ..." each, variants of the first
  // scenario run beside it.
  std::vector<std::string> variants;
  // compare only: a calibration file; the headline is then reported over
  // `draws` of its posterior (models/catalog/posterior_comparison.hpp).
  std::string posterior;
  std::size_t draws = 100;
};

// A named variant of a scenario (--variant "grant ends y3: hub.funding_ends_year=3").
struct Variant {
  std::string name;                   // as given
  std::string id;                     // its results group: "grant-ends-y3"
  std::vector<std::string> settings;  // "section.key=value", for --set
};
// Parses "NAME: section.key=value, section.key=value". A value may hold
// commas (seeding.named=S-1,S-7): a comma splits only before the next
// "section.key=". Throws ScenarioError naming the option.
Variant parse_variant(const std::string& text);

// Seeds are unsigned 64-bit: decimal or 0x hex, no sign, at most 2^64-1.
CLI::Validator seed_validator();
// A scenario file, or the name of an installed preset, rewritten to its path.
CLI::Validator scenario_file();

void add_common(CLI::App* app, CommonOptions& o, const std::string& default_output);
// compare's --baseline and --variant.
void add_baseline(CLI::App* app, CommonOptions& o);
// After parsing: options given on the command line override the scenario's.
void finish_request(CLI::App* app, CommonOptions& o);

// Runs the files (and the baseline, if any) into o.output and prints the
// summary in o.format. Returns an ExitCode; throws ScenarioError and the
// output errors for main() to report.
int run_scenarios(const std::vector<std::string>& files, CommonOptions& o, const std::string& cmd);

}  // namespace loom
