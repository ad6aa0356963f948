#pragma once
// Experiment designs for sweeps: where in the unit cube [0, 1]^k each design
// point lies. A sweep maps coordinate u of factor i to a value with scale()
// (continuous), level_of() (a level of a discrete or categorical factor) or
// rounding (integers); the design itself knows nothing of parameters.
//
// Four designs (docs/sweeps.md):
// - grid: full factorial over each factor's levels (first factor slowest);
// - lhs: Latin hypercube (one point per stratum in every column);
// - sobol: Saltelli (2010) sampling for Sobol indices, built from a
//   2k-dimensional Sobol low-discrepancy sequence (boost::random::sobol);
// - morris: r one-at-a-time trajectories on a p-level grid (Morris 1991;
//   Campolongo et al. 2007), for elementary effects.
//
// Random designs (lhs, morris) draw from loom::RandomStream keyed by the
// sweep's seed and a fixed design purpose (values below), so a design is a
// pure function of its arguments: the same on every machine, thread count
// and shard.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace loom {

enum class DesignKind { kGrid, kLhs, kSobol, kMorris };

// "grid", "lhs", "sobol", "morris"; anything else throws
// std::invalid_argument naming the allowed values.
DesignKind parse_design_kind(std::string_view text);
const char* design_kind_name(DesignKind kind);

// The numeric purposes of the design streams (sim/core/random_stream.hpp). They
// sit far above the models' purposes (1..49 today; each model declares its
// own, sim/core/random_stream.hpp) so that no model collides with them; never renumber them, the
// value is part of every stream name and so of every design.
inline constexpr std::uint32_t kLhsPurpose = 1001;        // entity = column
inline constexpr std::uint32_t kMorrisPurpose = 1002;     // entity = trajectory
inline constexpr std::uint32_t kBootstrapPurpose = 1003;  // run = bootstrap resample
// History matching (sim/experiments/history_matching.hpp): the seed of each
// wave's Latin hypercube (entity = wave), and the uniform sample the
// not-ruled-out share of the space is measured on (one stream).
inline constexpr std::uint32_t kHistoryMatchingPurpose = 1004;  // entity = wave
inline constexpr std::uint32_t kNroySamplePurpose = 1005;

// Row-major: row r (a design point), column c (a factor); every u in [0, 1].
struct DesignMatrix {
  std::size_t rows = 0, cols = 0;
  std::vector<double> u;
  double at(std::size_t r, std::size_t c) const { return u[r * cols + c]; }
};

// Full factorial: one row per combination of levels, the first factor
// varying slowest. Level i of a factor with L levels sits at the middle of
// its stratum, u = (i + 0.5) / L, so level_of(u, L) == i.
DesignMatrix grid_design(const std::vector<std::size_t>& levels);

// Latin hypercube of n points in k dimensions: each column is a random
// permutation of the n strata [s/n, (s+1)/n), jittered uniformly inside.
DesignMatrix lhs_design(std::size_t n, std::size_t k, std::uint64_t seed);

// Saltelli (2010) sampling: n_base points of a 2k-dimensional Sobol
// sequence; A = its first k coordinates, B = its last k. For base point j
// the rows are A_j, AB_j^(1), ..., AB_j^(k), B_j (k + 2 rows each), where
// AB^(i) is A with column i taken from B.
//
// The sequence starts at its second point, (1/2, ..., 1/2): Boost's engine
// skips the all-zero point, and so do we. Kept, it would give A_0 == B_0,
// so every AB_0 row equals A_0 and base sample 0 adds zero to every
// estimator term (a downward bias of 1/n_base), at the corner where every
// factor is at its minimum. The cost: points 1..n are not the perfectly
// balanced first 2^m points, so a column can have one empty and one doubled
// stratum of width 1/n (Loom assumption, illustrative; the estimators'
// accuracy at n = 4096 is tested on the Ishigami function).
// Supports k <= 1833 (Boost's table has 3667 dimensions). Deterministic.
DesignMatrix saltelli_design(std::size_t n_base, std::size_t k);

// Morris trajectories: r trajectories of k + 1 points each on the grid
// {0, 1/(p-1), ..., 1}. A trajectory starts at a random grid point, then
// moves one factor at a time, in a random order, by +-delta with
// delta = p / (2 (p - 1)); every factor moves exactly once, and the
// direction is random per factor (its start is chosen so the step stays in
// [0, 1]). p must be even and >= 2 (std::invalid_argument otherwise).
// Trajectories are drawn independently; the optimised selection of
// Campolongo et al. (2007) is not done (a possible refinement).
DesignMatrix morris_design(std::size_t r, std::size_t k, std::size_t p, std::uint64_t seed);
double morris_delta(std::size_t p);

// The level (0..levels-1) that coordinate u selects: min(levels - 1,
// floor(u * levels)), so each level owns an equal share of [0, 1].
std::size_t level_of(double u, std::size_t levels);
// Linear map of u in [0, 1] to [min, max].
double scale(double u, double min, double max);

// Everything that fixes a design, so the number of rows can be known (and
// checked) before any is generated.
struct DesignRequest {
  DesignKind kind = DesignKind::kLhs;
  std::size_t samples = 0;               // lhs points; sobol base samples; morris trajectories
  std::size_t factors = 0;               // k
  std::vector<std::size_t> grid_levels;  // grid: one entry per factor
  std::size_t morris_levels = 4;         // morris: p
  std::uint64_t seed = 0;                // lhs and morris
};

// Rows of the design: grid prod(levels), lhs samples, sobol samples (k + 2),
// morris samples (k + 1). Throws std::invalid_argument for an invalid
// request (the same checks as make_design) or more than 2^63 rows.
std::uint64_t design_rows(const DesignRequest& request);
std::uint64_t design_rows(DesignKind kind, std::size_t samples, std::size_t k,
                          const std::vector<std::size_t>& grid_levels = {});
DesignMatrix make_design(const DesignRequest& request);

}  // namespace loom
