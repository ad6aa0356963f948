// The `loom` command line.
//
// Exit codes: 0 success; 1 unexpected failure; 2 bad command line or bad
// scenario input (the message names file, line, key and allowed range);
// 3 results could not be written.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/analyze_command.hpp"
#include "cli/check_command.hpp"
#include "cli/params_json.hpp"
#include "cli/story_command.hpp"
#include "cli/summary_table.hpp"
#include "cli/sweep_command.hpp"
#include "models/catalog/march_runner.hpp"
#include "models/catalog/model_catalog.hpp"
#include "models/catalog/scenario_runner.hpp"
#include "sim/core/build_info.hpp"
#include "sim/core/parallel_for.hpp"
#include "sim/input/data_paths.hpp"
#include "sim/input/toml_writer.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/output/unit_journal.hpp"
#include "sim/run/model.hpp"
#include "sim/run/run_estimate.hpp"

namespace {

using namespace loom;

enum ExitCode { kOk = 0, kFailure = 1, kBadInput = 2, kOutputError = 3 };

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) {
    if (i) s += ' ';
    s += argv[i];
  }
  return s;
}

struct CommonOptions {
  RunRequest request;
  int replicates = 0;
  std::uint64_t seed = 0;
  std::string output;
  bool quiet = false;
  bool force = false;
  std::string format = "table";  // table, csv, json or none
};

constexpr const char* kForceHelp =
    "Replace an existing file that is not Loom results, and run even when the estimate "
    "exceeds the available memory or 24 h";

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
        if (const auto found = find_scenario(text)) {
          text = found->string();
          return std::string();
        }
        if (text.find('/') != std::string::npos) return "File does not exist: " + text;
        std::string folders;
        for (const auto& f : preset_folders())
          folders += (folders.empty() ? "" : ", ") + f.string();
        return "File does not exist: " + text + ", and no preset of that name in " +
               (folders.empty() ? std::string("any preset folder (set LOOM_DATA_DIR)") : folders);
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

void finish_request(CLI::App* app, CommonOptions& o) {
  if (app->count("--replicates")) o.request.replicates = o.replicates;
  if (app->count("--seed")) o.request.seed = o.seed;
}

int run_scenarios(const std::vector<std::string>& files, CommonOptions& o, const std::string& cmd) {
  std::vector<LoadedScenario> scenarios;
  for (const auto& f : files) scenarios.push_back(load_scenario(f, o.request));
  for (const auto& s : scenarios)
    for (const auto& w : s.warnings) std::cerr << w << "\n";
  // Group names must be unique in one file.
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (scenarios[j].id == scenarios[i].id) scenarios[i].id += "-" + std::to_string(i + 1);
    }
  }
  // Before any computation: the output (sim/output/output_guard.hpp), then
  // whether the work fits (sim/run/run_estimate.hpp).
  const OutputGuard guard = guard_output(
      o.output, std::vector<std::filesystem::path>(files.begin(), files.end()), o.force);
  const RunEstimate estimate = estimate_file_run(scenarios, o.request.threads);
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
  const FileRunReport report = run_to_file(scenarios, run);
  const double seconds = report.seconds;

  std::vector<NamedResult> named;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    named.push_back({scenarios[i].id, &report.summaries[i], scenarios[i].header.name,
                     scenarios[i].header.description});
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

int params_command(const std::string& model_name, bool markdown, bool json) {
  std::vector<std::string> names =
      model_name.empty() ? model_names() : std::vector<std::string>{model_name};
  if (json) {
    print_params_json(std::cout, names);
    return kOk;
  }
  if (markdown && model_name.empty()) {
    std::cout << "# Parameters\n\nEvery parameter of every model: its key in a scenario file, "
                 "default, allowed range, plain-language label, what it does, and where its "
                 "default comes from. Generated by `loom params --markdown` from the models' "
                 "parameter tables; do not edit (tests/docs/generated_docs_test.py checks that it "
                 "is current).\n\n";
  }
  for (const auto& name : names) {
    auto model = make_model(name);
    std::cout << (markdown ? "## Model `" : "Model ") << name << (markdown ? "`\n\n" : "\n");
    for (const auto* section : model->sections()) {
      if (markdown) {
        std::cout << "### [" << section->name() << "] " << section->title() << "\n\n";
        if (!section->switch_off().empty()) {
          std::cout << "Switched off by";
          for (std::size_t k = 0; k < section->switch_off().size(); ++k)
            std::cout << (k ? ", " : " ") << "`" << section->switch_off()[k] << "`";
          std::cout << ".\n\n";
        }
        std::cout << "| key | default | allowed | label | description | source |\n"
                  << "|---|---|---|---|---|---|\n";
      } else {
        std::cout << "  [" << section->name() << "] " << section->title() << "\n";
      }
      const auto infos = section->parameters();
      for (std::size_t i = 0; i < infos.size(); ++i) {
        const auto& p = infos[i];
        const std::string value = format_current(*section, i);
        if (markdown) {
          std::cout << "| `" << p.key << "` | " << value << " | " << describe_range(p) << " | "
                    << p.label << " | " << p.description;
          if (!p.applies_when.empty()) std::cout << ". Applies when `" << p.applies_when << "`";
          if (!p.fixed_at_start.empty())
            std::cout << ". Fixed at the start of a run (" << p.fixed_at_start << ")";
          std::cout << " | " << p.source << " |\n";
        } else {
          std::cout << "    " << p.key << " = " << value << "    (" << describe_range(p) << ")\n"
                    << "        " << p.label << ": " << p.description << "\n";
          if (!p.applies_when.empty())
            std::cout << "        applies when: " << p.applies_when << "\n";
          if (!p.fixed_at_start.empty())
            std::cout << "        fixed at start (cannot be scheduled): " << p.fixed_at_start
                      << "\n";
          std::cout << "        source: " << p.source << "\n";
        }
      }
      std::cout << "\n";
    }
  }
  return kOk;
}

