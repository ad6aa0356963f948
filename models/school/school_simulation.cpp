#include "models/school/school_simulation.hpp"

#include <algorithm>

#include "models/school/school_outputs.hpp"
#include "models/school/school_phases.hpp"
#include "models/school/school_setup.hpp"

namespace loom {

SchoolSimulation::SchoolSimulation(const SchoolParams& params, std::uint64_t seed,
                                   std::uint64_t run, std::uint32_t school_id,
                                   const Schedule& schedule, Keeping keeping)
    : params_(params),
      context_{params_, seed, run, school_id},
      usual_context_{usual_, seed, run, school_id},
      calendar_{params_.school.weeks_per_year, params_.school.years},
      schedule_(schedule),
      // Entries due in week 1 are written to params_ here, before the
      // history's parameters are taken from them.
      changes_(schedule_.empty() ? nullptr
                                 : std::make_unique<ScheduledChanges>(schedule_, params_)),
      scheduler_(make_school_scheduler(context_)),
      keeping_(keeping) {
  context_.changes = changes_.get();
  const bool history = params_.school.history_years > 0;
  if (history) usual_ = business_as_usual(params_);
  usual_context_.week_base = kHistoryWeeks;
  // Built as the school it was before its history began.
  state_ = build_school(history ? usual_ : params_, seed, run, school_id,
                        keeping == Keeping::kEverything);
  state_.record_scope = keeping == Keeping::kLatestWeek ? RecordScope::kNetworkView
                        : keeping == Keeping::kSummary  ? RecordScope::kLastWeek
                                                        : RecordScope::kEveryWeek;
  if (history) run_history();
  start_run();
}

void SchoolSimulation::run_history() {
  const SchoolCalendar calendar{usual_.school.weeks_per_year, usual_.school.history_years};
  const Scheduler<SchoolState> scheduler =
      make_school_scheduler(usual_context_, SchoolPeriod::kHistory);
  const bool keep = state_.keep_series;
  state_.keep_series = false;  // a summer's exit counts go to a scratch row
  state_.in_history = true;
  for (int week = 0; week < calendar.total_weeks(); ++week) {
    scheduler.step(state_, calendar, week);
    state_.events.clear();  // the history is not told
  }
  state_.keep_series = keep;
  state_.in_history = false;
  // The scenario's leadership choices, as if all had just been set.
  all_levers_changed(state_, context_);
}

void SchoolSimulation::start_run() {
  std::fill(state_.series.begin(), state_.series.end(), 0.0);
  state_.events.clear();
  start_run_sections(state_, context_);
  if (keeping_ != Keeping::kEverything) state_.events.clear();
}

void SchoolSimulation::step_week() {
  scheduler_.step(state_, calendar_, week_);
  ++week_;
  if (keeping_ != Keeping::kEverything) state_.events.clear();
}

SchoolRunOutput SchoolSimulation::finish() {
  SchoolRunOutput out;
  out.summary = school_summary(state_, params_);
  out.series = std::move(state_.series);
  out.events = std::move(state_.events);
  out.staff_network = std::move(state_.staff_network);
  return out;
}

SchoolSimulation::WeekResults SchoolSimulation::latest_week() const {
  const std::size_t row = state_.keep_series ? static_cast<std::size_t>(std::max(week_ - 1, 0)) : 0;
  const double* r = &state_.series[row * kSchoolMetricCount];
  return {r[kFidelity], r[kLoad], r[kOutcomeMean], r[kOutcomeGap]};
}

int SchoolSimulation::take_up_practice(int week) {
  if (static_cast<int>(state_.initiatives.launched.size()) >= kMaxInitiatives) return -1;
  launch_initiative(state_, context_, week);
  return static_cast<int>(state_.initiatives.launched.size()) - 1;
}

void SchoolSimulation::take_up_package(int practice, const std::vector<bool>& right) {
  auto& s = state_;
  auto& initiative = s.initiatives.launched[static_cast<std::size_t>(practice)];
  for (std::size_t d = 0; d < right.size(); ++d) {
    const std::uint64_t bit = std::uint64_t{1} << d;
    const bool value = ((s.reality[0] & bit) != 0) == right[d];
    for (int l = 0; l < s.layers; ++l) {
      const auto li = static_cast<std::size_t>(l);
      s.code_known[li] |= bit;
      s.code_positive[li] = value ? (s.code_positive[li] | bit) : (s.code_positive[li] & ~bit);
      initiative.adopted[li] |= bit;
    }
  }
}

bool SchoolSimulation::practice_running(int practice) const {
  return state_.initiatives.launched[static_cast<std::size_t>(practice)].active;
}

int SchoolSimulation::practice_launched_week(int practice) const {
  return state_.initiatives.launched[static_cast<std::size_t>(practice)].launched_week;
}

int SchoolSimulation::champions(int practice) const {
  return champion_count(state_, practice);
}

void SchoolSimulation::recruit_champion(int practice, RandomStream& stream) {
  auto& s = state_;
  const auto teachers = static_cast<std::uint32_t>(s.teachers());
  const std::uint32_t bit = 1u << practice;
  const std::uint32_t slot = 1 + stream.below(teachers);
  if (s.present(slot) && !(s.staff.conditions.owns[slot] & bit))
    s.staff.conditions.owns[slot] |= bit;
}

void SchoolSimulation::drop_practice(int practice) {
  if (!practice_running(practice)) return;
  end_initiative(state_, practice);
  const std::uint32_t bit = 1u << practice;
  for (auto& owns : state_.staff.conditions.owns) owns &= ~bit;
}

}  // namespace loom
