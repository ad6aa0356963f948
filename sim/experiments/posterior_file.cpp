#include "sim/experiments/posterior_file.hpp"

#include <algorithm>
#include <cmath>

#include "sim/output/hdf5_file.hpp"
#include "sim/output/result_sinks.hpp"

namespace loom {
namespace {

constexpr const char* kGroup = "/calibration";
constexpr const char* kFormat = "loom-calibration-1";

template <class T>
const std::vector<T>& column(const std::vector<TableColumn>& table, const std::string& name) {
  for (const auto& c : table) {
    if (c.name == name) {
      if (const auto* v = std::get_if<std::vector<T>>(&c.values)) return *v;
    }
  }
  throw Hdf5Error(std::string("calibration file: no column '") + name + "' of the expected type");
}

}  // namespace

const AbcGeneration* CalibrationRecord::posterior() const {
  for (auto g = generations.rbegin(); g != generations.rend(); ++g) {
    if (g->complete) return &*g;
  }
  return nullptr;
}

std::vector<PosteriorSummary> CalibrationRecord::posterior_summaries() const {
  std::vector<PosteriorSummary> out;
  const AbcGeneration* g = posterior();
  if (!g) return out;
  std::vector<double> weights;
  for (const auto& p : g->particles) weights.push_back(p.weight);
  for (std::size_t k = 0; k < priors.size(); ++k) {
    std::vector<double> values;
    for (const auto& p : g->particles) values.push_back(p.theta[k]);
    out.push_back(summarize(values, weights));
  }
  return out;
}

std::vector<CalibrationRecord::TargetPrediction> CalibrationRecord::target_predictions() const {
  std::vector<TargetPrediction> out(targets.size());
  const AbcGeneration* g = posterior();
  for (std::size_t t = 0; t < targets.size(); ++t) {
    std::vector<double> values, weights;
    for (const auto& p : g ? g->particles : std::vector<AbcParticle>{}) {
      if (t >= p.simulated.size() || !std::isfinite(p.simulated[t])) continue;
      values.push_back(p.simulated[t]);
      weights.push_back(p.weight);
    }
    out[t].particles = values.size();
    if (values.empty()) {
      out[t].summary = {kMissing, kMissing, kMissing, kMissing, kMissing};
    } else {
      out[t].summary = summarize(values, weights);
    }
  }
  return out;
}

void write_calibration_file(const std::filesystem::path& path, const CalibrationRecord& r,
                            const std::string& command_line) {
  Hdf5Writer out(path);
  write_provenance(out, command_line);
  out.create_group(kGroup);
  const std::string g = kGroup;
  out.attribute(g, "format", std::string(kFormat));
  out.attribute(g, "method", r.method);
  out.attribute(g, "model", r.model);
  out.attribute(g, "base", r.base);
  out.attribute(g, "baseline", r.baseline);
  out.attribute(g, "seed", r.seed);
  out.attribute(g, "spec_hash", r.spec_hash);
  out.attribute(g, "replicates", r.replicates);
  out.attribute(g, "particles", r.particles);
  out.attribute(g, "runs", r.runs);
  out.attribute(g, "stop_reason", r.stop_reason);
  out.text(g + "/spec", r.spec_text);
  out.text(g + "/base_resolved", r.base_resolved);

  std::vector<std::string> names, shapes, targets, sources;
  std::vector<double> mins, maxs, as, bs, values, sds;
  std::vector<std::int64_t> minus;
  for (const auto& p : r.priors) {
    names.push_back(p.key);
    shapes.emplace_back(p.shape_name());
    mins.push_back(p.min);
    maxs.push_back(p.max);
    as.push_back(p.a);
    bs.push_back(p.b);
  }
  out.table(g + "/priors", std::vector<TableColumn>{{"parameter", names},
                                                    {"distribution", shapes},
                                                    {"min", mins},
                                                    {"max", maxs},
                                                    {"a", as},
                                                    {"b", bs}});
  for (const auto& t : r.targets) {
    targets.push_back(t.name);
    values.push_back(t.value);
    sds.push_back(t.sd);
    sources.push_back(t.source);
    minus.push_back(t.minus_baseline ? 1 : 0);
  }
  out.table(g + "/targets", std::vector<TableColumn>{{"target", targets},
                                                     {"value", values},
                                                     {"sd", sds},
                                                     {"source", sources},
                                                     {"minus_baseline", minus}});

  std::vector<std::int64_t> gen, proposals, needed, accepted, complete;
  std::vector<double> tolerance, rate, ess;
  for (const auto& x : r.generations) {
    gen.push_back(static_cast<std::int64_t>(x.index));
    tolerance.push_back(x.tolerance);
    proposals.push_back(static_cast<std::int64_t>(x.proposals));
    needed.push_back(static_cast<std::int64_t>(x.proposals_needed));
    accepted.push_back(static_cast<std::int64_t>(x.particles.size()));
    rate.push_back(x.acceptance_rate);
    ess.push_back(x.ess);
    complete.push_back(x.complete ? 1 : 0);
  }
  out.table(g + "/generations", std::vector<TableColumn>{{"generation", gen},
                                                         {"tolerance", tolerance},
                                                         {"proposals", proposals},
                                                         {"proposals_needed", needed},
                                                         {"accepted", accepted},
                                                         {"acceptance_rate", rate},
                                                         {"ess", ess},
                                                         {"complete", complete}});

  std::vector<TableColumn> particles{{"generation", std::vector<std::int64_t>{}},
                                     {"particle", std::vector<std::int64_t>{}},
                                     {"proposal", std::vector<std::int64_t>{}}};
  for (const auto& p : r.priors) particles.push_back({p.key, std::vector<double>{}});
  particles.push_back({"weight", std::vector<double>{}});
  particles.push_back({"distance", std::vector<double>{}});
  for (const auto& t : r.targets) particles.push_back({"sim:" + t.name, std::vector<double>{}});
  const std::size_t k = r.priors.size();
  const std::size_t n_targets = r.targets.size();
  const bool waves = r.method == "history-matching";
  if (waves) {
    for (const auto& p : r.priors) particles.push_back({"u:" + p.key, std::vector<double>{}});
    for (const auto& t : r.targets) particles.push_back({"var:" + t.name, std::vector<double>{}});
  }
  for (const auto& x : r.generations) {
    for (std::size_t i = 0; i < x.particles.size(); ++i) {
      const auto& p = x.particles[i];
      std::get<std::vector<std::int64_t>>(particles[0].values)
          .push_back(static_cast<std::int64_t>(x.index));
      std::get<std::vector<std::int64_t>>(particles[1].values)
          .push_back(static_cast<std::int64_t>(i));
      std::get<std::vector<std::int64_t>>(particles[2].values)
          .push_back(static_cast<std::int64_t>(p.proposal));
      for (std::size_t c = 0; c < k; ++c)
        std::get<std::vector<double>>(particles[3 + c].values).push_back(p.theta[c]);
      std::get<std::vector<double>>(particles[3 + k].values).push_back(p.weight);
      std::get<std::vector<double>>(particles[4 + k].values).push_back(p.distance);
      for (std::size_t t = 0; t < n_targets; ++t)
        std::get<std::vector<double>>(particles[5 + k + t].values).push_back(p.simulated[t]);
      if (waves) {
        const std::size_t at = 5 + k + n_targets;
        for (std::size_t c = 0; c < k; ++c)
          std::get<std::vector<double>>(particles[at + c].values)
              .push_back(p.unit.empty() ? kMissing : p.unit[c]);
        for (std::size_t t = 0; t < n_targets; ++t)
          std::get<std::vector<double>>(particles[at + k + t].values)
              .push_back(p.noise_variance.empty() ? kMissing : p.noise_variance[t]);
      }
    }
  }
  out.table(g + "/particles", particles);

  std::vector<double> mean, sd, q05, q50, q95;
  std::vector<std::string> posterior_names;
  const auto summaries = r.posterior_summaries();
  for (std::size_t c = 0; c < summaries.size(); ++c) {
    posterior_names.push_back(r.priors[c].key);
    mean.push_back(summaries[c].mean);
    sd.push_back(summaries[c].sd);
    q05.push_back(summaries[c].q05);
    q50.push_back(summaries[c].q50);
    q95.push_back(summaries[c].q95);
  }
  std::vector<double> pmin(mins.begin(), mins.begin() + static_cast<std::ptrdiff_t>(mean.size()));
  std::vector<double> pmax(maxs.begin(), maxs.begin() + static_cast<std::ptrdiff_t>(mean.size()));
  out.table(g + "/posterior", std::vector<TableColumn>{{"parameter", posterior_names},
                                                       {"mean", mean},
                                                       {"sd", sd},
                                                       {"q05", q05},
                                                       {"q50", q50},
                                                       {"q95", q95},
                                                       {"prior_min", pmin},
                                                       {"prior_max", pmax}});
  if (waves) {
    out.attribute(g, "cutoff", r.cutoff);
    std::vector<std::int64_t> wave, runs, pool, training, nroy;
    std::vector<double> fraction;
    for (const auto& w : r.waves) {
      wave.push_back(w.wave);
      runs.push_back(w.runs);
      pool.push_back(w.design_pool);
      training.push_back(w.training_points);
      nroy.push_back(w.nroy_candidates);
      fraction.push_back(w.nroy_fraction);
    }
    out.table(g + "/waves", std::vector<TableColumn>{{"wave", wave},
                                                     {"runs", runs},
                                                     {"design_pool", pool},
                                                     {"training_points", training},
                                                     {"nroy_candidates", nroy},
                                                     {"nroy_fraction", fraction}});
    std::vector<std::int64_t> ew, et;
    std::vector<std::string> target_names;
    std::vector<double> nugget, noise, within, rmse;
    for (const auto& e : r.emulators) {
      ew.push_back(e.wave);
      target_names.push_back(e.target);
      et.push_back(e.training_points);
      nugget.push_back(e.nugget);
      noise.push_back(e.mean_noise_variance);
      within.push_back(e.loo_within_3);
      rmse.push_back(e.loo_rmse);
    }
    out.table(g + "/emulators", std::vector<TableColumn>{{"wave", ew},
                                                         {"target", target_names},
                                                         {"training_points", et},
                                                         {"nugget", nugget},
                                                         {"mean_noise_variance", noise},
                                                         {"loo_within_3", within},
                                                         {"loo_rmse", rmse}});
  }
  const AbcGeneration* post = r.posterior();
  out.attribute(g, "posterior_generation",
                post ? static_cast<std::int64_t>(post->index) : std::int64_t{-1});
  out.attribute(g, "complete", std::int64_t{r.complete ? 1 : 0});
  out.commit();
}

CalibrationRecord read_calibration_file(const std::filesystem::path& path) {
  const Hdf5Reader in(path);
  const std::string g = kGroup;
  if (!in.has_attribute(g, "format") || in.string_attribute(g, "format") != kFormat)
    throw Hdf5Error(path.string() +
                    ": not a Loom calibration file (no /calibration group of "
                    "format " +
                    kFormat + ")");
  CalibrationRecord r;
  r.method = in.string_attribute(g, "method");
  r.model = in.string_attribute(g, "model");
  r.base = in.string_attribute(g, "base");
  r.baseline = in.string_attribute(g, "baseline");
  r.seed = in.unsigned_attribute(g, "seed");
  r.spec_hash = in.unsigned_attribute(g, "spec_hash");
  r.replicates = static_cast<std::int64_t>(in.number_attribute(g, "replicates"));
  r.particles = static_cast<std::int64_t>(in.number_attribute(g, "particles"));
  r.runs = in.unsigned_attribute(g, "runs");
  r.stop_reason = in.string_attribute(g, "stop_reason");
  r.complete = in.number_attribute(g, "complete") == 1.0;
  r.spec_text = in.strings(g + "/spec").at(0);
  r.base_resolved = in.strings(g + "/base_resolved").at(0);

  const auto priors = in.table(g + "/priors");
  const auto& names = column<std::string>(priors, "parameter");
  for (std::size_t i = 0; i < names.size(); ++i) {
    CalibrationPrior p;
    p.key = names[i];
    p.shape = column<std::string>(priors, "distribution")[i] == "beta" ? PriorShape::kBeta
                                                                       : PriorShape::kUniform;
    p.min = column<double>(priors, "min")[i];
    p.max = column<double>(priors, "max")[i];
    p.a = column<double>(priors, "a")[i];
    p.b = column<double>(priors, "b")[i];
    r.priors.push_back(p);
  }
  const auto targets = in.table(g + "/targets");
  const auto& target_names = column<std::string>(targets, "target");
  for (std::size_t i = 0; i < target_names.size(); ++i) {
    CalibrationTarget t;
    t.name = target_names[i];
    t.value = column<double>(targets, "value")[i];
    t.sd = column<double>(targets, "sd")[i];
    t.source = column<std::string>(targets, "source")[i];
    t.minus_baseline = column<std::int64_t>(targets, "minus_baseline")[i] == 1;
    r.targets.push_back(t);
  }
  const auto gens = in.table(g + "/generations");
  const auto& index = column<std::int64_t>(gens, "generation");
  for (std::size_t i = 0; i < index.size(); ++i) {
    AbcGeneration x;
    x.index = static_cast<std::size_t>(index[i]);
    x.tolerance = column<double>(gens, "tolerance")[i];
    x.proposals = static_cast<std::uint64_t>(column<std::int64_t>(gens, "proposals")[i]);
    x.proposals_needed =
        static_cast<std::uint64_t>(column<std::int64_t>(gens, "proposals_needed")[i]);
    x.acceptance_rate = column<double>(gens, "acceptance_rate")[i];
    x.ess = column<double>(gens, "ess")[i];
    x.complete = column<std::int64_t>(gens, "complete")[i] == 1;
    r.generations.push_back(std::move(x));
  }
  const auto particles = in.table(g + "/particles");
  const auto& pg = column<std::int64_t>(particles, "generation");
  const auto& proposal = column<std::int64_t>(particles, "proposal");
  const auto& weight = column<double>(particles, "weight");
  const auto& distance = column<double>(particles, "distance");
  for (std::size_t i = 0; i < pg.size(); ++i) {
    const auto at = std::find_if(
        r.generations.begin(), r.generations.end(),
        [&](const AbcGeneration& x) { return static_cast<std::int64_t>(x.index) == pg[i]; });
    if (at == r.generations.end()) throw Hdf5Error(path.string() + ": a particle of no generation");
    AbcParticle p;
    p.proposal = static_cast<std::uint64_t>(proposal[i]);
    for (const auto& prior : r.priors) p.theta.push_back(column<double>(particles, prior.key)[i]);
    for (const auto& t : r.targets)
      p.simulated.push_back(column<double>(particles, "sim:" + t.name)[i]);
    p.weight = weight[i];
    p.distance = distance[i];
    if (r.method == "history-matching") {
      for (const auto& prior : r.priors)
        p.unit.push_back(column<double>(particles, "u:" + prior.key)[i]);
      for (const auto& t : r.targets)
        p.noise_variance.push_back(column<double>(particles, "var:" + t.name)[i]);
    }
    at->particles.push_back(std::move(p));
  }
  if (r.method == "history-matching") {
    r.cutoff = in.number_attribute(g, "cutoff");
    const auto waves = in.table(g + "/waves");
    const auto& wave = column<std::int64_t>(waves, "wave");
    for (std::size_t i = 0; i < wave.size(); ++i)
      r.waves.push_back({wave[i], column<std::int64_t>(waves, "runs")[i],
                         column<std::int64_t>(waves, "design_pool")[i],
                         column<std::int64_t>(waves, "training_points")[i],
                         column<std::int64_t>(waves, "nroy_candidates")[i],
                         column<double>(waves, "nroy_fraction")[i]});
  }
  return r;
}

}  // namespace loom
