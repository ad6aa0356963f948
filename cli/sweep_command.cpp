#include "cli/sweep_command.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "models/catalog/sweep_runner.hpp"
#include "sim/core/parallel_for.hpp"
#include "sim/experiments/sweep_file.hpp"
#include "sim/input/scenario.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/output/unit_journal.hpp"
#ifdef LOOM_WITH_MPI
#include "sim/run/mpi_loop.hpp"
#endif

namespace loom {
namespace {

std::optional<std::uint64_t> whole_number(const char* text) {
  if (!text || !*text) return std::nullopt;
  return parse_seed(text);  // the same grammar: decimal digits (or 0x hex), no sign
}

}  // namespace

// One rank's part of `loom sweep` (the whole of it without MPI).
int run_sweep_on_rank(const SweepCommand& c, const std::string& command_line, int rank, int ranks);

void add_sweep_command(CLI::App& app, SweepCommand& c) {
  c.app = app.add_subcommand(
      "sweep", "Run an experiment design (grid, lhs, sobol, morris) over a scenario's parameters");
  c.app->add_option("spec", c.spec, "Sweep file (TOML, docs/sweeps.md)")
      ->required()
      ->check(CLI::ExistingFile);
  c.app->add_option("-o,--output", c.output, "Results file (default: out/<spec>.h5)");
  c.app->add_option("--shard", c.shard,
                    "Run shard I of N (1-based, e.g. 3/10) into its own file; default from "
                    "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT when set");
  c.app->add_flag("--resume", c.resume,
                  "Continue an interrupted sweep: keep its finished units, run the rest");
  c.app->add_option("-t,--threads", c.threads, "Worker threads (0 = all cores)")
      ->check(CLI::Range(0, 4096));
  c.app->add_flag("-q,--quiet", c.quiet, "No progress display on stderr");
  c.app->add_flag("--force", c.force,
                  "Replace an existing file that is not a Loom results file, and run even when "
                  "the estimate says the sweep needs more memory than there is or over 24 h");
}

void add_merge_command(CLI::App& app, MergeCommand& c) {
  c.app = app.add_subcommand("merge", "Merge the shard files of one sweep into one results file");
  c.app->add_option("shards", c.shards, "Shard files (from loom sweep --shard)")
      ->required()
      ->check(CLI::ExistingFile);
  c.app->add_option("-o,--output", c.output, "Merged results file")->required();
  c.app->add_flag("--force", c.force, "Replace an existing file that is not a Loom results file");
}

ShardChoice choose_shard(const std::string& option) {
  ShardChoice s;
  if (!option.empty()) {
    s.origin = "--shard " + option;
    const auto slash = option.find('/');
    const auto i = slash == std::string::npos ? std::nullopt : parse_seed(option.substr(0, slash));
    const auto n = slash == std::string::npos ? std::nullopt : parse_seed(option.substr(slash + 1));
    if (!i || !n || *n == 0 || *i == 0 || *i > *n) {
      throw ScenarioError(s.origin +
                          ": expected I/N with 1 <= I <= N (e.g. --shard 3/10 runs the third "
                          "of ten shares)");
    }
    s.index = *i - 1;
    s.count = *n;
    return s;
  }
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  if (!id) return s;
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
  const char* step = std::getenv("SLURM_ARRAY_TASK_STEP");
  s.origin = std::string("SLURM_ARRAY_TASK_ID=") + id;
  const auto i = whole_number(id);
  const auto n = whole_number(count);
  const auto lo = min ? whole_number(min) : std::optional<std::uint64_t>(0);
  if (!i || !n || !lo || *n == 0 || *i < *lo || *i - *lo >= *n) {
    throw ScenarioError(s.origin + ", SLURM_ARRAY_TASK_COUNT=" + (count ? count : "(unset)") +
                        ", SLURM_ARRAY_TASK_MIN=" + (min ? min : "(unset)") +
                        ": cannot tell this task's shard; use --shard I/N");
  }
  if (step && whole_number(step).value_or(0) != 1) {
    throw ScenarioError(std::string("SLURM_ARRAY_TASK_STEP=") + step +
                        ": shards need an array of consecutive task ids (--array=1-N); use "
                        "--shard I/N");
  }
  s.index = *i - *lo;
  s.count = *n;
  return s;
}

std::string shard_output(const std::string& output, const ShardChoice& shard) {
  if (shard.count <= 1) return output;
  const std::filesystem::path p(output);
  const int width = static_cast<int>(std::to_string(shard.count).size());
  char tag[64];
  std::snprintf(tag, sizeof tag, ".shard-%0*llu-of-%llu", width,
                static_cast<unsigned long long>(shard.index + 1),
                static_cast<unsigned long long>(shard.count));
  return (p.parent_path() / (p.stem().string() + tag + p.extension().string())).string();
}

int run_sweep_command(const SweepCommand& c, const std::string& command_line) {
#ifdef LOOM_WITH_MPI
  // Under mpirun every rank reads the same sweep file and builds the same
  // plan; rank 0 hands out units and writes, the others only compute.
  struct Finalise {
    ~Finalise() { mpi_finalize(); }
  } finalise;
  const MpiSession mpi = mpi_start(nullptr, nullptr);
  if (mpi.active()) {
    try {
      return run_sweep_on_rank(c, command_line, mpi.rank, mpi.size);
    } catch (const std::exception& e) {
      std::cerr << "loom (rank " << mpi.rank << "): " << e.what() << "\n";
      mpi_abort(dynamic_cast<const ScenarioError*>(&e) ? 2 : 3);
    }
  }
#else
  // Under mpirun, a loom without MPI would run the whole sweep in every
  // rank, all writing one file: refused in every rank before any file is
  // touched (no lock or journal left behind).
  for (const char* size : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    const char* value = std::getenv(size);
    if (value && std::atoi(value) > 1) {
      throw ScenarioError(std::string("this loom was built without MPI (loom --version), but it "
                                      "runs under mpirun with ") +
                          value +
                          " ranks, each of which would run the whole sweep: rebuild with "
                          "-DLOOM_MPI=ON, or run it without mpirun (-t for threads), or as "
                          "shards (--shard)");
    }
  }
#endif
  return run_sweep_on_rank(c, command_line, 0, 1);
}

namespace {

// SIGTERM (a Slurm time limit, scancel) and SIGINT (Ctrl+C) during a sweep:
// a last line in the log saying what to do, and the shell's exit code for
// the signal (143, 130), so a job script can tell. The finished units are
// in the journal, which is put on disk at least every 2 s; the units of the
// last 2 s at most are run again by --resume. Only async-signal-safe calls.
void stop_on_signal(int signal) {
  const char* text = signal == SIGINT
                         ? "\nloom: interrupted (SIGINT); finished runs are kept in the journal: "
                           "continue with the same command and --resume\n"
                         : "\nloom: stopped (SIGTERM); finished runs are kept in the journal: "
                           "continue with the same command and --resume\n";
  const ssize_t ignored = write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
  _exit(128 + signal);
}

}  // namespace

int run_sweep_on_rank(const SweepCommand& c, const std::string& command_line, int rank, int ranks) {
  const ShardChoice shard = choose_shard(c.shard);
  const PreparedSweep sweep = prepare_sweep(c.spec, c.force);
  const UnitRecordOptions record{sweep.spec.records_series(), sweep.spec.records_events()};
#ifdef LOOM_WITH_MPI
  const MpiSession mpi{rank, ranks};
  const int threads = c.threads > 0 ? c.threads : (ranks > 1 ? mpi_default_threads() : 0);
  if (rank > 0) {
    mpi_work(mpi, sweep.plan, sweep_unit_runner(sweep), record, threads);
    return 0;
  }
#else
  (void)rank;
  (void)record;
  const int threads = c.threads;
#endif
  std::string output = c.output;
  if (output.empty()) output = "out/" + std::filesystem::path(c.spec).stem().string() + ".h5";
  output = shard_output(output, shard);
  SweepOptions options;
  // Checked and locked before any run (sim/output/output_guard.hpp).
  // Every file the sweep read (spec, bases, data files), even with --force.
  const OutputGuard guard = guard_output(output, sweep.inputs, c.force);
  options.output = output;
  options.command_line = command_line;
  options.threads = threads;
  options.progress = c.quiet ? ProgressObserver::Mode::kQuiet : ProgressObserver::Mode::kAuto;
  options.shard_index = shard.index;
  options.shard_count = shard.count;
  options.resume = c.resume;
  options.force = c.force;
#ifdef LOOM_WITH_MPI
  if (ranks > 1) {
    options.executor = [&](const RunPlan& plan, const std::vector<std::uint64_t>& units,
                           const UnitRunner& run, const UnitRecordOptions& r,
                           const RecordDelivery& deliver, const LoopOptions& loop) {
      mpi_execute_records(mpi, plan, units, run, r, deliver, loop);
    };
  }
#endif
  const auto& spec = sweep.spec;
  std::cout << "Sweep " << spec.path.string() << ": " << spec.design << " design, "
            << sweep.info.points << " points x " << spec.replicates
            << " replicates = " << sweep.plan.unit_count() << " runs of model '" << spec.model
            << "' (plan " << hash_hex(sweep.plan.hash()) << ")\n";
  if (ranks > 1) std::cout << "MPI: " << ranks << " ranks, units handed out in chunks by rank 0\n";
  if (shard.count > 1)
    std::cout << "Shard " << shard.index + 1 << " of " << shard.count << " (" << shard.origin
              << ")\n";
  std::cout.flush();  // the header above survives a kill (a log once kept only the progress)
  std::signal(SIGTERM, stop_on_signal);
  std::signal(SIGINT, stop_on_signal);
  const SweepReport r = run_sweep(sweep, options);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  if (r.already_complete) {
    std::cout << "Already complete: " << output << " holds all " << r.units_in_shard
              << " runs of this " << (shard.count > 1 ? "shard" : "sweep")
              << " (same plan); nothing to do\n";
    return 0;
  }
  if (r.units_resumed > 0)
    std::cout << "Resumed: " << r.units_resumed << " finished runs kept from the journal\n";
  std::cout << "Wrote " << output << ": " << r.units_in_shard << " runs (" << r.units_run
            << " run now) in " << r.seconds << " s on "
            << (ranks > 1 ? std::to_string(ranks) + " ranks x " : std::string())
            << resolve_thread_count(threads) << " thread(s), of which writing " << r.write_seconds
            << " s\n";
  if (shard.count > 1)
    std::cout << "When every shard is done: loom merge <the shard files> -o ALL.h5\n";
  return 0;
}

int run_merge_command(const MergeCommand& c, const std::string& command_line) {
  std::vector<std::filesystem::path> shards(c.shards.begin(), c.shards.end());
  const OutputGuard guard = guard_output(c.output, shards, c.force);
  const MergeReport r = merge_sweep_files(shards, c.output, command_line);
  std::cout << "Merged " << r.shards << " shard(s), " << r.units << " runs, into " << c.output
            << "\n";
  return 0;
}

}  // namespace loom