int march_command(MarchGridRequest& q, const std::string& p1_text, const std::string& p2_text,
                  const std::string& output, const std::string& cmd) {
  q.p1 = parse_value_list(p1_text);
  q.p2 = parse_value_list(p2_text);
  const OutputGuard guard = guard_output(output, {}, q.force);
  const auto start = std::chrono::steady_clock::now();
  const MarchGridResult r = run_march_grid(q);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto rows = static_cast<std::uint64_t>(q.p1.size()),
             cols = static_cast<std::uint64_t>(q.p2.size());
  Hdf5Writer out(output);
  write_provenance(out, cmd);
  out.dataset("/march/p1", q.p1, {rows});
  out.dataset("/march/p2", q.p2, {cols});
  out.dataset("/march/equilibrium_knowledge", r.knowledge, {rows, cols});
  out.dataset("/march/equilibrium_knowledge_se", r.knowledge_se, {rows, cols});
  out.dataset("/march/individual_knowledge", r.individual, {rows, cols});
  out.dataset("/march/periods_mean", r.periods, {rows, cols});
  out.attribute("/march", "iterations", static_cast<std::int64_t>(q.iterations));
  out.attribute("/march", "p3", q.base.p3);
  out.attribute("/march", "p4", q.base.p4);
  out.attribute("/march", "periods", static_cast<std::int64_t>(q.base.periods));
  out.attribute("/march", "dimensions", static_cast<std::int64_t>(q.base.dimensions));
  out.attribute("/march", "people", static_cast<std::int64_t>(q.base.people));
  out.attribute("/march", "seed", std::uint64_t{q.seed});
  out.attribute("/", "plan_hash", hash_hex(r.plan_hash));
  out.commit();

  const bool open = q.base.p3 > 0 || q.base.p4 > 0;
  std::printf(
      "Mean code knowledge %s (fraction of m = %d), %d iterations per cell, +/- standard error\n",
      open ? ("after " + std::to_string(q.base.periods) + " periods").c_str() : "at equilibrium",
      q.base.dimensions, q.iterations);
  std::printf("%6s", "p1");
  for (double p2 : q.p2) std::printf("       p2 = %-6g", p2);
  std::printf("\n");
  for (std::size_t i = 0; i < q.p1.size(); ++i) {
    std::printf("%6.2f", q.p1[i]);
    for (std::size_t j = 0; j < q.p2.size(); ++j) {
      std::printf("   %7.4f +/- %.4f", r.knowledge[i * q.p2.size() + j],
                  r.knowledge_se[i * q.p2.size() + j]);
    }
    std::printf("\n");
  }
  const double runs = static_cast<double>(q.p1.size() * q.p2.size()) * q.iterations;
  std::printf("\n%.0f runs in %.2f s (%.0f runs/s on %d thread(s)). Wrote %s\n", runs, seconds,
              runs / seconds, resolve_thread_count(q.threads), output.c_str());
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Loom: agent-based simulation of leading change in schools"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "loom " + std::string(build_info::version()) + " (" +
                                        std::string(build_info::git_commit()) + ")");
  const std::string cmd = command_line(argc, argv);

  CommonOptions run_options;
  std::string run_file;
  auto* run = app.add_subcommand("run", "Run one scenario's replicates and write them to HDF5");
  run->add_option("scenario", run_file, "Scenario file (TOML), or a preset's name")
      ->required()
      ->transform(scenario_file());
  add_common(run, run_options, "");

  CommonOptions compare_options;
  std::vector<std::string> compare_files;
  auto* compare = app.add_subcommand("compare", "Run several scenarios and compare their outcomes");
  compare
      ->add_option("scenarios", compare_files,
                   "Scenario files (TOML) or presets' names, the first is the reference")
      ->required()
      ->expected(2, 64)
      ->transform(scenario_file());
  add_common(compare, compare_options, "out/comparison.h5");

  MarchGridRequest march_request;
  march_request.base = march_parameter_table().defaults();
  std::string p1_text = "0.1:0.9:0.1", p2_text = "0.1,0.5,0.9", march_output = "out/march.h5";
  auto* march = app.add_subcommand("march", "March (1991) docking: knowledge over a p1 x p2 grid");
  march->add_option("--p1", p1_text, "Socialisation rates: start:stop:step or a,b,c")
      ->capture_default_str();
  march->add_option("--p2", p2_text, "Code learning rates: start:stop:step or a,b,c")
      ->capture_default_str();
  march->add_option("-n,--iterations", march_request.iterations, "Runs per cell")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  march->add_option("--p3", march_request.base.p3, "Turnover per period")
      ->check(CLI::Range(0.0, 1.0));
  march->add_option("--p4", march_request.base.p4, "Turbulence per period")
      ->check(CLI::Range(0.0, 1.0));
  march->add_option("--periods", march_request.base.periods, "Time limit when p3 or p4 > 0")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  march->add_option("-m,--dimensions", march_request.base.dimensions, "Dimensions of reality")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  march->add_option("--people", march_request.base.people, "Individuals")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  march->add_option("-s,--seed", march_request.seed, "Random seed")
      ->capture_default_str()
      ->transform(seed_validator());
  march->add_option("-t,--threads", march_request.threads, "Worker threads (0 = all cores)")
      ->check(CLI::Range(0, 4096));
  march->add_option("-o,--output", march_output, "Results file (HDF5)")->capture_default_str();
  bool march_quiet = false;
  march->add_flag("-q,--quiet", march_quiet, "No progress display on stderr");
  march->add_flag("--force", march_request.force, kForceHelp);

  std::string params_model;
  bool markdown = false;
  auto* params =
      app.add_subcommand("params", "List every parameter: default, range, unit, meaning, source");
  params->add_option("model", params_model, "school or march (default: all)")
      ->check(CLI::IsMember(model_names()));
  params->add_flag("--markdown", markdown, "Print as Markdown tables (docs/parameters.md)");
  bool params_json = false;
  params->add_flag("--json", params_json, "Print as JSON (every field of every parameter)")
      ->excludes("--markdown");

  StoryRequest story_request;
  auto* story = app.add_subcommand(
      "story", "Tell what happened in one run, in plain language (the event story)");
  story->add_option("file", story_request.file, "Results file (HDF5) from run or compare")
      ->required()
      ->check(CLI::ExistingFile);
  story->add_option("--run", story_request.run, "Replicate to tell")->capture_default_str();
  story->add_option("--scenario", story_request.scenario, "Scenario id (default: all)");
  story->add_option("--kind", story_request.kind,
                    "Only events of this kind (e.g. champion_left, idea_adopted)");

  SweepCommand sweep;
  add_sweep_command(app, sweep);
  MergeCommand merge;
  add_merge_command(app, merge);
  AnalyzeRequest analyze_request;
  auto* analyze = add_analyze_command(app, analyze_request);
  std::string check_file;
  auto* check = app.add_subcommand(
      "check", "Verify a results file: format, completeness, every checksum, the plan hash");
  check->add_option("file", check_file, "Results file (HDF5)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kBadInput;
  }

  try {
    if (*run) {
      finish_request(run, run_options);
      if (run_options.output.empty()) {
        run_options.output = "out/" + std::filesystem::path(run_file).stem().string() + ".h5";
      }
      return run_scenarios({run_file}, run_options, cmd);
    }
    if (*compare) {
      finish_request(compare, compare_options);
      return run_scenarios(compare_files, compare_options, cmd);
    }
    if (*march) {
      if (march_quiet) march_request.progress = ProgressObserver::Mode::kQuiet;
      return march_command(march_request, p1_text, p2_text, march_output, cmd);
    }
    if (*params) return params_command(params_model, markdown, params_json);
    if (*sweep.app) return run_sweep_command(sweep, cmd);
    if (*merge.app) return run_merge_command(merge, cmd);
    if (*check) {
      check_results(check_file, std::cout);
      return kOk;
    }
    if (*story) {
      print_story(story_request, std::cout);
      return kOk;
    }
    if (*analyze) {
      run_analyze(analyze_request, std::cout);
      return kOk;
    }
  } catch (const OutputError& e) {
    std::cerr << "loom: " << e.what() << "\n";
    return kOutputError;
  } catch (const EstimateRefused& e) {
    std::cerr << "loom: " << e.what() << "\n";
    return kBadInput;
  } catch (const DamagedResults& e) {
    std::cerr << "loom: " << e.what() << "\n";
    return kBadInput;
  } catch (const ScenarioError& e) {
    std::cerr << "loom: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "loom: " << e.what() << "\n";
    return kBadInput;
  } catch (const Hdf5Error& e) {
    if (*story) {
      std::cerr << "loom: cannot read " << story_request.file << ": " << e.what()
                << " (is it damaged? `loom check " << story_request.file << "` tells)\n";
      return kBadInput;
    }
    std::cerr << "loom: cannot write results: " << e.what() << "\n";
    return kOutputError;
  } catch (const JournalError& e) {
    std::cerr << "loom: cannot write results: " << e.what() << "\n";
    return kOutputError;
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "loom: cannot write results: " << e.what() << "\n";
    return kOutputError;
  } catch (const std::exception& e) {
    std::cerr << "loom: error: " << e.what() << "\n";
    return kFailure;
  }
  return kOk;
}
