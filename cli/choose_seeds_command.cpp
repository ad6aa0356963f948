#include "cli/choose_seeds_command.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "cli/summary_table.hpp"
#include "models/catalog/seed_search.hpp"
#include "sim/core/string_literal.hpp"
#include "sim/input/input_file.hpp"
#ifdef LOOM_WITH_MPI
#include "sim/run/mpi_loop.hpp"
#endif

namespace loom {
namespace {

// Ids from a file: one a line (the first field of a CSV line); a header
// line "id" is skipped, as are blank lines and '#' comments.
std::vector<std::string> read_candidates(const std::string& path) {
  std::string text;
  try {
    text = *input_snapshot(path);
  } catch (const InputFileError& e) {
    throw ScenarioError(std::string("--candidates: ") + e.what());
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  std::vector<std::string> ids;
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    line = line.substr(0, line.find_first_of(",;\t"));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '"'))
      line.pop_back();
    while (!line.empty() && (line.front() == ' ' || line.front() == '"')) line.erase(0, 1);
    if (line.empty() || line.front() == '#') continue;
    const bool header = first && (line == "id" || line == "ID" || line == "Id");
    first = false;
    if (!header) ids.push_back(line);
  }
  if (ids.empty()) throw ScenarioError("--candidates " + path + ": lists no school id");
  return ids;
}

std::string num(double v, bool sign = false) {
  if (!std::isfinite(v)) return "n/a";
  char b[32];
  std::snprintf(b, sizeof b, sign ? "%+.3f" : "%.3f", v);
  return b;
}

std::string interval(const Estimate& e, bool sign = false) {
  return num(e.mean, sign) + " [" + num(e.ci_low, sign) + ", " + num(e.ci_high, sign) + "]";
}

std::string json_estimate(const Estimate& e) {
  return "\"mean\": " + json_number(e.mean) + ", \"ci\": [" + json_number(e.ci_low) + ", " +
         json_number(e.ci_high) + "]";
}

// The chosen set beats random when the paired interval excludes 0 above.
bool beats_random(const SeedSearchResult& r) {
  return !r.strategies.empty() && r.strategies.front().chosen_minus.ci_low > 0.0;
}

}  // namespace

void add_choose_seeds_command(CLI::App& app, ChooseSeedsCommand& c) {
  c.app = app.add_subcommand(
      "choose-seeds",
      "Which K schools of a network to start with, by simulation (greedy, common random numbers), "
      "against every built-in strategy");
  c.app->add_option("scenario", c.scenario, "A network scenario (file or preset)")
      ->required()
      ->transform(scenario_file());
  c.app->add_option("-k", c.k, "Schools to choose")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  c.app
      ->add_option("--candidates", c.candidates,
                   "'all', or a file of school ids (one a line) to choose among")
      ->capture_default_str();
  c.app->add_option("--field", c.field, "Summary field to make large (network model)")
      ->capture_default_str();
  c.app
      ->add_option("-r,--replicates", c.common.replicates,
                   "Runs per candidate set (default: the scenario's)")
      ->check(CLI::Range(2, 100000));
  c.app->add_option("-s,--seed", c.common.seed, "Random seed (default: the scenario's)")
      ->transform(seed_validator());
  c.app->add_option("--set", c.common.request.overrides,
                    "Override a parameter: section.key=value (repeatable)");
  c.app->add_option("-t,--threads", c.common.request.threads, "Worker threads (0 = all cores)")
      ->check(CLI::Range(0, 4096));
  c.app->add_option("--format", c.format, "table (for people) or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json"}));
}

