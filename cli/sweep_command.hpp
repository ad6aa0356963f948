#pragma once
// `loom sweep SPEC.toml` and `loom merge SHARDS... -o ALL.h5` (docs/sweeps.md).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace loom {

struct SweepCommand {
  CLI::App* app = nullptr;
  std::string spec;
  std::string output;
  std::string shard;         // "I/N", 1-based; "" = --shards or the whole sweep
  std::uint64_t shards = 0;  // --shards N: shard SLURM_ARRAY_TASK_ID of N; 0 = not given
  bool resume = false;
  bool quiet = false;
  bool force = false;
  int threads = 0;
};

struct MergeCommand {
  CLI::App* app = nullptr;
  std::vector<std::string> shards;
  std::string output;
  std::uint64_t shard_count = 0;  // --shards N: the files OUT.shard-I-of-N.h5
  bool missing = false;           // --missing: list unfinished shards, merge nothing
  bool force = false;
};

void add_sweep_command(CLI::App& app, SweepCommand& command);
void add_merge_command(CLI::App& app, MergeCommand& command);

// Exit code: 0, or throws (ScenarioError: bad input; Hdf5Error, JournalError:
// output).
int run_sweep_command(const SweepCommand& command, const std::string& command_line);
int run_merge_command(const MergeCommand& command, const std::string& command_line);

struct ShardChoice {
  std::uint64_t index = 0;  // 0-based
  std::uint64_t count = 1;
  std::string origin;  // "--shard 3/10" or "--shards 10, SLURM_ARRAY_TASK_ID=3"
};
// From --shard "I/N" (1-based I), else --shards N with the index from
// SLURM_ARRAY_TASK_ID (1..N), else the whole sweep; a Slurm array task
// without either is refused (every task would run the whole sweep). Throws
// ScenarioError.
ShardChoice choose_shard(const std::string& option, std::uint64_t shards);
// OUT.h5 -> OUT.shard-03-of-10.h5 (the whole sweep: unchanged).
std::string shard_output(const std::string& output, const ShardChoice& shard);

}  // namespace loom
