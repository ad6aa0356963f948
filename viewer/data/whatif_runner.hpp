#pragma once
// What-if runs on a background thread.
//
// The UI thread submits the current settings of every compared scenario;
// one worker thread runs their replicates (on `threads` cores through the
// engine's parallel_for) and computes the bands, then publishes an immutable
// result the UI picks up on its next frame. A newer submission supersedes an
// older one: replicates of the stale request that have not started are
// skipped, so the picture always catches up with the last slider position
// instead of queueing every intermediate one. No ImGui or GL here.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "viewer/data/results_file.hpp"
#include "viewer/data/scenario_settings.hpp"

namespace loom::viewer {

struct WhatIfRequest {
  std::vector<ScenarioSettings> scenarios;
  int replicates = 32;
  int threads = 0;  // 0 = all cores (OMP_NUM_THREADS)
  // A first look: when 0 < first_look < replicates, a result with the first
  // `first_look` runs of every scenario is published as soon as they are
  // done (partial), then the full result. Runs are not repeated: replicates
  // run replicate by replicate across scenarios, so the first look is
  // exactly the first runs of the full result. For slow scenarios (a
  // network of schools takes seconds): the room sees the direction early.
  int first_look = 0;
};

struct WhatIfResult {
  std::uint64_t generation = 0;
  std::vector<std::shared_ptr<const ScenarioData>> scenarios;  // bands computed
  std::string error;     // why the request could not run (then scenarios is empty)
  bool partial = false;  // a first look (WhatIfRequest::first_look runs); the full one follows
  std::chrono::steady_clock::time_point submitted, finished;
  double milliseconds() const {
    return std::chrono::duration<double, std::milli>(finished - submitted).count();
  }
};

// Runs every scenario's replicates (all in one parallel loop, so two
// scenarios x 32 replicates keep both cores busy to the end) and returns
// them with bands. `stop` is polled before each replicate; when it returns
// true the run is abandoned and nullopt returned. Throws ScenarioError if a
// scenario's settings are invalid.
//
// `cache` (optional) holds the results of the previous request by settings:
// a scenario whose settings, seed and replicate count did not change is not
// run again. That is exact, not an approximation: a run is a pure function
// of its settings, seed and replicate (bit-identical on any thread count).
// Moving one scenario's slider therefore re-runs only that scenario, which
// halves the wait when two scenarios are compared. The cache keeps only the
// scenarios of the latest request.
using WhatIfCache = std::map<std::string, std::shared_ptr<const ScenarioData>>;
using WhatIfScenarios = std::vector<std::shared_ptr<const ScenarioData>>;
// `on_first_look` (optional) receives the first look of request.first_look
// (cached scenarios in full), on a worker thread, before the run goes on.
std::optional<WhatIfScenarios> run_whatif(
    const WhatIfRequest& request, const std::function<bool()>& stop = {},
    WhatIfCache* cache = nullptr, const std::function<void(WhatIfScenarios)>& on_first_look = {});

class WhatIfRunner {
 public:
  // on_ready is called on the worker thread after each published result
  // (the viewer passes glfwPostEmptyEvent to wake its event loop).
  explicit WhatIfRunner(std::function<void()> on_ready = {});
  ~WhatIfRunner();
  WhatIfRunner(const WhatIfRunner&) = delete;
  WhatIfRunner& operator=(const WhatIfRunner&) = delete;

  // Queues a request, superseding any pending or running one; returns its
  // generation (1, 2, ...).
  std::uint64_t submit(WhatIfRequest request);
  // The newest finished result, or null before the first.
  std::shared_ptr<const WhatIfResult> latest() const;
  // True while a request is queued or running.
  bool busy() const;
  // Waits until a full result of `generation` or newer is published (or the
  // timeout passes) and returns the newest result (may be null, or a first
  // look, on timeout).
  std::shared_ptr<const WhatIfResult> wait_for(std::uint64_t generation,
                                               std::chrono::milliseconds timeout) const;

 private:
  void work();

  std::function<void()> on_ready_;
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_, done_;
  std::optional<WhatIfRequest> pending_;
  std::chrono::steady_clock::time_point pending_time_;
  std::uint64_t submitted_ = 0;  // generation of the newest submission
  bool running_ = false;
  bool stopping_ = false;
  std::shared_ptr<const WhatIfResult> latest_;
  WhatIfCache cache_;   // used by the worker thread only
  std::thread worker_;  // last member: starts after everything it uses exists
};

}  // namespace loom::viewer
