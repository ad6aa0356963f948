#include "cli/run_command.hpp"

#include <cctype>
#include <filesystem>
#include <iostream>

#include "cli/summary_table.hpp"
#include "sim/core/parallel_for.hpp"
#include "sim/input/data_paths.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/run/run_estimate.hpp"

namespace loom {

// Seeds are unsigned 64-bit: decimal or 0x hex, no sign, at most 2^64-1
// (CLI11 alone would wrap "-1" and accept a leading 0 as octal). The text is
// rewritten in decimal before CLI11 converts it.
CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) {
        const auto seed = parse_seed(text);
        if (!seed) return "'" + text + "' is not a seed: use " + std::string(kSeedRange);
        text = std::to_string(*seed);
        return std::string();
      },
      "SEED");
}

// A scenario file, or the name of an installed preset ("shared-leadership";
// sim/input/data_paths.hpp), rewritten to the file's path.
CLI::Validator scenario_file() {
  return CLI::Validator(
      [](std::string& text) {
        try {
          text = require_scenario(text).string();
          return std::string();
        } catch (const DataPathError& e) {
          return std::string(e.what());
        }
      },
      "SCENARIO");
}

void add_common(CLI::App* app, CommonOptions& o, const std::string& default_output) {
  o.output = default_output;
  app->add_option("-o,--output", o.output, "Results file (HDF5)")->capture_default_str();
  app->add_option("-r,--replicates", o.replicates,
                  "Replicates per scenario (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  app->add_option("-t,--threads", o.request.threads, "Worker threads (0 = all cores)")
      ->check(CLI::Range(0, 4096));
  app->add_option("-s,--seed", o.seed, "Random seed (default: the scenario's)")
      ->transform(seed_validator());
  app->add_option("--set", o.request.overrides,
                  "Override a parameter: section.key=value (repeatable)");
  app->add_flag("-q,--quiet", o.quiet,
                "No progress on stderr and nothing on stdout but the summary (see --format)");
  app->add_option("--format", o.format,
                  "Summary on stdout: table (for people), csv or json (for scripts: nothing else "
                  "goes to stdout), none")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json", "none"}));
  app->add_flag("--force", o.force, kForceHelp);
}

void add_baseline(CLI::App* app, CommonOptions& o) {
  app->add_option("--variant", o.variants,
                  "A named variant of the first scenario, run beside it: \"NAME: "
                  "section.key=value, section.key=value\" (repeatable), so designs compare "
                  "without a file each");
  app->add_option("--baseline", o.baseline,
                  "The counterfactual (e.g. business-as-usual: a school doing nothing new), run "
                  "with the first scenario's seed and replicates; every scenario is also reported "
                  "against it, at the end and year by year")
      ->transform(scenario_file());
  app->add_option("--posterior", o.posterior,
                  "A calibration file (loom calibrate): report the headline over draws of its "
                  "posterior, with an interval that includes parameter uncertainty, instead of "
                  "writing a results file")
      ->check(CLI::ExistingFile);
  app->add_option("--draws", o.draws, "Posterior draws for --posterior (each -r runs, default 10)")
      ->capture_default_str()
      ->check(CLI::Range(2, 100000));
}

Variant parse_variant(const std::string& text) {
  const auto fail = [&](const std::string& why) {
    return ScenarioError("--variant \"" + text + "\": " + why +
                         " (expected \"NAME: section.key=value, section.key=value\", e.g. "
                         "\"grant ends y3: hub.funding_ends_year=3\")");
  };
  const auto colon = text.find(':');
  if (colon == std::string::npos) throw fail("no ':' after the name");
  const auto trimmed = [](std::string s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return std::string();
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
  };
  Variant v;
  v.name = trimmed(text.substr(0, colon));
  if (v.name.empty()) throw fail("the name is empty");
  for (const char c : v.name) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (word) v.id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!word && !v.id.empty() && v.id.back() != '-') v.id += '-';
  }
  while (!v.id.empty() && v.id.back() == '-') v.id.pop_back();
  if (v.id.empty()) throw fail("the name has no letter or digit");
  // Split at commas followed by "section.key=".
  const std::string rest = text.substr(colon + 1);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= rest.size(); ++i) {
    bool split = i == rest.size();
    if (!split && rest[i] == ',') {
      std::size_t j = i + 1;
      while (j < rest.size() && rest[j] == ' ') ++j;
      const auto eq = rest.find('=', j);
      const std::string key = eq == std::string::npos ? "" : trimmed(rest.substr(j, eq - j));
      split = !key.empty() && key.find('.') != std::string::npos &&
              key.find_first_of(" ,\"") == std::string::npos;
    }
    if (!split) continue;
    const std::string setting = trimmed(rest.substr(start, i - start));
    if (setting.empty() || setting.find('=') == std::string::npos)
      throw fail("'" + setting + "' is not section.key=value");
    v.settings.push_back(setting);
    start = i + 1;
  }
  return v;
}

