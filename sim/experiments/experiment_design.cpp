#include "sim/experiments/experiment_design.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sim/core/random_stream.hpp"

namespace loom {
namespace {

constexpr std::uint64_t kMaxRows = std::uint64_t{1} << 63;
// Boost's default Sobol table (Joe & Kuo directions, polynomials < 2^16).
constexpr std::size_t kMaxSobolDimensions = 3667;

std::uint64_t checked_product(std::uint64_t a, std::uint64_t b, const char* what) {
  if (a != 0 && b > kMaxRows / a)
    throw std::invalid_argument(std::string(what) + ": the design would have more than 2^63 rows");
  return a * b;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

void check_counts(const char* design, std::size_t n, const char* n_name, std::size_t k) {
  require(n >= 1, std::string(design) + " design: " + n_name + " must be at least 1");
  require(k >= 1, std::string(design) + " design: needs at least 1 factor");
  require(k <= std::numeric_limits<std::uint32_t>::max(),
          std::string(design) + " design: at most 2^32 - 1 factors");
}

void check_morris_levels(std::size_t p) {
  require(p >= 2 && p % 2 == 0,
          "morris design: levels p must be even and at least 2 (got " + std::to_string(p) + ")");
}

RandomStream design_stream(std::uint64_t seed, std::uint32_t purpose, std::uint32_t entity) {
  StreamKey key;
  key.seed = seed;
  key.entity = entity;
  key.purpose = static_cast<Purpose>(purpose);
  return RandomStream(key);
}

// Fisher-Yates shuffle of 0..n-1 (n < 2^32, checked by the callers).
std::vector<std::uint32_t> permutation(std::size_t n, RandomStream& stream) {
  std::vector<std::uint32_t> p(n);
  std::iota(p.begin(), p.end(), 0u);
  for (std::size_t i = n; i > 1; --i) {
    const std::uint32_t j = stream.below(static_cast<std::uint32_t>(i));
    std::swap(p[i - 1], p[j]);
  }
  return p;
}

}  // namespace

DesignKind parse_design_kind(std::string_view text) {
  if (text == "grid") return DesignKind::kGrid;
  if (text == "lhs") return DesignKind::kLhs;
  if (text == "sobol") return DesignKind::kSobol;
  if (text == "morris") return DesignKind::kMorris;
  throw std::invalid_argument("unknown design '" + std::string(text) +
                              "' (allowed: grid, lhs, sobol, morris)");
}

const char* design_kind_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::kGrid:
      return "grid";
    case DesignKind::kLhs:
      return "lhs";
    case DesignKind::kSobol:
      return "sobol";
    case DesignKind::kMorris:
      return "morris";
  }
  return "?";
}

DesignMatrix grid_design(const std::vector<std::size_t>& levels) {
  const std::uint64_t rows = design_rows(DesignKind::kGrid, 0, levels.size(), levels);
  DesignMatrix d;
  d.rows = static_cast<std::size_t>(rows);
  d.cols = levels.size();
  d.u.resize(d.rows * d.cols);
  // Row r written in mixed radix, the last factor the fastest digit.
  for (std::size_t r = 0; r < d.rows; ++r) {
    std::size_t rest = r;
    for (std::size_t c = d.cols; c-- > 0;) {
      const std::size_t level = rest % levels[c];
      rest /= levels[c];
      d.u[r * d.cols + c] = (static_cast<double>(level) + 0.5) / static_cast<double>(levels[c]);
    }
  }
  return d;
}

DesignMatrix lhs_design(std::size_t n, std::size_t k, std::uint64_t seed) {
  check_counts("lhs", n, "samples", k);
  require(n <= std::numeric_limits<std::uint32_t>::max(), "lhs design: at most 2^32 - 1 samples");
  DesignMatrix d;
  d.rows = n;
  d.cols = k;
  d.u.resize(n * k);
  const double width = 1.0 / static_cast<double>(n);
  for (std::size_t c = 0; c < k; ++c) {
    // One stream per column: a column does not change when factors are
    // added after it.
    RandomStream stream = design_stream(seed, kLhsPurpose, static_cast<std::uint32_t>(c));
    const auto strata = permutation(n, stream);
    for (std::size_t r = 0; r < n; ++r) {
      const double u = (static_cast<double>(strata[r]) + stream.uniform()) * width;
      d.u[r * k + c] = std::min(u, 1.0);
    }
  }
  return d;
}

DesignMatrix saltelli_design(std::size_t n_base, std::size_t k) {
  check_counts("sobol", n_base, "samples", k);
  require(2 * k <= kMaxSobolDimensions,
          "sobol design: at most " + std::to_string(kMaxSobolDimensions / 2) +
              " factors (Boost's Sobol table has " + std::to_string(kMaxSobolDimensions) +
              " dimensions, the design needs 2 per factor)");
  const std::uint64_t rows = design_rows(DesignKind::kSobol, n_base, k);
  DesignMatrix d;
  d.rows = static_cast<std::size_t>(rows);
  d.cols = k;
  d.u.resize(d.rows * k);
  // Boost's engine starts at the sequence's second point (see the header).
  boost::random::sobol engine(2 * k);
  std::vector<double> point(2 * k);
  for (std::size_t j = 0; j < n_base; ++j) {
    // 64-bit integers; the top 53 bits give a double in [0, 1) exactly.
    for (auto& x : point) x = static_cast<double>(engine() >> 11) * 0x1.0p-53;
    const std::size_t first = j * (k + 2);
    double* a = &d.u[first * k];
    double* b = &d.u[(first + k + 1) * k];
    for (std::size_t c = 0; c < k; ++c) {
      a[c] = point[c];
      b[c] = point[k + c];
    }
    for (std::size_t i = 0; i < k; ++i) {
      double* ab = &d.u[(first + 1 + i) * k];
      std::copy(a, a + k, ab);
      ab[i] = b[i];
    }
  }
  return d;
}

