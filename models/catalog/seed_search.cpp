#include "models/catalog/seed_search.hpp"

#include <algorithm>
#include <numeric>
#include <queue>
#include <stdexcept>

#include "models/school_network/network_files.hpp"
#include "sim/input/parameter.hpp"
#include "sim/input/toml_values.hpp"
#include "sim/output/unit_record.hpp"

namespace loom {
namespace {

// The settings that make a scenario seed a given way.
using Seeding = std::vector<std::string>;

Seeding named(const std::vector<std::string>& ids) {
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ",") + id;
  return {"seeding.strategy=named", "seeding.named=" + list};
}

Seeding strategy(const std::string& name, std::size_t k) {
  return {"seeding.strategy=" + name, "seeding.schools=" + std::to_string(k)};
}

class Search {
 public:
  explicit Search(const SeedSearchRequest& q) : q_(q) {
    base_ = load_scenario(q.scenario, q.request);
    if (base_.header.model != "network")
      throw ScenarioError(q.scenario + ": choose-seeds needs a network of schools (model = " +
                          "\"network\"), not model '" + base_.header.model + "'");
    const auto& summary = base_.model->layout().summary;
    const auto at = std::find(summary.begin(), summary.end(), q.field);
    if (at == summary.end())
      throw ScenarioError("--field " + q.field + ": not a summary field of the network model" +
                          suggestion(q.field, summary));
    field_ = static_cast<std::size_t>(at - summary.begin());
    replicates_ = static_cast<std::size_t>(std::max(base_.header.replicates, 1));
    ids_ = network_ids();
  }

  const std::vector<std::string>& ids() const { return ids_; }
  std::size_t replicates() const { return replicates_; }
  std::uint64_t seed() const { return base_.header.seed; }
  std::size_t runs() const { return runs_; }

  // The field in every run of each seeding, all in one loop (threads share
  // the units), with the given seed.
  std::vector<std::vector<double>> evaluate(const std::vector<Seeding>& seedings,
                                            std::uint64_t seed) {
    std::vector<LoadedScenario> scenarios;
    for (const auto& seeding : seedings) {
      RunRequest request = q_.request;
      request.seed = seed;
      request.overrides.insert(request.overrides.end(), seeding.begin(), seeding.end());
      scenarios.push_back(load_scenario(q_.scenario, request));
    }
    const RunPlan plan = make_plan(scenarios);
    runs_ += plan.unit_count();
    std::vector<std::uint64_t> units(plan.unit_count());
    std::iota(units.begin(), units.end(), std::uint64_t{0});
    LoopOptions options;
    options.threads = q_.request.threads;
    // Each unit travels as a record of its summary row only (tables of 400
    // schools would otherwise wait in the loop's window), on this process's
    // threads or, with MPI, to rank 0 and then to every rank.
    std::vector<double> flat;
    flat.reserve(units.size());
    const RecordExecutor& run = q_.executor ? q_.executor : RecordExecutor(execute_records);
    run(
        plan, units, unit_runner(scenarios), UnitRecordOptions{},
        [&](std::uint64_t, std::span<const unsigned char> record) {
          flat.push_back(decode_unit(record, nullptr).summary.at(field_));
        },
        options);
    if (q_.share) q_.share(flat);
    if (flat.size() != plan.unit_count())
      throw std::runtime_error("choose-seeds: a batch came back incomplete across ranks");
    std::vector<std::vector<double>> values(scenarios.size());
    for (std::size_t p = 0; p < scenarios.size(); ++p)
      values[p].assign(flat.begin() + static_cast<std::ptrdiff_t>(p * replicates_),
                       flat.begin() + static_cast<std::ptrdiff_t>((p + 1) * replicates_));
    return values;
  }

 private:
  std::vector<std::string> network_ids() const {
    std::string file;
    std::size_t schools = 0;
    for (ParameterSection* s : base_.model->sections()) {
      std::size_t index = 0;
      if (s->name() == "schools" && s->find("file", &index)) file = s->text(index);
      if (s->name() == "network" && s->find("schools", &index))
        schools = static_cast<std::size_t>(s->get(index));
    }
    return file.empty() ? default_school_ids(static_cast<std::uint32_t>(schools))
                        : school_ids(read_schools_file(file));
  }

