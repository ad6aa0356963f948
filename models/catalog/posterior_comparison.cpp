#include "models/catalog/posterior_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "sim/core/random_stream.hpp"
#include "sim/experiments/posterior_file.hpp"
#include "sim/output/unit_record.hpp"

namespace loom {
namespace {

std::string exact(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

}  // namespace

PosteriorComparison compare_over_posterior(const PosteriorComparisonRequest& q) {
  if (q.scenarios.size() < 2) throw ScenarioError("--posterior compares two or more scenarios");
  CalibrationRecord cal;
  try {
    cal = read_calibration_file(q.posterior);
  } catch (const std::exception& e) {
    throw ScenarioError("--posterior " + q.posterior.string() + ": " + e.what());
  }
  const AbcGeneration* post = cal.posterior();
  if (!post || !cal.complete)
    throw ScenarioError(
        "--posterior " + q.posterior.string() + ": the calibration has no posterior yet (" +
        (cal.complete ? cal.stop_reason : "it is a checkpoint, not finished") + ")");
  PosteriorComparison out;
  out.keys = prior_keys(cal.priors);
  out.draws = q.draws;
  out.replicates = static_cast<std::size_t>(q.request.replicates.value_or(10));
  const LoadedScenario first = load_scenario(q.scenarios.front(), q.request);
  for (const auto& s : q.scenarios) {
    const LoadedScenario plain = load_scenario(s, q.request);
    if (plain.header.model != cal.model)
      throw ScenarioError("--posterior " + q.posterior.string() + " calibrates '" + cal.model +
                          "', but " + s + " is a scenario of model '" + plain.header.model + "'");
  }
  out.seed = first.header.seed;
  out.calibration = q.posterior.filename().string() + " (" + cal.method + ", generation " +
                    std::to_string(post->index) + ", " + std::to_string(post->particles.size()) +
                    " particles)";

  // The draws: particles by weight, with replacement.
  const std::vector<double> cumulative = cumulative_weights(*post);
  StreamKey key;
  key.seed = out.seed;
  key.purpose = static_cast<Purpose>(kPosteriorDrawPurpose);
  RandomStream stream(key);
  std::vector<LoadedScenario> scenarios;
  for (std::size_t d = 0; d < q.draws; ++d) {
    const auto& theta = post->particles[pick_by_weight(cumulative, stream.uniform())].theta;
    RunRequest request = q.request;
    request.replicates = static_cast<int>(out.replicates);
    // Every draw its own random numbers; the scenarios of a draw share them.
    request.seed = fold_run(out.seed, 0xD4A3000000000000ULL + d);
    for (std::size_t k = 0; k < out.keys.size(); ++k)
      request.overrides.push_back(out.keys[k] + "=" + exact(theta[k]));
    for (const auto& s : q.scenarios) scenarios.push_back(load_scenario(s, request));
  }
  const std::size_t n_scen = q.scenarios.size();
  for (std::size_t s = 0; s < n_scen; ++s) out.ids.push_back(scenarios[s].id);
  const OutputLayout layout = first.model->layout();
  std::vector<std::size_t> fields;
  for (const auto& m : layout.headline_metrics) {
    const auto at = std::find(layout.summary.begin(), layout.summary.end(), m);
    if (at != layout.summary.end())
      fields.push_back(static_cast<std::size_t>(at - layout.summary.begin()));
  }
  if (fields.empty()) throw ScenarioError("model '" + cal.model + "' names no headline to compare");

  const RunPlan plan = make_plan(scenarios);
  out.runs = plan.unit_count();
  std::vector<std::uint64_t> units(plan.unit_count());
  std::iota(units.begin(), units.end(), std::uint64_t{0});
  LoopOptions options;
  options.threads = q.request.threads;
  std::vector<std::vector<double>> summary;  // per unit: the headline fields
  const RecordExecutor& execute = q.executor ? q.executor : RecordExecutor(execute_records);
  execute(
      plan, units, unit_runner(scenarios), UnitRecordOptions{},
      [&](std::uint64_t, std::span<const unsigned char> record) {
        const RunOutput r = decode_unit(record, nullptr);
        std::vector<double> row;
        for (const std::size_t f : fields) row.push_back(r.summary.at(f));
        summary.push_back(std::move(row));
      },
      options);
  const std::size_t reps = out.replicates;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    for (std::size_t s = 1; s < n_scen; ++s) {
      std::vector<double> diffs;
      for (std::size_t d = 0; d < q.draws; ++d) {
        double sum = 0.0;
        std::size_t n = 0;
        for (std::size_t r = 0; r < reps; ++r) {
          const double v =
              summary[((d * n_scen + s) * reps + r)][f] - summary[((d * n_scen) * reps + r)][f];
          if (!std::isnan(v)) {
            sum += v;
            ++n;
          }
        }
        if (n > 0) diffs.push_back(sum / static_cast<double>(n));
      }
      PosteriorHeadline h;
      h.field = layout.summary[fields[f]];
      h.scenario = out.ids[s];
      h.draws_with_value = diffs.size();
      if (!diffs.empty()) {
        const auto s5 = summarize(diffs, std::vector<double>(diffs.size(), 1.0));
        h.mean = s5.mean;
        h.q05 = s5.q05;
        h.q95 = s5.q95;
        h.share_above_zero = static_cast<double>(std::count_if(diffs.begin(), diffs.end(),
                                                               [](double x) { return x > 0; })) /
                             static_cast<double>(diffs.size());
      } else {
        h.mean = h.q05 = h.q95 = h.share_above_zero = kMissing;
      }
      out.rows.push_back(h);
    }
  }
  return out;
}

}  // namespace loom