void finish_request(CLI::App* app, CommonOptions& o) {
  if (app->count("--replicates")) o.request.replicates = o.replicates;
  if (app->count("--seed")) o.request.seed = o.seed;
}

int run_scenarios(const std::vector<std::string>& files, CommonOptions& o, const std::string& cmd) {
  std::vector<LoadedScenario> scenarios;
  for (const auto& f : files) scenarios.push_back(load_scenario(f, o.request));
  // Variants: the first scenario again, with their settings after --set's.
  for (const auto& text : o.variants) {
    const Variant v = parse_variant(text);
    RunRequest request = o.request;
    request.overrides.insert(request.overrides.end(), v.settings.begin(), v.settings.end());
    LoadedScenario s = [&] {
      try {
        return load_scenario(files.front(), request);
      } catch (const ScenarioError& e) {
        throw ScenarioError("--variant \"" + v.name + "\": " + e.what());
      }
    }();
    std::string settings;
    for (const auto& setting : v.settings) settings += (settings.empty() ? "" : ", ") + setting;
    s.header.description = "Variant of " + s.header.name + ": " + settings;
    s.header.name = v.name;
    s.id = v.id;
    scenarios.push_back(std::move(s));
  }

  if (!o.baseline.empty()) {
    scenarios.push_back(load_baseline(o.baseline, scenarios.front(), o.request));
  }
  make_ids_unique(scenarios);  // group names must be unique in one file
  // Every file the scenarios read (their bases and data files too): no
  // output may replace one, even with --force.
  std::vector<std::filesystem::path> inputs;
  for (const auto& s : scenarios) inputs.insert(inputs.end(), s.inputs.begin(), s.inputs.end());
  for (const auto& s : scenarios)
    for (const auto& w : s.warnings) std::cerr << w << "\n";
  // Before any computation: the output (sim/output/output_guard.hpp), then
  // whether the work fits (sim/run/run_estimate.hpp).
  const OutputGuard guard = guard_output(o.output, inputs, o.force);
  RunEstimate estimate = estimate_file_run(scenarios, o.request.threads);
  check_estimate(estimate, kDefaultTimeLimitSeconds, o.force);
  if (!o.quiet && estimate.seconds >= 10.0) {
    std::cerr << "Estimate: about " << format_long_duration(estimate.seconds) << ", "
              << format_bytes(static_cast<double>(estimate.memory_bytes())) << " of memory\n";
  }
  FileRunOptions run;
  run.output = o.output;
  run.command_line = cmd;
  run.threads = o.request.threads;
  run.progress = o.quiet ? ProgressObserver::Mode::kQuiet : ProgressObserver::Mode::kAuto;
  run.estimate = &estimate;  // its measured units are not run again
  const FileRunReport report = run_to_file(scenarios, run);
  const double seconds = report.seconds;

  std::vector<NamedResult> named;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    named.push_back({scenarios[i].id, &report.summaries[i], scenarios[i].header.name,
                     scenarios[i].header.description, scenarios[i].role == "baseline"});
  }
  // stdout carries the summary; for csv and json nothing else, so a script
  // can read it whole. What was run and where it went goes to stdout with
  // the table and to stderr otherwise; --quiet leaves only the summary.
  const bool table = o.format == "table";
  std::ostream& notes = table ? std::cout : std::cerr;
  if (!o.quiet) {
    notes << "\n";
    for (const auto& s : scenarios)
      notes << s.id << ": " << s.header.name << " - " << s.header.description << "\n";
    notes << "\n";
  }
  if (table) print_summary_table(std::cout, named);
  if (o.format == "csv") print_summary_csv(std::cout, named);
  if (o.format == "json") print_summary_json(std::cout, named);
  if (!o.quiet) {
    notes << (table ? "\n" : "") << "Wrote " << o.output << " (" << scenarios.size()
          << " scenario(s), " << resolve_thread_count(o.request.threads) << " thread(s), "
          << seconds << " s, of which writing " << report.write_seconds << " s; plan "
          << hash_hex(report.plan_hash) << ")\n";
  }
  return kOk;
}

}  // namespace loom