  const SeedSearchRequest& q_;
  LoadedScenario base_;
  std::size_t field_ = 0, replicates_ = 1, runs_ = 0;
  std::vector<std::string> ids_;
};

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

std::uint64_t check_seed_for(std::uint64_t search_seed) {
  return search_seed ^ 0x9E3779B97F4A7C15ULL;  // another stream family, fixed
}

SeedSearchResult search_seeds(const SeedSearchRequest& q) {
  Search search(q);
  const auto& ids = search.ids();
  std::vector<std::string> candidates = q.candidates.empty() ? ids : q.candidates;
  for (const auto& c : candidates) {
    if (std::find(ids.begin(), ids.end(), c) == ids.end()) {
      throw ScenarioError("candidate '" + c + "' is not a school of the network" +
                          suggestion(c, ids));
    }
    if (c.find(',') != std::string::npos)
      throw ScenarioError("school id '" + c + "' holds a comma, which a list of seeds cannot");
  }
  if (q.k < 1 || q.k > candidates.size())
    throw ScenarioError("-k " + std::to_string(q.k) + ": choose 1 to " +
                        std::to_string(candidates.size()) + " schools (the candidates)");

  SeedSearchResult r;
  r.field = q.field;
  r.replicates = search.replicates();
  r.search_seed = search.seed();
  r.check_seed = check_seed_for(search.seed());
  const std::uint64_t seed = r.search_seed;

  // Round 1: every candidate alone, in one loop; then lazy greedy rounds.
  std::vector<Seeding> singles;
  for (const auto& c : candidates) singles.push_back(named({c}));
  singles.push_back(strategy("random", 0));  // no seed: f of the empty set
  auto first = search.evaluate(singles, seed);
  r.evaluations += singles.size();
  double current = mean(first.back());
  // (gain, -candidate index) so equal gains take the earlier candidate;
  // with the round in which the gain was measured.
  struct Entry {
    double gain;
    std::size_t candidate;
    std::size_t round;
    bool operator<(const Entry& o) const {
      return gain != o.gain ? gain < o.gain : candidate > o.candidate;
    }
  };
  std::priority_queue<Entry> queue;
  for (std::size_t c = 0; c < candidates.size(); ++c) queue.push({mean(first[c]) - current, c, 1});
  std::vector<std::string> chosen;
  for (std::size_t round = 1; round <= q.k; ++round) {
    while (true) {
      const Entry top = queue.top();
      queue.pop();
      if (top.round == round) {
        chosen.push_back(candidates[top.candidate]);
        current += top.gain;
        break;
      }
      auto with = chosen;
      with.push_back(candidates[top.candidate]);
      const double value = mean(search.evaluate({named(with)}, seed).front());
      ++r.evaluations;
      queue.push({value - current, top.candidate, round});
    }
  }

  // The check: fresh runs, every figure paired by replicate.
  std::vector<Seeding> check{strategy("random", 0)};
  for (std::size_t i = 1; i <= chosen.size(); ++i)
    check.push_back(named({chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(i)}));
  const std::vector<std::string> builtin{"random", "central", "peripheral", "clustered", "ready"};
  for (const auto& s : builtin) check.push_back(strategy(s, q.k));
  const auto v = search.evaluate(check, r.check_seed);
  r.none = estimate_mean(v[0]);
  for (std::size_t i = 1; i <= chosen.size(); ++i)
    r.seeds.push_back({chosen[i - 1], estimate_paired_difference(v[i - 1], v[i])});
  const auto& all = v[chosen.size()];
  r.chosen = estimate_mean(all);
  for (std::size_t s = 0; s < builtin.size(); ++s) {
    const auto& values = v[chosen.size() + 1 + s];
    r.strategies.push_back(
        {builtin[s], estimate_mean(values), estimate_paired_difference(values, all)});
  }
  r.runs = search.runs();
  return r;
}

}  // namespace loom
