#pragma once
// A run plan: every unit of work one command will run, fixed before any runs.
//
// A unit is one (design point, replicate) pair. A design point is one fully
// resolved scenario: a model, its resolved parameters (canonical TOML text)
// and a seed. `loom run` has one point, `loom compare` one per scenario, the
// what-if runner one per compared scenario, and a later `loom sweep` one per
// design row. Unit i is a pure function of (plan, i): the model runs with the
// point's seed and the replicate index, and random streams are keyed by
// purpose and replicate only (sim/core/random_stream.hpp), so any subset of units
// can run anywhere (another thread, rank or shard), in any order, and give
// the same numbers.
//
// Units are numbered point-major: point 0's replicates first, then point 1's.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace loom {

struct PlanPoint {
  std::string id;          // label (scenario id / group name); not hashed
  std::string model;       // "school", "march", ...
  std::string parameters;  // resolved parameters, canonical text
  std::uint64_t seed = 0;
  std::uint64_t replicates = 0;
};

struct PlanUnit {
  std::uint64_t index = 0;  // in the plan, 0 .. unit_count()-1
  std::size_t point = 0;
  std::uint64_t replicate = 0;
};

class RunPlan {
 public:
  RunPlan() = default;
  // `design` describes how the points were generated (empty for a plain run
  // or comparison; a sweep stores its design text); it enters the hash.
  explicit RunPlan(std::vector<PlanPoint> points, std::string design = {});

  const std::vector<PlanPoint>& points() const { return points_; }
  const std::string& design() const { return design_; }
  std::uint64_t unit_count() const { return offsets_.empty() ? 0 : offsets_.back(); }
  // The first unit index of a point.
  std::uint64_t first_unit(std::size_t point) const { return offsets_[point]; }
  // Throws std::out_of_range for index >= unit_count().
  PlanUnit unit(std::uint64_t index) const;

  // The text the hash is taken over: a fixed, versioned, length-prefixed
  // serialisation of every point (model, parameters, seed, replicates) and
  // the design. Labels (ids) are not part of it: renaming a file does not
  // change what runs.
  std::string canonical_text() const;
  // 64-bit FNV-1a of canonical_text(). Stable across platforms, compilers and
  // runs: it depends only on the bytes of that text (numbers are written in
  // decimal, never as machine words) and FNV-1a is defined on bytes with
  // fixed 64-bit unsigned arithmetic (wrap-around is exact in C++).
  std::uint64_t hash() const;
  // Hash of one point alone (what a resumed or merged shard is checked with).
  std::uint64_t point_hash(std::size_t point) const;

 private:
  std::vector<PlanPoint> points_;
  std::string design_;
  std::vector<std::uint64_t> offsets_;  // points_.size() + 1 prefix sums
};

// FNV-1a 64 fed in pieces (content digests hash a dataset chunk by chunk);
// fnv1a64 below is one piece.
struct Fnv1a64 {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  void add(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) hash = (hash ^ p[i]) * 0x100000001b3ull;
  }
};

// FNV-1a 64 over bytes.
std::uint64_t fnv1a64(const std::string& bytes);
std::uint64_t fnv1a64(std::span<const unsigned char> bytes);
// "0x" + 16 lower-case hex digits (how the hash is printed and stored).
std::string hash_hex(std::uint64_t hash);

}  // namespace loom
