// The Ishigami function as a model (Ishigami & Homma 1990): a test problem
// for sensitivity analysis whose Sobol indices are known in closed form, so
// `loom sweep` + `loom analyze` can be checked against exact numbers.
//
//   y = sin(x1) + a sin^2(x2) + b x3^4 sin(x1),  x1..x3 on [-pi, pi]
//
// With a = 7, b = 0.1: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
// A run has no time series and no randomness: every replicate gives the
// same y (replicates exist only so the sweep machinery is exercised as for
// a stochastic model).
#include <cmath>
#include <numbers>

#include "sim/run/model.hpp"

namespace loom {
namespace {

struct IshigamiParams {
  double x1 = 0.0, x2 = 0.0, x3 = 0.0;
  double a = 7.0, b = 0.1;
};

const ParameterTable<IshigamiParams>& ishigami_table() {
  static const ParameterTable<IshigamiParams> table = [] {
    ParameterTable<IshigamiParams> t{"ishigami", "Ishigami test function", {}, {}};
    const std::string_view source = "Ishigami & Homma 1990";
    constexpr double pi = std::numbers::pi;
    t.add(&IshigamiParams::x1, {"x1", ValueKind::kReal, 0, -pi, pi, "", "Input x1",
                                "First input of the test function", source});
    t.add(&IshigamiParams::x2, {"x2", ValueKind::kReal, 0, -pi, pi, "", "Input x2",
                                "Second input of the test function", source});
    t.add(&IshigamiParams::x3, {"x3", ValueKind::kReal, 0, -pi, pi, "", "Input x3",
                                "Third input of the test function", source});
    t.add(&IshigamiParams::a,
          {"a", ValueKind::kReal, 7, 0, 100, "", "Coefficient a", "Weight of sin^2(x2)", source});
    t.add(&IshigamiParams::b, {"b", ValueKind::kReal, 0.1, 0, 10, "", "Coefficient b",
                               "Weight of x3^4 sin(x1)", source});
    return t;
  }();
  return table;
}

class IshigamiModel final : public Model {
 public:
  IshigamiModel() : params_(ishigami_table().defaults()), section_(ishigami_table(), params_) {}
  std::vector<ParameterSection*> sections() override { return {&section_}; }
  OutputLayout layout() const override { return {"none", 0, {}, {"y"}, false, 0}; }
  RunOutput run(std::uint64_t /*seed*/, std::uint64_t /*replicate*/) const override {
    const auto& p = params_;
    const double s2 = std::sin(p.x2);
    const double x3_4 = p.x3 * p.x3 * p.x3 * p.x3;
    RunOutput out;
    out.summary = {std::sin(p.x1) + p.a * s2 * s2 + p.b * x3_4 * std::sin(p.x1)};
    return out;
  }

 private:
  IshigamiParams params_;
  BoundSection<IshigamiParams> section_;
};

}  // namespace

std::unique_ptr<Model> make_ishigami_model() {
  return std::make_unique<IshigamiModel>();
}

}  // namespace loom
