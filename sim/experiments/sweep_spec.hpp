#pragma once
// Sweep specifications: what `loom sweep SPEC.toml` reads (docs/sweeps.md).
//
//   [sweep]
//   base = "../shared-leadership.toml"   # or: model = "ishigami"
//   design = "lhs"                       # grid | lhs | sobol | morris
//   samples = 256                        # lhs points; sobol base N; morris trajectories
//   replicates = 20
//   seed = 2026
//   record = "summary"                   # summary | timeseries | all
//   morris_levels = 4                    # morris only (even, >= 2)
//
//   [factors]
//   "school.poverty" = { min = 0.1, max = 0.9 }
//   "leadership.learn_from" = { levels = ["leaders", "everyone"] }
//
// Reading is in two steps: load_sweep_spec() checks the file's own shape
// (TOML, keys, types, design, sizes) and resolve_factors() checks every
// factor against the model's parameter tables (key, range inside the allowed
// range, levels valid). Every error names the spec file and line, the key,
// and what is allowed, and is thrown before any unit runs (ScenarioError).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sim/input/parameter.hpp"
#include "sim/input/scenario.hpp"

namespace loom {

struct SweepFactor {
  std::string key;    // "section.key"
  std::string where;  // "spec.toml:12" (for errors about this factor)
  bool has_range = false;
  double min = 0.0, max = 0.0;
  std::vector<double> levels;            // values (a choice as its index)
  std::vector<std::string> level_texts;  // as written, for messages
  // Set by resolve_factors:
  const ParameterInfo* info = nullptr;

  // The factor's value at design coordinate u in [0, 1]: a level
  // (level_of) or min + u (max - min), rounded for an integer parameter.
  double value_at(double u) const;
  std::size_t level_count() const { return levels.size(); }
};

struct SweepSpec {
  std::filesystem::path path;       // the spec file
  std::string text;                 // its content (stored in the results file)
  std::string base;                 // as written ("" when `model` is given)
  std::filesystem::path base_path;  // resolved against the spec's folder
  std::string base_where;
  std::string model;  // from `model`, or "" until the base is loaded
  std::string design = "lhs";
  std::string design_where;
  std::int64_t samples = 0;
  std::string samples_where;
  std::int64_t replicates = 1;
  std::uint64_t seed = 1;
  std::string record = "summary";
  std::int64_t morris_levels = 4;
  std::vector<SweepFactor> factors;  // in file order = design column order

  bool records_series() const { return record != "summary"; }
  bool records_events() const { return record == "all"; }
};

// Throws ScenarioError naming the file and line.
SweepSpec load_sweep_spec(const std::filesystem::path& path);
SweepSpec parse_sweep_spec(const std::string& text, const std::string& source_name);

// Checks each factor against the model's parameters (unknown key with the
// nearest valid one, range outside the allowed range, a level that is not
// a valid value, a categorical factor given a range, grid factors without
// levels) and fills SweepFactor::info. Throws ScenarioError.
void resolve_factors(SweepSpec& spec, std::span<ParameterSection* const> sections);

// The number of design points the spec asks for (before any is built).
std::uint64_t sweep_point_count(const SweepSpec& spec);

}  // namespace loom
