#pragma once
// Scheduled lever changes applied during a school run (sim/input/schedule.hpp):
// "from year 2: staff choose what to try".
//
// A run keeps its own copy of the parameters (run_school); every phase reads
// them through RunContext::p, so a value written here is what every
// mechanism sees from that week on. Levers the school caches when it is set
// up (the active levers, the code's keep thresholds, the principal's exit
// threshold) are refreshed here too; parameters that cannot be refreshed
// are fixed at the start (ParameterInfo::fixed_at_start) and never reach
// this file. No random draws: a schedule changes no stream, so runs stay
// bit-identical for any thread count.
#include <memory>
#include <vector>

#include "sim/input/parameter.hpp"
#include "sim/input/schedule.hpp"

namespace loom {

struct SchoolParams;
struct SchoolState;
struct RunContext;

class ScheduledChanges {
 public:
  // Entries due in the first week (year 1, week 1) are written to `live`
  // at once, so setup uses them: such an entry is the same as setting the
  // values in the scenario's tables.
  ScheduledChanges(const Schedule& schedule, SchoolParams& live);
  ~ScheduledChanges();

  // At the start of week `week` (0-based): applies the entries due, lets each
  // mechanism refresh what it cached (mechanism.hpp, lever_changed) and
  // tells the story ("Year 2: ...").
  void apply_due(SchoolState& s, const RunContext& c, int week);

 private:
  void write(const ScheduledChange& change);
  const Schedule& schedule_;
  SchoolParams& live_;
  std::vector<std::unique_ptr<ParameterSection>> sections_;  // bound to live_
  std::size_t next_ = 0;                                     // first entry not yet told
  int weeks_per_year_ = 1;
};

}  // namespace loom
