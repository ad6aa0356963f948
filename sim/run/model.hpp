#pragma once
// What the command line, tests, benchmarks and (later) the viewer need from a
// model: its parameter sections, the shape of its output, and one run.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/input/parameter.hpp"
#include "sim/input/schedule.hpp"
#include "sim/run/ensemble.hpp"

namespace loom {

class Model {
 public:
  virtual ~Model() = default;
  // Sections bound to this model's live parameter values (scenario files and
  // --set write through them).
  virtual std::vector<ParameterSection*> sections() = 0;
  // Called once after all values are set: checks that combine parameters.
  virtual void validate() const {}
  // Settings that run but cannot do what they seem to ask, in words (the
  // command line prints them as warnings). Called after validate().
  virtual std::vector<std::string> warnings() const { return {}; }
  // Threads one run may use inside itself (the network model steps its
  // schools in parallel); 0 = all cores. Runs of models that do not split
  // a run ignore it.
  virtual void set_threads(int /*threads*/) {}
  // The caller stores only the summary (a sweep with record = "summary"): a
  // model may then leave the series and events out of its runs' output and
  // skip computing what only they need. The summary must not change.
  virtual void set_summary_only(bool /*summary_only*/) {}
  virtual OutputLayout layout() const = 0;
  // One replicate; must be safe to call concurrently for different replicates.
  virtual RunOutput run(std::uint64_t seed, std::uint64_t replicate) const = 0;

  // The calendar [[schedule]] entries are placed on, from the live values;
  // nullopt when the model has no school years (a schedule is refused).
  virtual std::optional<ScheduleCalendar> schedule_calendar() const { return std::nullopt; }
  // Scheduled lever changes for every run (sim/input/schedule.hpp), checked by
  // check_schedule (models/catalog/scenario_runner.hpp) before they are set.
  void set_schedule(Schedule schedule) { schedule_ = std::move(schedule); }
  const Schedule& schedule() const { return schedule_; }

 protected:
  Schedule schedule_;
};

}  // namespace loom
