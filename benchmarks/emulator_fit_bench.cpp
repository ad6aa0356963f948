// loom_emulator_fit_bench: the cost of one Gaussian-process emulator
// (sim/experiments/gaussian_process.hpp) at the size history matching meets
// in 8 parameters: a fit to 500 runs, and predictions at 100,000 candidate
// points (one wave's screening of one target).
//
//   loom_emulator_fit_bench [--points N] [--dims D] [--predict M] [--threads T]
//
// The runs are a smooth test function plus noise of sd 0.05 at a Latin
// hypercube; the held-out error says the fit is a real one, not a
// degenerate fast one. Times are CPU seconds (std::clock, all threads of
// the process) and wall seconds. Output lines are CSV:
// benchmark,points,dims,threads,cpu_seconds,wall_seconds
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <numbers>

#include "sim/core/parallel_for.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/experiments/experiment_design.hpp"
#include "sim/experiments/gaussian_process.hpp"

using namespace loom;

namespace {

// Smooth in every input, with interactions and inputs of unequal weight
// (the last ones nearly inert), like a simulator's summary output.
double test_function(const Eigen::RowVectorXd& x) {
  double y = std::sin(std::numbers::pi * x[0]) + 0.5 * x[0] * x[1];
  for (Eigen::Index k = 1; k < x.size(); ++k)
    y += std::cos(2.0 * x[k] + 0.3 * static_cast<double>(k)) / static_cast<double>(k);
  return y;
}

Eigen::MatrixXd hypercube(std::size_t n, std::size_t dims, std::uint64_t seed) {
  const DesignMatrix d = lhs_design(n, dims, seed);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dims));
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < dims; ++c)
      x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = d.at(r, c);
  return x;
}

struct Timer {
  std::clock_t cpu = std::clock();
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu_seconds() const {
    return static_cast<double>(std::clock() - cpu) / static_cast<double>(CLOCKS_PER_SEC);
  }
  double wall_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  }
};

void row(const char* name, long points, long dims, int threads, const Timer& t) {
  std::printf("%s,%ld,%ld,%d,%.3f,%.3f\n", name, points, dims, threads, t.cpu_seconds(),
              t.wall_seconds());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  long points = 500, dims = 8, predict = 100000;
  int threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--points") == 0)
      points = std::atol(argv[i + 1]);
    else if (std::strcmp(argv[i], "--dims") == 0)
      dims = std::atol(argv[i + 1]);
    else if (std::strcmp(argv[i], "--predict") == 0)
      predict = std::atol(argv[i + 1]);
    else if (std::strcmp(argv[i], "--threads") == 0)
      threads = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (points < 2 || dims < 1 || predict < 1) {
    std::fprintf(stderr, "--points >= 2, --dims >= 1, --predict >= 1\n");
    return 2;
  }
  const auto n = static_cast<std::size_t>(points), d = static_cast<std::size_t>(dims);
  const Eigen::MatrixXd x = hypercube(n, d, 1);
  Eigen::VectorXd y(x.rows());
  StreamKey key;
  key.seed = 1;
  key.purpose = static_cast<Purpose>(9100);  // this benchmark's noise
  RandomStream noise(key);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    y[i] = test_function(x.row(i)) + 0.05 * noise.normal();

  std::printf("benchmark,points,dims,threads,cpu_seconds,wall_seconds\n");
  const Timer fit_timer;
  const GaussianProcess gp = GaussianProcess::fit(x, y);
  row("gp_fit", points, dims, 1, fit_timer);

  const Eigen::MatrixXd candidates = hypercube(static_cast<std::size_t>(predict), d, 2);
  const Timer predict_timer;
  const GpBatchPrediction p = gp.predict_batch(candidates, threads);
  row("gp_predict_batch", predict, dims, resolve_thread_count(threads), predict_timer);

  // Accuracy at the first 1,000 candidates: the noise sd is 0.05.
  const Eigen::Index check = std::min<Eigen::Index>(1000, candidates.rows());
  double sq = 0.0;
  for (Eigen::Index i = 0; i < check; ++i) {
    const double e = p.mean[i] - test_function(candidates.row(i));
    sq += e * e;
  }
  std::printf("# held-out rms error %.4f (noise sd 0.05); nugget %.5f (noise variance 0.0025)\n",
              std::sqrt(sq / static_cast<double>(check)), gp.nugget());
  std::printf("# length scales:");
  for (Eigen::Index k = 0; k < gp.length_scales().size(); ++k)
    std::printf(" %.3f", gp.length_scales()[k]);
  std::printf("; signal variance %.4f; log marginal likelihood %.2f; linear mean %s\n",
              gp.signal_variance(), gp.log_marginal_likelihood(), gp.linear_mean() ? "yes" : "no");
  return 0;
}