int run_choose_seeds(ChooseSeedsCommand& c, std::ostream& out) {
  finish_request(c.app, c.common);
  SeedSearchRequest q;
  q.scenario = c.scenario;
  q.request = c.common.request;
  q.k = c.k;
  q.field = c.field;
  if (c.candidates != "all") q.candidates = read_candidates(c.candidates);
  const auto start = std::chrono::steady_clock::now();
#ifdef LOOM_WITH_MPI
  // Under mpirun every rank runs the same search (the same decisions from
  // the same shared values); rank 0 hands out the units and prints.
  const MpiScope scope;
  const MpiSession& mpi = scope.session;
  if (mpi.active()) {
    const int threads =
        c.common.request.threads > 0 ? c.common.request.threads : mpi_default_threads();
    q.request.threads = threads;
    q.executor = mpi_record_executor(mpi, threads);
    q.share = [mpi](std::vector<double>& values) { mpi_broadcast(mpi, values); };
  }
#endif
  const SeedSearchResult r = search_seeds(q);
#ifdef LOOM_WITH_MPI
  if (mpi.rank > 0) return kOk;  // rank 0 reports
#endif
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (c.format == "json") {
    out << "{\"field\": " << string_literal(r.field) << ", \"seeds\": [";
    for (std::size_t i = 0; i < r.seeds.size(); ++i)
      out << (i ? ", " : "") << string_literal(r.seeds[i].id);
    out << "], " << json_estimate(r.chosen) << ", \"gains\": [";
    for (std::size_t i = 0; i < r.seeds.size(); ++i)
      out << (i ? ", " : "") << "{\"id\": " << string_literal(r.seeds[i].id) << ", "
          << json_estimate(r.seeds[i].gain) << "}";
    out << "], \"none\": {" << json_estimate(r.none) << "}, \"strategies\": [";
    for (std::size_t i = 0; i < r.strategies.size(); ++i) {
      const auto& s = r.strategies[i];
      out << (i ? ", " : "") << "{\"strategy\": " << string_literal(s.strategy) << ", "
          << json_estimate(s.value) << ", \"chosen_minus\": {" << json_estimate(s.chosen_minus)
          << "}}";
    }
    out << "], \"beats_random\": " << (beats_random(r) ? "true" : "false")
        << ", \"replicates\": " << r.replicates << ", \"search_seed\": " << r.search_seed
        << ", \"check_seed\": " << r.check_seed << ", \"evaluations\": " << r.evaluations
        << ", \"runs\": " << r.runs << ", \"seconds\": " << json_number(seconds) << "}\n";
    return kOk;
  }
  out << "Which " << c.k << " school(s) to start with, to make " << r.field << " large ("
      << r.replicates << " runs per candidate set; " << r.evaluations << " sets, " << r.runs
      << " network runs, " << num(seconds) << " s).\n"
      << "Figures below are from " << r.replicates << " fresh runs (seed " << r.check_seed
      << "), not the ones the search chose on, with 95% intervals.\n\n";
  for (std::size_t i = 0; i < r.seeds.size(); ++i) {
    out << "  " << i + 1 << ". " << r.seeds[i].id << "   adds " << interval(r.seeds[i].gain, true)
        << "\n";
  }
  out << "\n"
      << r.field << " with these schools: " << interval(r.chosen)
      << "; with no seed school at all: " << interval(r.none) << " (the seed schools add "
      << num(r.chosen.mean - r.none.mean, true) << ")\n\n"
      << "Built-in strategies with " << c.k << " seed school(s), on the same runs:\n";
  for (const auto& s : r.strategies) {
    char line[200];
    std::snprintf(line, sizeof line, "  %-11s %-26s chosen minus it: %s\n", s.strategy.c_str(),
                  interval(s.value).c_str(), interval(s.chosen_minus, true).c_str());
    out << line;
  }
  const auto& random = r.strategies.front().chosen_minus;
  out << "\n";
  if (beats_random(r)) {
    out << "The chosen schools beat random seeding: " << interval(random, true) << ".\n";
  } else {
    out << "No choice beats random at " << r.replicates << " runs: chosen minus random "
        << interval(random, true)
        << ". Where to start matters less here than the other levers; more runs (-r) would "
           "narrow the interval.\n";
  }
  for (const auto& s : r.strategies) {
    if (s.chosen_minus.ci_high < 0.0)
      out << "Note: " << s.strategy << " does better than the chosen schools on these runs ("
          << interval(s.chosen_minus, true) << "): greedy is a heuristic here.\n";
  }
  return kOk;
}

}  // namespace loom
