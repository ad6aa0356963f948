// Writes a sweep results file in the layout `loom sweep` writes
// (sim/experiments/sweep_analysis.hpp), for the tests and the benchmark of
// `loom analyze`, with the Ishigami function (Ishigami & Homma 1990; a = 7,
// b = 0.1, x on [-pi, pi]) as the model, so results have known answers:
//
//   loom_sweep_fixture OUT.h5 DESIGN SAMPLES REPLICATES [--incomplete] [--mixed]
//                      [--noise SD]
//
// DESIGN is grid | lhs | sobol | morris (grid: SAMPLES levels per factor;
// morris: 4 levels). Each replicate's y is the function plus normal noise of
// SD 0.1 (--noise: another SD; keyed by unit), so replicates differ and their mean is what the
// analysis sees; `constant` is 1 in every run. --mixed adds a categorical
// factor demo.mode (levels "low", "high": +2 for high) and an integer
// factor demo.count (1..5: +0.5 each). --incomplete marks /sweep as not
// complete.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

#include "sim/core/random_stream.hpp"
#include "sim/experiments/experiment_design.hpp"
#include "sim/output/hdf5_file.hpp"

using namespace loom;

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: %s OUT.h5 grid|lhs|sobol|morris SAMPLES REPLICATES [--incomplete] "
                 "[--mixed] [--noise SD]\n",
                 argv[0]);
    return 2;
  }
  const std::string out = argv[1];
  const DesignKind kind = parse_design_kind(argv[2]);
  const auto samples = static_cast<std::size_t>(std::stoull(argv[3]));
  const auto replicates = static_cast<std::size_t>(std::stoull(argv[4]));
  bool incomplete = false, mixed = false;
  double noise_sd = 0.1;
  for (int i = 5; i < argc; ++i) {
    incomplete |= std::strcmp(argv[i], "--incomplete") == 0;
    mixed |= std::strcmp(argv[i], "--mixed") == 0;
    if (std::strcmp(argv[i], "--noise") == 0 && i + 1 < argc) noise_sd = std::stod(argv[++i]);
  }
  std::vector<std::string> factors{"ishigami.x1", "ishigami.x2", "ishigami.x3"};
  if (mixed) {
    factors.push_back("demo.mode");
    factors.push_back("demo.count");
  }
  const std::size_t k = factors.size();
  DesignRequest q;
  q.kind = kind;
  q.samples = samples;
  q.factors = k;
  q.grid_levels.assign(k, samples);
  q.morris_levels = 4;
  q.seed = 2026;
  const DesignMatrix d = make_design(q);

  // Points: natural values and unit coordinates.
  const double pi = std::numbers::pi;
  const std::vector<std::string> modes{"low", "high"};
  std::vector<std::int64_t> point_ids(d.rows);
  std::vector<std::vector<double>> x(3, std::vector<double>(d.rows)), u(k);
  std::vector<std::string> mode(d.rows);
  std::vector<std::int64_t> count(d.rows);
  std::vector<double> f(d.rows);
  for (std::size_t r = 0; r < d.rows; ++r) {
    point_ids[r] = static_cast<std::int64_t>(r);
    for (std::size_t c = 0; c < 3; ++c) x[c][r] = scale(d.at(r, c), -pi, pi);
    f[r] = std::sin(x[0][r]) + 7.0 * std::pow(std::sin(x[1][r]), 2) +
           0.1 * std::pow(x[2][r], 4) * std::sin(x[0][r]);
    if (mixed) {
      const std::size_t level = level_of(d.at(r, 3), 2);
      mode[r] = modes[level];
      count[r] = 1 + static_cast<std::int64_t>(level_of(d.at(r, 4), 5));
      f[r] += 2.0 * static_cast<double>(level) + 0.5 * static_cast<double>(count[r]);
    }
    for (std::size_t c = 0; c < k; ++c) u[c].push_back(d.at(r, c));
  }
  std::vector<TableColumn> points{{"point", point_ids}};
  for (std::size_t c = 0; c < 3; ++c) points.push_back({factors[c], x[c]});
  if (mixed) {
    points.push_back({"demo.mode", mode});
    points.push_back({"demo.count", count});
  }
  for (std::size_t c = 0; c < k; ++c) points.push_back({"u:" + factors[c], u[c]});

  // Runs in unit order: unit = point * replicates + replicate.
  std::vector<std::int64_t> unit, point, replicate;
  std::vector<double> y, constant;
  for (std::size_t p = 0; p < d.rows; ++p) {
    for (std::size_t rep = 0; rep < replicates; ++rep) {
      const std::size_t id = p * replicates + rep;
      StreamKey key;
      key.seed = 2026;
      key.run = id;
      key.purpose = static_cast<Purpose>(4242);  // test noise only
      RandomStream noise(key);
      unit.push_back(static_cast<std::int64_t>(id));
      point.push_back(static_cast<std::int64_t>(p));
      replicate.push_back(static_cast<std::int64_t>(rep));
      y.push_back(f[p] + noise_sd * noise.normal());
      constant.push_back(1.0);
    }
  }
  const std::vector<TableColumn> runs{
      {"unit", unit}, {"point", point}, {"replicate", replicate}, {"y", y}, {"constant", constant}};

  Hdf5Writer w(out);
  w.create_group("/sweep");
  w.attribute("/sweep", "format", std::string("loom-sweep-1"));
  w.attribute("/sweep", "design", std::string(design_kind_name(kind)));
  w.attribute("/sweep", "samples", static_cast<std::int64_t>(samples));
  w.attribute("/sweep", "replicates", static_cast<std::int64_t>(replicates));
  if (kind == DesignKind::kMorris) w.attribute("/sweep", "morris_levels", std::int64_t{4});
  w.attribute("/sweep", "plan_hash", std::uint64_t{0x1234abcd});
  w.strings("/sweep/factor_names", factors);
  w.table("/sweep/points", points);
  w.table("/sweep/runs", runs);
  w.attribute("/sweep", "complete", std::int64_t{incomplete ? 0 : 1});
  w.commit();
  std::printf("%s: %zu points x %zu replicates\n", out.c_str(), d.rows, replicates);
  return 0;
}
