// A linear Gaussian toy: a model whose calibration has a known answer, so
// `loom calibrate` can be checked against exact posteriors (issue 21; the
// role the Ishigami function plays for sensitivity analysis).
//
//   y_k = theta1 + w_k theta2 + noise_sd * e_k,   w = (0, 1/4, 1/2, 3/4, 1),
//
// with e_k independent standard normal draws per run. With R replicates the
// mean of y_k is normal with mean theta1 + w_k theta2 and variance
// noise_sd^2 / R, so the exact posterior of (theta1, theta2) under a flat
// prior is that of a linear regression (docs/calibration.md). theta1 moves
// every output; theta2 only tilts them, so it is the less identified.
#include <array>
#include <cmath>

#include "sim/core/random_stream.hpp"
#include "sim/run/model.hpp"

namespace loom {
namespace {

// The toy's one random stream (numbers above the school's, March's and the
// network's, below the engine's designs: random_purposes_test).
inline constexpr Purpose kGaussianNoise{900};
constexpr std::array kTilt{0.0, 0.25, 0.5, 0.75, 1.0};

struct GaussianParams {
  double theta1 = 0.0, theta2 = 0.0, noise_sd = 1.0;
};

const ParameterTable<GaussianParams>& gaussian_table() {
  static const ParameterTable<GaussianParams> table = [] {
    ParameterTable<GaussianParams> t{
        "gaussian", "Linear Gaussian toy (calibration checks)", {}, {}};
    const std::string_view source = "Loom assumption, illustrative (a test problem)";
    t.add(&GaussianParams::theta1, {"theta1", ValueKind::kReal, 0, -10, 10, "", "Level",
                                    "Shifts every output y1..y5 by the same amount", source});
    t.add(&GaussianParams::theta2,
          {"theta2", ValueKind::kReal, 0, -10, 10, "", "Tilt",
           "Adds w_k theta2 to output y_k, w = 0, 1/4, 1/2, 3/4, 1", source});
    t.add(&GaussianParams::noise_sd,
          {"noise_sd", ValueKind::kReal, 1, 0, 10, "", "Noise",
           "Standard deviation of each output's noise in one run", source});
    return t;
  }();
  return table;
}

class GaussianModel final : public Model {
 public:
  GaussianModel() : params_(gaussian_table().defaults()), section_(gaussian_table(), params_) {}
  std::vector<ParameterSection*> sections() override { return {&section_}; }
  OutputLayout layout() const override {
    return {"none", 0, {}, {"y1", "y2", "y3", "y4", "y5"}, false, 0};
  }
  RunOutput run(std::uint64_t seed, std::uint64_t replicate) const override {
    StreamKey key;
    key.seed = seed;
    key.run = replicate;
    key.purpose = kGaussianNoise;
    RandomStream noise(key);
    RunOutput out;
    for (const double w : kTilt)
      out.summary.push_back(params_.theta1 + w * params_.theta2 +
                            params_.noise_sd * noise.normal());
    return out;
  }

 private:
  GaussianParams params_;
  BoundSection<GaussianParams> section_;
};

}  // namespace

std::unique_ptr<Model> make_gaussian_model() {
  return std::make_unique<GaussianModel>();
}

}  // namespace loom
