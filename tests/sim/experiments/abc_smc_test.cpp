// ABC-SMC (sim/experiments/abc_smc.hpp) against answers known in closed form,
// with simulators written here (no model): the algorithm alone.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/core/random_stream.hpp"
#include "sim/experiments/abc_smc.hpp"

using namespace loom;

namespace {

CalibrationPrior uniform(const std::string& key, double min, double max) {
  CalibrationPrior p;
  p.key = key;
  p.min = min;
  p.max = max;
  return p;
}

CalibrationTarget target(double value, double sd) {
  CalibrationTarget t;
  t.name = "y";
  t.value = value;
  t.sd = sd;
  return t;
}

// y = mean of `replicates` draws of N(theta, noise^2), from a stream keyed
// by the proposal, as a model's runs would be.
AbcSimulator normal_mean(double noise, int replicates) {
  return [=](std::size_t g, std::uint64_t first, const std::vector<std::vector<double>>& thetas) {
    std::vector<std::vector<double>> out;
    for (std::size_t i = 0; i < thetas.size(); ++i) {
      RandomStream s(StreamKey{abc_particle_seed(7, g, first + i), 0, 0, 0, 0, Purpose{1}});
      double sum = 0.0;
      for (int r = 0; r < replicates; ++r) sum += thetas[i][0] + noise * s.normal();
      out.push_back({sum / replicates});
    }
    return out;
  };
}

std::vector<AbcGeneration> run_all(const std::vector<CalibrationPrior>& priors,
                                   const std::vector<CalibrationTarget>& targets,
                                   const AbcSettings& settings, const AbcSimulator& simulate) {
  std::vector<AbcGeneration> gens;
  for (std::size_t g = 0; g <= settings.generations; ++g)
    gens.push_back(
        abc_generation(priors, targets, settings, g, g ? &gens.back() : nullptr, simulate));
  return gens;
}

}  // namespace

TEST_CASE("ABC-SMC matches the exact ABC posterior of a normal mean", "[abc]") {
  // theta ~ U(-5, 5); the simulated mean of 4 draws of N(theta, 1) has sd
  // s = 0.5. Accepting |ybar - 1| <= h gives the posterior
  //   p(theta) ~ Phi((1 + h - theta) / s) - Phi((1 - h - theta) / s),
  // a normal of sd s convolved with a uniform of half-width h: mean 1,
  // variance s^2 + h^2 / 3 (the prior's bounds are 8 s away: no effect).
  AbcSettings settings;
  settings.particles = 1000;
  settings.generations = 6;
  settings.seed = 11;
  const std::vector<CalibrationPrior> priors{uniform("theta", -5, 5)};
  const std::vector<CalibrationTarget> targets{target(1.0, 0.1)};
  const auto gens = run_all(priors, targets, settings, normal_mean(1.0, 4));
  const AbcGeneration& last = gens.back();
  REQUIRE(last.complete);
  std::vector<double> values, weights;
  for (const auto& p : last.particles) {
    values.push_back(p.theta[0]);
    weights.push_back(p.weight);
    CHECK(p.distance <= last.tolerance);
  }
  const PosteriorSummary s = summarize(values, weights);
  const double h = last.tolerance * 0.1;
  const double exact_sd = std::sqrt(0.25 + h * h / 3.0);
  // Sampling error with an effective sample of ESS particles: the mean's SE
  // is sd / sqrt(ESS) (about 0.017 here); the sd's relative SE is about
  // 1 / sqrt(2 ESS) (about 2.3%). Four SEs leave a 1-in-15,000 false alarm.
  INFO("mean " << s.mean << " sd " << s.sd << " exact sd " << exact_sd << " ESS " << last.ess);
  CHECK(last.ess > 500.0);
  CHECK(std::abs(s.mean - 1.0) < 4.0 * exact_sd / std::sqrt(last.ess));
  CHECK(std::abs(s.sd / exact_sd - 1.0) < 4.0 / std::sqrt(2.0 * last.ess));
  // The exact quantiles (normal approximation of the convolution, good to
  // 1% of sd while h < s): 1 -+ 1.645 sd.
  CHECK(std::abs(s.q05 - (1.0 - 1.645 * exact_sd)) < 0.1);
  CHECK(std::abs(s.q95 - (1.0 + 1.645 * exact_sd)) < 0.1);
}

