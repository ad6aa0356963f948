#include "viewer/data/calibration_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "models/catalog/model_catalog.hpp"
#include "sim/output/hdf5_file.hpp"
#include "viewer/data/metric_labels.hpp"
#include "viewer/data/results_file.hpp"

namespace loom::viewer {
namespace {

std::string number(double v, const char* format = "%.3g") {
  if (!std::isfinite(v)) return "n/a";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

// 102136 -> "102,136": run counts in a sentence.
std::string count(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (auto at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
  return digits;
}

std::string percent(double share) {
  return number(100.0 * share, share < 0.01 ? "%.2g%%" : "%.0f%%");
}

// The parameter table's plain label and unit for "section.key" of `model`;
// the key itself when the model or the parameter is unknown (a file from
// another version of Loom still opens).
void describe(Model* model, ParameterFit& p) {
  p.label = p.key;
  if (!model) return;
  if (const ParameterRef found = find_parameter(model->sections(), p.key)) {
    if (!found.info->label.empty()) p.label = std::string(found.info->label);
    p.unit = std::string(found.info->unit);
  }
}

// "outcome_mean@year5" -> the output's plain label, ", year 5".
void describe(const CalibrationTarget& t, TargetFit& out) {
  const auto at = t.name.find('@');
  const MetricText text = metric_text(t.name.substr(0, at));
  out.label = text.label;
  out.unit = text.unit;
  if (at != std::string::npos) {
    std::string when = t.name.substr(at + 1);
    const auto digit = when.find_first_of("0123456789");
    if (digit != std::string::npos && digit > 0) when.insert(digit, " ");
    out.label += ", " + when;
  }
  if (t.minus_baseline) out.label += " (against the baseline)";
}

PairPoints points_of(const std::vector<const AbcParticle*>& particles, std::size_t i,
                     std::size_t j) {
  PairPoints out;
  double total = 0.0;
  for (const AbcParticle* p : particles) {
    if (i >= p->theta.size() || j >= p->theta.size()) continue;
    out.x.push_back(p->theta[i]);
    out.y.push_back(p->theta[j]);
    out.weight.push_back(p->weight);
    total += p->weight;
  }
  const auto n = static_cast<double>(out.weight.size());
  for (double& w : out.weight) {
    w = total > 0.0 ? w / total : 1.0 / n;
    out.relative.push_back(w * n);
  }
  return out;
}

}  // namespace

bool is_calibration_file(const std::filesystem::path& path) {
  try {
    const Hdf5Reader in(path);
    return in.has_attribute("/calibration", "format") &&
           in.string_attribute("/calibration", "format") == "loom-calibration-1";
  } catch (...) {
    return false;
  }
}

std::size_t posterior_bins(double ess, double q05, double q95, double min, double max) {
  constexpr double kFewest = 8.0, kMost = 80.0;
  const double range = max - min;
  const double spread = q95 - q05;
  if (!(range > 0.0) || !(spread > 0.0) || !(ess >= 1.0)) return static_cast<std::size_t>(kFewest);
  const double across_spread = 2.0 * std::cbrt(ess);  // the Rice rule
  const double bins = std::ceil(across_spread * range / spread);
  return static_cast<std::size_t>(std::clamp(bins, kFewest, kMost));
}

CalibrationModel::CalibrationModel(const std::filesystem::path& path) {
  try {
    record_ = read_calibration_file(path);
  } catch (const std::exception& e) {
    // read_calibration_file names the file for a foreign one; HDF5's own
    // errors (a damaged or truncated file) do not always.
    const std::string what = e.what();
    throw ResultsError(what.find(path.string()) == std::string::npos
                           ? path.string() + ": not a readable Loom calibration file (" + what + ")"
                           : what);
  }
  if (record_.priors.empty())
    throw ResultsError(path.string() + ": the calibration file lists no parameters");

  const AbcGeneration* post = record_.posterior();
  // The effective sample size the calibration stored with the population
  // (1 / sum W^2 of its normalised weights; abc_smc.hpp).
  const double ess = post ? post->ess : 0.0;
  const auto summaries = record_.posterior_summaries();
  std::unique_ptr<Model> model;  // only for the parameters' words
  try {
    model = make_model(record_.model);
  } catch (const std::exception&) {
    // A model this Loom does not know: the keys are label enough.
  }

  for (std::size_t k = 0; k < record_.priors.size(); ++k) {
    ParameterFit p;
    p.prior = record_.priors[k];
    p.key = p.prior.key;
    describe(model.get(), p);
    const double lo = p.prior.min, hi = p.prior.max, width = hi - lo;
    for (std::size_t c = 0; c < kPriorGridCells; ++c) {
      const double x = lo + width * (static_cast<double>(c) + 0.5) / kPriorGridCells;
      p.grid.push_back(x);
      p.prior_density.push_back(p.prior.density(x));
    }
    p.prior_q05 = p.prior.quantile(0.05);
    p.prior_q95 = p.prior.quantile(0.95);
    if (post && k < summaries.size() && !post->particles.empty() && width > 0.0) {
      p.posterior = summaries[k];
      const std::size_t bins = posterior_bins(ess, p.posterior.q05, p.posterior.q95, lo, hi);
      for (std::size_t b = 0; b <= bins; ++b)
        p.edges.push_back(lo + width * static_cast<double>(b) / static_cast<double>(bins));
      std::vector<double> mass(bins, 0.0);
      double total = 0.0;
      for (const auto& particle : post->particles) {
        const double x = particle.theta[k];
        if (!std::isfinite(x) || !(particle.weight > 0.0)) continue;
        // Proposals outside the prior's support are drawn again (abc_smc.hpp),
        // so every particle is in [min, max]; the clamp only puts x == max
        // into the last bin.
        const auto bin = static_cast<std::size_t>(
            std::clamp(std::floor((x - lo) / width * static_cast<double>(bins)), 0.0,
                       static_cast<double>(bins - 1)));
        mass[bin] += particle.weight;
        total += particle.weight;
      }
      const double bin_width = width / static_cast<double>(bins);
      for (const double m : mass)
        p.posterior_density.push_back(total > 0.0 ? m / (total * bin_width) : 0.0);
    } else {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      p.posterior = {nan, nan, nan, nan, nan};
    }
    parameters_.push_back(std::move(p));
  }

  const auto predictions = record_.target_predictions();
  for (std::size_t t = 0; t < record_.targets.size(); ++t) {
    const CalibrationTarget& target = record_.targets[t];
    TargetFit fit;
    fit.name = target.name;
    fit.source = target.source;
    fit.minus_baseline = target.minus_baseline;
    fit.observed = target.value;
    fit.sd = target.sd;
    describe(target, fit);
    const auto& prediction = predictions[t];
    fit.particles = prediction.particles;
    fit.mean = prediction.summary.mean;
    fit.q05 = prediction.summary.q05;
    fit.q95 = prediction.summary.q95;
    targets_.push_back(std::move(fit));
  }
}

PairPoints CalibrationModel::pair(std::size_t i, std::size_t j) const {
  std::vector<const AbcParticle*> particles;
  if (const AbcGeneration* post = posterior())
    for (const auto& p : post->particles) particles.push_back(&p);
  return points_of(particles, i, j);
}

PairPoints CalibrationModel::design_points(std::size_t i, std::size_t j) const {
  std::vector<const AbcParticle*> particles;
  if (history_matching()) {
    // The waves' designs are the incomplete generations (posterior_file.hpp).
    for (const auto& g : record_.generations)
      if (!g.complete)
        for (const auto& p : g.particles) particles.push_back(&p);
  }
  return points_of(particles, i, j);
}

std::string CalibrationModel::method_line() const {
  const CalibrationRecord& r = record_;
  const AbcGeneration* post = posterior();
  const std::string runs = count(r.runs) + " model runs";
  std::string line;
  if (history_matching()) {
    // The waves' shares in the same sentence: on a projector every line
    // taken here is one fewer for the plots.
    const std::size_t waves = r.waves.size();
    line = "fitted by history matching: " + std::to_string(waves) +
           (waves == 1 ? " wave" : " waves") + " of " + runs +
           " ruled out the settings whose simulations are over " + number(r.cutoff) +
           " sd from a published pattern, leaving " + waves_line() + " of them; ";
    line += post ? "shown: " + std::to_string(post->particles.size()) +
                       " check runs in what is left, weighing the same."
                 : "nothing is left.";
  } else {
    line = "fitted by ABC-SMC (approximate Bayesian computation): ";
    line += post ? std::to_string(post->particles.size()) + " settings kept from " + runs +
                       ", their simulations on average " + number(post->tolerance) +
                       " sd from the published patterns."
                 : "no generation reached " + std::to_string(r.particles) + " settings after " +
                       runs + ", so there is no posterior yet.";
  }
  if (!r.complete) line += " Unfinished: a checkpoint, or stopped before its end.";
  return line;
}

std::string CalibrationModel::waves_line() const {
  if (!history_matching() || record_.waves.empty()) return "";
  std::string line = "100%";
  for (const auto& w : record_.waves) line += " \u2192 " + percent(w.nroy_fraction);
  return line;
}

}  // namespace loom::viewer
