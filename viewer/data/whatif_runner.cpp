#include "viewer/data/whatif_runner.hpp"

#include <atomic>

#include "models/catalog/model_catalog.hpp"
#include "sim/output/result_sinks.hpp"
#include "sim/run/run_loop.hpp"

namespace loom::viewer {

namespace {

// One scenario's runs [0, count) as the viewer's data, bands computed.
std::shared_ptr<const ScenarioData> scenario_data(const ScenarioSettings& settings,
                                                  const OutputLayout& layout,
                                                  const std::vector<RunOutput>& runs,
                                                  std::size_t count) {
  auto data = std::make_shared<ScenarioData>();
  data->id = settings.id;
  data->name = settings.header.name.empty() ? settings.id : settings.header.name;
  data->description = settings.header.description;
  data->model = settings.header.model;
  data->source = "what-if";
  data->seed = settings.header.seed;
  data->time_label = layout.time_label;
  if (layout.time_label == "week") data->weeks_per_year = layout.steps_per_year;
  data->metrics = layout.metrics;
  data->runs = static_cast<int>(count);
  data->steps = layout.steps;
  data->timeseries.reserve(count * static_cast<std::size_t>(layout.steps) * layout.metrics.size());
  for (std::size_t r = 0; r < count; ++r) {
    data->timeseries.insert(data->timeseries.end(), runs[r].series.begin(), runs[r].series.end());
  }
  data->summary_fields = layout.summary;
  data->summary.assign(layout.summary.size(), std::vector<double>(count));
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t f = 0; f < layout.summary.size() && f < runs[r].summary.size(); ++f) {
      data->summary[f][r] = runs[r].summary[f];
    }
  }
  data->settings = settings;
  data->compute_all_bands();
  return data;
}

// Calls `ready` once, when the loop has delivered `after` units.
class FirstLookObserver final : public LoopObserver {
 public:
  FirstLookObserver(std::uint64_t after, std::function<void()> ready)
      : after_(after), ready_(std::move(ready)) {}
  void on_unit_done(std::uint64_t done, std::uint64_t /*total*/) override {
    if (done == after_ && ready_) ready_();
  }

 private:
  std::uint64_t after_;
  std::function<void()> ready_;
};

}  // namespace

std::optional<WhatIfScenarios> run_whatif(
    const WhatIfRequest& request, const std::function<bool()>& stop, WhatIfCache* cache,
    const std::function<void(WhatIfScenarios)>& on_first_look) {
  const std::size_t scenario_count = request.scenarios.size();
  const auto replicates = static_cast<std::size_t>(std::max(request.replicates, 1));
  std::vector<std::unique_ptr<Model>> models;
  std::vector<OutputLayout> layouts;
  std::vector<std::string> tomls;  // resolved once: it builds a model and reads named files
  std::vector<std::string> keys;
  std::vector<std::shared_ptr<const ScenarioData>> cached(scenario_count);
  std::vector<std::size_t> to_run;  // scenarios not in the cache
  for (std::size_t s = 0; s < scenario_count; ++s) {
    const auto& settings = request.scenarios[s];
    models.push_back(settings.make_model());
    layouts.push_back(models.back()->layout());
    tomls.push_back(settings.to_toml());
    keys.push_back(settings.id + "\n" + std::to_string(settings.header.seed) + "\n" +
                   std::to_string(replicates) + "\n" + tomls.back());
    if (cache) {
      const auto hit = cache->find(keys.back());
      if (hit != cache->end()) cached[s] = hit->second;
    }
    if (!cached[s]) to_run.push_back(s);
  }
  // The engine's one loop over a plan of (scenario to run) x replicate: no
  // barrier between scenarios, the same runs and random streams as
  // `loom run`, no progress display, and `stop` polled before each unit.
  std::vector<PlanPoint> points;
  std::vector<OutputLayout> run_layouts;
  for (const std::size_t s : to_run) {
    const auto& settings = request.scenarios[s];
    points.push_back(
        {settings.id, settings.header.model, tomls[s], settings.header.seed, replicates});
    run_layouts.push_back(layouts[s]);
  }
  const RunPlan plan(std::move(points));
  MemorySink sink(plan, std::move(run_layouts));
  LoopOptions options;
  options.threads = request.threads;
  options.cancelled = stop;
  // Replicate by replicate across the scenarios, so that after the first k
  // x (scenarios run) units every scenario has its first k runs (the sink
  // keeps runs by replicate, so the order changes nothing in the result).
  std::vector<std::uint64_t> units;
  units.reserve(plan.unit_count());
  for (std::uint64_t r = 0; r < replicates; ++r)
    for (std::size_t p = 0; p < to_run.size(); ++p) units.push_back(plan.first_unit(p) + r);
  const auto first_look = static_cast<std::size_t>(std::max(request.first_look, 0));
  FirstLookObserver observer(first_look * to_run.size(), [&] {
    WhatIfScenarios look;
    for (std::size_t s = 0, k = 0; s < scenario_count; ++s) {
      if (cached[s]) {
        look.push_back(cached[s]);
      } else {
        look.push_back(
            scenario_data(request.scenarios[s], layouts[s], sink.results()[k++].runs, first_look));
      }
    }
    on_first_look(std::move(look));
  });
  if (on_first_look && first_look > 0 && first_look < replicates && !to_run.empty())
    options.observers.push_back(&observer);
  const auto status = execute(
      plan, units,
      [&](const PlanUnit& unit) {
        const std::size_t s = to_run[unit.point];
        return models[s]->run(request.scenarios[s].header.seed, unit.replicate);
      },
      sink, options);
  if (status == LoopStatus::kCancelled) return std::nullopt;

  WhatIfScenarios results;
  WhatIfCache next;
  for (std::size_t s = 0, k = 0; s < scenario_count; ++s) {
    if (cached[s]) {
      results.push_back(cached[s]);
      next[keys[s]] = cached[s];
      continue;
    }
    auto data =
        scenario_data(request.scenarios[s], layouts[s], sink.results()[k++].runs, replicates);
    next[keys[s]] = data;
    results.push_back(std::move(data));
  }
  if (cache) *cache = std::move(next);
  return results;
}

