// March (1991) docking: Loom's March core against the published pattern and
// against the public reimplementation's Figure 1 grid (10,000 iterations).
#include <catch2/catch.hpp>
#include <cmath>

#include "models/catalog/march_runner.hpp"
#include "models/march/march_model.hpp"

using namespace loom;

namespace {

// Workiewicz's recreation of March (1991) after Christensen (2015), 10,000
// iterations per cell: rows p1 = 0.1 .. 0.9, columns p2 = 0.1, 0.5, 0.9.
constexpr double kReference[9][3] = {
    {0.8633, 0.9543, 0.9724}, {0.8171, 0.9088, 0.9404}, {0.8051, 0.8691, 0.9081},
    {0.8021, 0.8371, 0.8737}, {0.7994, 0.8106, 0.8401}, {0.8032, 0.7867, 0.8067},
    {0.8060, 0.7679, 0.7796}, {0.8090, 0.7540, 0.7561}, {0.8132, 0.7421, 0.7284}};

MarchGridResult grid(std::vector<double> p1, std::vector<double> p2, int iterations,
                     MarchParams base = march_parameter_table().defaults()) {
  MarchGridRequest q;
  q.p1 = std::move(p1);
  q.p2 = std::move(p2);
  q.iterations = iterations;
  q.base = base;
  q.seed = 12345;
  return run_march_grid(q);
}

}  // namespace

TEST_CASE("March docking: equilibrium knowledge matches the reference grid within sampling error",
          "[march][docking]") {
  // 2,000 iterations per cell give SE ~0.002; the reference's own SE is
  // ~sqrt(2000/10000) of ours. 4 combined SEs over 11 cells: a false alarm
  // has probability < 1e-3, while a mechanism error (e.g. direct instead of
  // gradual socialisation) moves cells by 0.02-0.05.
  const std::vector<double> p1{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  const MarchGridResult r = grid(p1, {0.5}, 2000);
  for (std::size_t i = 0; i < p1.size(); ++i) {
    const double se = r.knowledge_se[i] * std::sqrt(1.0 + 2000.0 / 10000.0);
    INFO("p1 = " << p1[i] << ", p2 = 0.5: loom " << r.knowledge[i] << ", reference "
                 << kReference[i][1]);
    CHECK(std::abs(r.knowledge[i] - kReference[i][1]) < 4 * se);
  }
  const MarchGridResult row = grid({0.1}, {0.1, 0.9}, 2000);
  for (std::size_t j = 0; j < 2; ++j) {
    const double reference = kReference[0][j == 0 ? 0 : 2];
    const double se = row.knowledge_se[j] * std::sqrt(1.2);
    INFO("p1 = 0.1, column " << j << ": loom " << row.knowledge[j] << ", reference " << reference);
    CHECK(std::abs(row.knowledge[j] - reference) < 4 * se);
  }
}

TEST_CASE("March Figure 1: knowledge falls as socialisation speeds up and rises with code learning",
          "[march][docking]") {
  const MarchGridResult r = grid({0.1, 0.2, 0.3, 0.5, 0.9}, {0.1, 0.5, 0.9}, 1000);
  const auto k = [&](int i, int j) { return r.knowledge[static_cast<std::size_t>(i * 3 + j)]; };
  const auto se = [&](int i, int j) { return r.knowledge_se[static_cast<std::size_t>(i * 3 + j)]; };
  // Falls with p1 (p2 = 0.5 and 0.9): adjacent steps differ by >= 0.03, 3 SE ~ 0.01.
  for (int j = 1; j < 3; ++j) {
    for (int i = 0; i + 1 < 5; ++i) {
      INFO("p2 column " << j << ", p1 step " << i);
      CHECK(k(i, j) - k(i + 1, j) > 3 * std::hypot(se(i, j), se(i + 1, j)));
    }
  }
  // Rises with p2 where socialisation is slow (p1 <= 0.3), as in Figure 1.
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j + 1 < 3; ++j) {
      INFO("p1 row " << i << ", p2 step " << j);
      CHECK(k(i, j + 1) - k(i, j) > 3 * std::hypot(se(i, j), se(i, j + 1)));
    }
  }
}

TEST_CASE("March: with fast socialisation, moderate turnover raises knowledge at the time limit",
          "[march][turnover]") {
  // p1 = 0.9, p2 = 0.5, 100 periods: ~0.74 without turnover, ~0.89 with
  // p3 = 0.02 (1,000 runs each, SE ~0.004); we require a gap of 5 SE.
  MarchParams base = march_parameter_table().defaults();
  base.periods = 100;
  const MarchGridResult none = grid({0.9}, {0.5}, 1000, base);
  base.p3 = 0.02;
  const MarchGridResult some = grid({0.9}, {0.5}, 1000, base);
  CHECK(some.knowledge[0] - none.knowledge[0] >
        5 * std::hypot(some.knowledge_se[0], none.knowledge_se[0]));
}

TEST_CASE("March: turbulence without turnover decays knowledge after its early peak",
          "[march][turbulence]") {
  // p4 = 0.02 flips ~0.6 dimensions a period; the converged code cannot
  // follow (no newcomers bring variety), so knowledge peaks early (~0.6 by
  // period 6) and decays toward 0 by period 100. 300 runs; SE of a mean
  // period value ~0.03, the decline is ~0.6.
  MarchParams p = march_parameter_table().defaults();
  p.p1 = 0.5;
  p.p2 = 0.5;
  p.p4 = 0.02;
  p.periods = 100;
  std::vector<double> mean(100, 0.0), series(100);
  constexpr int runs = 300;
  for (int r = 0; r < runs; ++r) {
    run_march(p, 99, static_cast<std::uint64_t>(r), series.data());
    for (int t = 0; t < 100; ++t)
      mean[static_cast<std::size_t>(t)] += series[static_cast<std::size_t>(t)] / runs;
  }
  const double peak = *std::max_element(mean.begin(), mean.begin() + 30);
  CHECK(peak > 0.4);
  CHECK(mean[99] < peak - 0.3);
  CHECK(mean[99] < mean[50]);
}

TEST_CASE("March runs without turnover or turbulence stop at equilibrium", "[march]") {
  MarchParams p = march_parameter_table().defaults();
  p.p1 = 0.3;
  for (std::uint64_t r = 0; r < 50; ++r) {
    const MarchResult x = run_march(p, 5, r);
    CHECK(x.equilibrium);
    CHECK(x.periods < p.max_periods);
  }
}
