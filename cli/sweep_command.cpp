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
                    "Run shard I of N (1-based, e.g. 3/10) into its own file, OUT.shard-I-of-N.h5");
  c.app
      ->add_option("--shards", c.shards,
                   "In a Slurm array job (--array=1-N): run shard SLURM_ARRAY_TASK_ID of N")
      ->check(CLI::Range(1, 1000000));
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
  c.app->add_option("shards", c.shards, "Shard files (from loom sweep --shard), or --shards N")
      ->check(CLI::ExistingFile);
  c.app->add_option("-o,--output", c.output, "Merged results file")->required();
  c.app
      ->add_option("--shards", c.shard_count,
                   "The shard files are OUT.shard-I-of-N.h5 for I = 1..N (as loom sweep "
                   "--shards N wrote them next to -o OUT.h5)")
      ->check(CLI::Range(1, 1000000));
  c.app->add_flag("--missing", c.missing,
                  "With --shards N: print the shards not finished as an sbatch --array list "
                  "(nothing when all are), and merge nothing");
  c.app->add_flag("--force", c.force, "Replace an existing file that is not a Loom results file");
}

ShardChoice choose_shard(const std::string& option, std::uint64_t shards) {
  ShardChoice s;
  const char* task = std::getenv("SLURM_ARRAY_TASK_ID");
  if (!option.empty() && shards > 0)
    throw ScenarioError("--shard " + option + " and --shards " + std::to_string(shards) +
                        ": give one (--shards N in a Slurm array job, --shard I/N elsewhere)");
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
  if (shards > 0) {
    // The shard count is the user's, never the array's: a resubmitted task
    // (sbatch --array=3) is still shard 3 of N and writes the same file.
    const std::string n = std::to_string(shards);
    if (!task) {
      throw ScenarioError("--shards " + n +
                          " takes this task's shard from SLURM_ARRAY_TASK_ID, which is not set "
                          "(not a Slurm array task); outside Slurm use --shard I/" +
                          n);
    }
    s.origin = std::string("--shards ") + n + ", SLURM_ARRAY_TASK_ID=" + task;
    const auto i = whole_number(task);
    if (!i || *i < 1 || *i > shards) {
      throw ScenarioError(s.origin + ": the task id must be 1.." + n +
                          " (submit with #SBATCH --array=1-" + n + ")");
    }
    s.index = *i - 1;
    s.count = shards;
    return s;
  }
  if (task) {
    // Inferring the count from the array went wrong on resubmission
    // (sbatch --array=3 ran the whole sweep; --array=2-3 wrote shards "of 2").
    throw ScenarioError(std::string("this is task ") + task +
                        " of a Slurm array job, but no shard is given, so every task would run "
                        "the whole sweep into one file: use --shards N with #SBATCH "
                        "--array=1-N (each task runs shard SLURM_ARRAY_TASK_ID of N), or "
                        "--shard 1/1 to run the whole sweep in this task");
  }
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
  const MpiScope scope;
  const MpiSession& mpi = scope.session;
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
  const ShardChoice shard = choose_shard(c.shard, c.shards);
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
  const OutputGuard guard = guard_output(output, sweep.base.inputs, c.force);
  options.output = output;
  options.command_line = command_line;
  options.threads = threads;
  options.progress = c.quiet ? ProgressObserver::Mode::kQuiet : ProgressObserver::Mode::kAuto;
  options.shard_index = shard.index;
  options.shard_count = shard.count;
  options.resume = c.resume;
  options.force = c.force;
#ifdef LOOM_WITH_MPI
  if (ranks > 1) options.executor = mpi_record_executor(mpi, threads);
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
    std::cout << "When every shard is done: loom merge --shards " << shard.count << " -o "
              << c.output << " (loom merge --missing --shards " << shard.count
              << " lists any to run again)\n";
  return 0;
}

namespace {

// 1,2,3,5,7,8 -> "1-3,5,7-8" (sbatch --array syntax).
std::string array_ranges(const std::vector<std::uint64_t>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    out += (out.empty() ? "" : ",") + std::to_string(ids[i]);
    if (j > i) out += "-" + std::to_string(ids[j]);
    i = j + 1;
  }
  return out;
}

// Why shard file `path` (shard `index` of `count`) cannot be merged yet; ""
// when it is a finished, intact shard of that place: checked by
// open_finished_sweep, as loom merge checks, so a shard this passes is one
// merge accepts.
std::string why_not_finished(const std::filesystem::path& path, std::uint64_t index,
                             std::uint64_t count) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return std::filesystem::exists(journal_path(path), ec)
               ? "unfinished: its journal holds the runs done so far, which the "
                 "resubmitted task keeps (--resume)"
               : "no file";
  }
  try {
    const SweepFileInfo info = open_finished_sweep(path).info;
    if (info.shard_index != index || info.shard_count != count)
      return "holds shard " + std::to_string(info.shard_index + 1) + " of " +
             std::to_string(info.shard_count) + ", not this one";
  } catch (const Hdf5Error& e) {
    return e.what();  // incomplete, or damaged
  } catch (const std::exception& e) {
    return std::string("unreadable: ") + e.what();
  }
  return "";
}

}  // namespace

int run_merge_command(const MergeCommand& c, const std::string& command_line) {
  if (c.shard_count > 0 && !c.shards.empty())
    throw ScenarioError("loom merge: give the shard files or --shards N, not both");
  if (c.shard_count == 0 && (c.shards.empty() || c.missing))
    throw ScenarioError(c.missing ? "loom merge --missing needs --shards N (the N of loom sweep "
                                    "--shards N) to know which files to look for"
                                  : "loom merge: no shard files given (or --shards N)");
  std::vector<std::filesystem::path> shards(c.shards.begin(), c.shards.end());
  if (c.shard_count > 0) {
    std::vector<std::uint64_t> missing;
    for (std::uint64_t i = 0; i < c.shard_count; ++i) {
      const std::filesystem::path path = shard_output(c.output, {i, c.shard_count, ""});
      const std::string why = why_not_finished(path, i, c.shard_count);
      if (!why.empty()) {
        missing.push_back(i + 1);
        std::cerr << "shard " << i + 1 << " of " << c.shard_count << " (" << path.string()
                  << "): " << why << "\n";
      }
      shards.push_back(path);
    }
    if (c.missing) {
      // stdout carries only the list, for sbatch --array="$(loom merge --missing ...)".
      if (missing.empty()) {
        std::cerr << "All " << c.shard_count << " shards are finished: loom merge --shards "
                  << c.shard_count << " -o " << c.output << "\n";
      } else {
        std::cout << array_ranges(missing) << "\n";
        std::cerr << missing.size() << " of " << c.shard_count
                  << " shards to run again: sbatch --array=" << array_ranges(missing)
                  << " <the same job script>\n";
      }
      return 0;
    }
    if (!missing.empty()) {
      throw ScenarioError("loom merge: " + std::to_string(missing.size()) + " of " +
                          std::to_string(c.shard_count) + " shards are not finished (" +
                          array_ranges(missing) + "): run them again with sbatch --array=" +
                          array_ranges(missing) + " and the same job script");
    }
  }
  const OutputGuard guard = guard_output(c.output, shards, c.force);
  const MergeReport r = merge_sweep_files(shards, c.output, command_line);
  std::cout << "Merged " << r.shards << " shard(s), " << r.units << " runs, into " << c.output
            << "\n";
  return 0;
}

}  // namespace loom