WhatIfRunner::WhatIfRunner(std::function<void()> on_ready)
    : on_ready_(std::move(on_ready)), worker_([this] { work(); }) {}

WhatIfRunner::~WhatIfRunner() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

std::uint64_t WhatIfRunner::submit(WhatIfRequest request) {
  std::uint64_t generation = 0;
  {
    const std::lock_guard lock(mutex_);
    pending_ = std::move(request);
    pending_time_ = std::chrono::steady_clock::now();
    generation = ++submitted_;
  }
  wake_.notify_all();
  return generation;
}

std::shared_ptr<const WhatIfResult> WhatIfRunner::latest() const {
  const std::lock_guard lock(mutex_);
  return latest_;
}

bool WhatIfRunner::busy() const {
  const std::lock_guard lock(mutex_);
  return running_ || pending_.has_value();
}

std::shared_ptr<const WhatIfResult> WhatIfRunner::wait_for(
    std::uint64_t generation, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  done_.wait_for(lock, timeout,
                 [&] { return latest_ && latest_->generation >= generation && !latest_->partial; });
  return latest_;
}

void WhatIfRunner::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || pending_.has_value(); });
    if (stopping_) return;
    WhatIfRequest request = std::move(*pending_);
    pending_.reset();
    const std::uint64_t generation = submitted_;
    const auto submitted = pending_time_;
    running_ = true;
    lock.unlock();

    auto result = std::make_shared<WhatIfResult>();
    result->generation = generation;
    result->submitted = submitted;
    bool superseded = false;
    try {
      // Polled by every replicate: cheap (one uncontended lock).
      const auto stale = [&] {
        const std::lock_guard check(mutex_);
        return stopping_ || submitted_ != generation;
      };
      // A first look is published like a result, marked partial; the full
      // result of the same generation replaces it.
      const auto first_look = [&](WhatIfScenarios look) {
        auto partial = std::make_shared<WhatIfResult>();
        partial->generation = generation;
        partial->submitted = submitted;
        partial->partial = true;
        partial->scenarios = std::move(look);
        partial->finished = std::chrono::steady_clock::now();
        {
          const std::lock_guard publish(mutex_);
          if (stopping_ || submitted_ != generation) return;
          latest_ = std::move(partial);
        }
        if (on_ready_) on_ready_();
      };
      auto scenarios = run_whatif(request, stale, &cache_, first_look);
      if (scenarios) {
        result->scenarios = std::move(*scenarios);
      } else {
        superseded = true;
      }
    } catch (const std::exception& e) {
      result->error = e.what();
    }
    result->finished = std::chrono::steady_clock::now();

    lock.lock();
    running_ = false;
    if (!superseded) {
      latest_ = std::move(result);
      done_.notify_all();
      if (on_ready_) {
        lock.unlock();
        on_ready_();
        lock.lock();
      }
    }
  }
}

}  // namespace loom::viewer