double morris_delta(std::size_t p) {
  check_morris_levels(p);
  return static_cast<double>(p) / (2.0 * static_cast<double>(p - 1));
}

DesignMatrix morris_design(std::size_t r, std::size_t k, std::size_t p, std::uint64_t seed) {
  check_morris_levels(p);
  check_counts("morris", r, "trajectories", k);
  require(r <= std::numeric_limits<std::uint32_t>::max(),
          "morris design: at most 2^32 - 1 trajectories");
  const std::uint64_t rows = design_rows(DesignKind::kMorris, r, k);
  DesignMatrix d;
  d.rows = static_cast<std::size_t>(rows);
  d.cols = k;
  d.u.resize(d.rows * k);
  // Positions are grid level indices 0..p-1; a step moves p/2 levels, which
  // is delta on the unit scale. Working in integers keeps every point
  // exactly on the grid.
  const std::size_t step = p / 2;
  const double to_unit = 1.0 / static_cast<double>(p - 1);
  std::vector<std::size_t> level(k);
  std::vector<bool> up(k);
  for (std::size_t t = 0; t < r; ++t) {
    RandomStream stream = design_stream(seed, kMorrisPurpose, static_cast<std::uint32_t>(t));
    for (std::size_t c = 0; c < k; ++c) {
      // A lower-half level and a direction; going down starts in the upper half.
      const std::size_t low = stream.below(static_cast<std::uint32_t>(step));
      up[c] = (stream.next_u32() & 1u) != 0;
      level[c] = up[c] ? low : low + step;
    }
    const auto order = permutation(k, stream);
    const std::size_t first = t * (k + 1);
    for (std::size_t s = 0; s <= k; ++s) {
      if (s > 0) {
        const std::size_t c = order[s - 1];
        level[c] = up[c] ? level[c] + step : level[c] - step;
      }
      for (std::size_t c = 0; c < k; ++c)
        d.u[(first + s) * k + c] = static_cast<double>(level[c]) * to_unit;
    }
  }
  return d;
}

std::size_t level_of(double u, std::size_t levels) {
  if (levels == 0) throw std::invalid_argument("level_of: a factor needs at least one level");
  if (!(u > 0.0)) return 0;  // also NaN: the first level
  const double scaled = std::floor(u * static_cast<double>(levels));
  if (scaled >= static_cast<double>(levels - 1)) return levels - 1;
  return static_cast<std::size_t>(scaled);
}

double scale(double u, double min, double max) {
  return min + u * (max - min);
}

std::uint64_t design_rows(DesignKind kind, std::size_t samples, std::size_t k,
                          const std::vector<std::size_t>& grid_levels) {
  switch (kind) {
    case DesignKind::kGrid: {
      require(!grid_levels.empty(), "grid design: needs at least 1 factor");
      require(grid_levels.size() == k || k == 0,
              "grid design: one level count per factor (" + std::to_string(k) + " factors, " +
                  std::to_string(grid_levels.size()) + " level counts)");
      std::uint64_t rows = 1;
      for (const std::size_t levels : grid_levels) {
        require(levels >= 1, "grid design: every factor needs at least 1 level");
        rows = checked_product(rows, levels, "grid design");
      }
      return rows;
    }
    case DesignKind::kLhs:
      check_counts("lhs", samples, "samples", k);
      return samples;
    case DesignKind::kSobol:
      check_counts("sobol", samples, "samples", k);
      return checked_product(samples, k + 2, "sobol design");
    case DesignKind::kMorris:
      check_counts("morris", samples, "trajectories", k);
      return checked_product(samples, k + 1, "morris design");
  }
  throw std::invalid_argument("unknown design kind");
}

std::uint64_t design_rows(const DesignRequest& request) {
  if (request.kind == DesignKind::kMorris) check_morris_levels(request.morris_levels);
  return design_rows(request.kind, request.samples, request.factors, request.grid_levels);
}

DesignMatrix make_design(const DesignRequest& q) {
  switch (q.kind) {
    case DesignKind::kGrid:
      require(q.grid_levels.size() == q.factors,
              "grid design: one level count per factor (" + std::to_string(q.factors) +
                  " factors, " + std::to_string(q.grid_levels.size()) + " level counts)");
      return grid_design(q.grid_levels);
    case DesignKind::kLhs:
      return lhs_design(q.samples, q.factors, q.seed);
    case DesignKind::kSobol:
      return saltelli_design(q.samples, q.factors);
    case DesignKind::kMorris:
      return morris_design(q.samples, q.factors, q.morris_levels, q.seed);
  }
  throw std::invalid_argument("unknown design kind");
}

}  // namespace loom
