#include "models/catalog/march_runner.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <cstdio>

#include "sim/run/run_estimate.hpp"
#include "sim/run/run_loop.hpp"

namespace loom {

std::vector<double> parse_value_list(const std::string& text) {
  const auto number = [&](const std::string& s) {
    std::size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || s.empty())
      throw std::invalid_argument("'" + s + "' is not a number in '" + text + "'");
    return v;
  };
  std::vector<double> values;
  if (text.find(':') != std::string::npos) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
    if (parts.size() != 3)
      throw std::invalid_argument("a range is start:stop:step, not '" + text + "'");
    const double start = number(parts[0]), stop = number(parts[1]), step = number(parts[2]);
    if (!(step > 0) || stop < start) throw std::invalid_argument("range '" + text + "' is empty");
    // Count steps with a tolerance so 0.1:0.9:0.1 includes 0.9.
    const auto count = static_cast<int>(std::floor((stop - start) / step + 1e-9)) + 1;
    for (int i = 0; i < count; ++i) values.push_back(std::round((start + i * step) * 1e12) / 1e12);
  } else {
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) values.push_back(number(part));
  }
  for (double v : values) {
    if (v < 0 || v > 1)
      throw std::invalid_argument("probability " + std::to_string(v) + " is outside 0 to 1");
  }
  return values;
}

namespace {

// Iterations of a cell per unit: small enough to balance two cores, large
// enough that handing out a unit costs nothing next to running it.
constexpr std::size_t kBlock = 64;

// Sums each cell's iterations as units arrive (in plan order, so in the
// same order as one thread would: the sums are bit-identical for any thread
// count). Memory: four sums per cell, whatever the number of iterations.
class MarchGridSink final : public RunSink {
 public:
  explicit MarchGridSink(std::size_t cells) : sums_(cells) {}
  void on_unit_done(const PlanUnit& unit, RunOutput&& out) override {
    Sums& s = sums_[unit.point];
    // A unit's series holds (code, individual, periods) per iteration.
    for (std::size_t i = 0; i + 2 < out.series.size(); i += 3) {
      s.sum += out.series[i];
      s.sum_sq += out.series[i] * out.series[i];
      s.individual += out.series[i + 1];
      s.periods += out.series[i + 2];
    }
  }
  struct Sums {
    double sum = 0, sum_sq = 0, individual = 0, periods = 0;
  };
  const std::vector<Sums>& sums() const { return sums_; }

 private:
  std::vector<Sums> sums_;
};

}  // namespace

MarchGridResult run_march_grid(const MarchGridRequest& q) {
  const std::size_t cells = q.p1.size() * q.p2.size();
  const auto iterations = static_cast<std::size_t>(q.iterations);
  const std::size_t blocks = (iterations + kBlock - 1) / kBlock;
  // The plan: one point per cell, one unit per block of kBlock iterations.
  std::vector<MarchParams> params;
  std::vector<PlanPoint> points;
  for (std::size_t c = 0; c < cells; ++c) {
    MarchParams p = q.base;
    p.p1 = q.p1[c / q.p2.size()];
    p.p2 = q.p2[c % q.p2.size()];
    params.push_back(p);
    char text[256];
    std::snprintf(text, sizeof text,
                  "p1 = %.17g\np2 = %.17g\np3 = %.17g\np4 = %.17g\nperiods = %d\n"
                  "dimensions = %d\npeople = %d\niterations = %d\nblock = %zu\n",
                  p.p1, p.p2, p.p3, p.p4, p.periods, p.dimensions, p.people, q.iterations, kBlock);
    points.push_back({"cell" + std::to_string(c), "march-grid", text, q.seed, blocks});
  }
  const RunPlan plan(std::move(points));
  const UnitRunner run = [&](const PlanUnit& unit) {
    RunOutput out;
    const std::size_t b = unit.replicate;
    for (std::size_t i = b * kBlock; i < std::min(iterations, (b + 1) * kBlock); ++i) {
      const MarchResult x = run_march(params[unit.point], q.seed, i);
      out.series.insert(out.series.end(),
                        {x.code_knowledge, x.individual_knowledge, static_cast<double>(x.periods)});
    }
    return out;
  };
  // The sink keeps four sums per cell, nothing per unit.
  EstimateOptions estimate_options;
  estimate_options.threads = q.threads;
  RunEstimate estimate = estimate_run(plan, run, estimate_options);
  check_estimate(estimate, kDefaultTimeLimitSeconds, q.force);
  MarchGridSink sink(cells);
  ProgressObserver progress("march", q.progress);
  LoopOptions options;
  options.threads = q.threads;
  options.observers = {&progress};
  execute(plan, reusing_measured(estimate, run), sink, options);  // measured units run once
  MarchGridResult r;
  r.plan_hash = plan.hash();
  for (const auto& s : sink.sums()) {
    const double n = static_cast<double>(iterations);
    const double mean = s.sum / n;
    const double variance = n > 1 ? std::max(0.0, (s.sum_sq - n * mean * mean) / (n - 1)) : 0.0;
    r.knowledge.push_back(mean);
    r.knowledge_se.push_back(std::sqrt(variance / n));
    r.individual.push_back(s.individual / n);
    r.periods.push_back(s.periods / n);
  }
  return r;
}

}  // namespace loom
