#include "models/school/school_simulation.hpp"

#include "models/school/school_outputs.hpp"

namespace loom {

SchoolSimulation::SchoolSimulation(const SchoolParams& params, std::uint64_t seed,
                                   std::uint64_t run, std::uint32_t school_id,
                                   const Schedule& schedule)
    : params_(params),
      context_{params_, seed, run, school_id},
      calendar_{params_.school.weeks_per_year, params_.school.years},
      schedule_(schedule),
      changes_(schedule_.empty() ? nullptr
                                 : std::make_unique<ScheduledChanges>(schedule_, params_)),
      scheduler_(make_school_scheduler(context_, changes_.get())),
      state_(build_school(params_, seed, run, school_id)) {}

void SchoolSimulation::step_week() {
  scheduler_.step(state_, calendar_, week_);
  ++week_;
}

SchoolRunOutput SchoolSimulation::finish() {
  SchoolRunOutput out;
  out.summary = school_summary(state_, params_);
  out.series = std::move(state_.series);
  out.events = std::move(state_.events);
  out.network = std::move(state_.network);
  return out;
}

}  // namespace loom