TEST_CASE("ABC-SMC tolerances fall, weights are normalised, the run is a pure function", "[abc]") {
  AbcSettings settings;
  settings.particles = 100;
  settings.generations = 4;
  const std::vector<CalibrationPrior> priors{uniform("theta", -5, 5)};
  const std::vector<CalibrationTarget> targets{target(-2.0, 0.5)};
  const auto a = run_all(priors, targets, settings, normal_mean(1.0, 2));
  const auto b = run_all(priors, targets, settings, normal_mean(1.0, 2));
  CHECK(std::isinf(a[0].tolerance));
  for (std::size_t g = 1; g < a.size(); ++g) {
    CHECK(a[g].tolerance < a[g - 1].tolerance);
    double total = 0.0;
    for (const auto& p : a[g].particles) total += p.weight;
    CHECK(total == Approx(1.0).epsilon(1e-12));
  }
  for (std::size_t g = 0; g < a.size(); ++g) {
    REQUIRE(a[g].particles.size() == b[g].particles.size());
    for (std::size_t i = 0; i < a[g].particles.size(); ++i) {
      CHECK(a[g].particles[i].theta == b[g].particles[i].theta);
      CHECK(a[g].particles[i].weight == b[g].particles[i].weight);
    }
  }
}

TEST_CASE("ABC-SMC never accepts a particle with a missing target, and stops short honestly",
          "[abc]") {
  AbcSettings settings;
  settings.particles = 50;
  settings.min_acceptance = 0.1;
  const std::vector<CalibrationPrior> priors{uniform("theta", 0, 1)};
  const std::vector<CalibrationTarget> targets{target(0.5, 0.1)};
  // Missing below 0.5: generation 0 accepts only the half that has a value.
  const AbcSimulator half = [](std::size_t, std::uint64_t,
                               const std::vector<std::vector<double>>& thetas) {
    std::vector<std::vector<double>> out;
    for (const auto& t : thetas) out.push_back({t[0] < 0.5 ? std::nan("") : t[0]});
    return out;
  };
  const AbcGeneration g0 = abc_generation(priors, targets, settings, 0, nullptr, half);
  REQUIRE(g0.complete);
  for (const auto& p : g0.particles) CHECK(p.theta[0] >= 0.5);
  CHECK(g0.acceptance_rate < 0.75);
  // Nothing ever has a value: the generation gives up at N / min_acceptance
  // proposals and says it is not complete.
  const AbcSimulator none = [](std::size_t, std::uint64_t,
                               const std::vector<std::vector<double>>& thetas) {
    return std::vector<std::vector<double>>(thetas.size(), {std::nan("")});
  };
  const AbcGeneration empty = abc_generation(priors, targets, settings, 0, nullptr, none);
  CHECK_FALSE(empty.complete);
  CHECK(empty.particles.empty());
  CHECK(empty.proposals == 500);
}

TEST_CASE("Beta priors: density and quantile agree, and stay inside the range", "[abc]") {
  CalibrationPrior p = uniform("x", 0.3, 0.9);
  p.shape = PriorShape::kBeta;
  p.a = 2;
  p.b = 2;
  CHECK(p.quantile(0.5) == Approx(0.6));
  CHECK(p.density(0.6) == Approx(1.5 / 0.6));  // beta(2,2) peaks at 1.5
  CHECK(p.density(0.2) == 0.0);
  // Midpoint-rule integral of the density over the range: 1.
  double total = 0.0;
  for (int i = 0; i < 1000; ++i) total += p.density(0.3 + 0.6 * (i + 0.5) / 1000) * 0.6 / 1000;
  CHECK(total == Approx(1.0).epsilon(1e-4));
}
