#include "models/school/mechanisms/implementation_dip.hpp"

#include <algorithm>

#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<ImplementationParams>& implementation_table() {
  static const ParameterTable<ImplementationParams> table = [] {
    ParameterTable<ImplementationParams> t{
        "implementation", "Implementation dip (learning new practice)", {}, {}};
    t.add(&ImplementationParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "New practice takes time to master",
           "Off: a teacher who changes a practice enacts it fluently at once (no implementation "
           "dip)",
           "Fullan 2001 (implementation dip); Joyce & Showers 2002"});
    t.fixed_at_start("switches a mechanism for the whole run");
    t.add(&ImplementationParams::fluency_weeks,
          {"fluency_weeks", ValueKind::kReal, 8.0, 1, 52, "weeks",
           "Weeks to become fluent in a new practice",
           "Mean weeks until a changed practice no longer disturbs the rest of a teacher's "
           "practice",
           "Joyce & Showers 2002 (many practice trials to master a strategy); value Loom "
           "assumption, illustrative"});
    t.add(&ImplementationParams::cost_per_practice,
          {"cost_per_practice", ValueKind::kReal, 0.05, 0, 1, "share of practice",
           "How much each new practice disturbs teaching",
           "Share of a teacher's practice left to chance for each practice they are still "
           "learning",
           "Loom assumption, illustrative"});
    t.add(&ImplementationParams::launch_load,
          {"launch_load", ValueKind::kReal, 2.0, 0, 10, "hours per week",
           "Extra hours a new initiative takes at first",
           "Hours every teacher gives a new initiative in its first week (training, new "
           "routines), falling linearly to nothing after launch_weeks",
           "Loom assumption, illustrative (Fullan 2001: the implementation dip)"});
    t.add(&ImplementationParams::launch_weeks,
          {"launch_weeks", ValueKind::kInteger, 12, 1, 72, "weeks",
           "Weeks a new initiative's start-up lasts",
           "Weeks until a new initiative's start-up load has worn off",
           "Loom assumption, illustrative"});
    t.applies_when_all("implementation.enabled == true", {"enabled"});
    t.switch_off = {"enabled=false"};
    return t;
  }();
  return table;
}

double implementation_launch_load(const SchoolState& s, const RunContext& c, int week) {
  const auto& p = c.p.implementation;
  if (!p.enabled || p.launch_load <= 0.0) return 0.0;
  double load = 0.0;
  for (const auto& initiative : s.initiatives.launched) {
    if (!initiative.active) continue;
    const int age = week - initiative.first_week();
    if (age >= 0 && age < p.launch_weeks)
      load += p.launch_load * (1.0 - static_cast<double>(age) / p.launch_weeks);
  }
  return load;
}

void implementation_note_change(SchoolState& s, const RunContext& c, std::size_t slot,
                                int practices) {
  if (!c.p.implementation.enabled || practices <= 0) return;
  s.implementation.learning[slot] += static_cast<float>(practices);
}

void implementation_weekly(SchoolState& s, const RunContext& c, const WeekContext&) {
  const auto& p = c.p.implementation;
  if (!p.enabled) return;
  const bool capacity = c.p.capacity.enabled;  // else fidelity is never recomputed
  const auto fluent = static_cast<float>(1.0 / p.fluency_weeks);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    const double base = capacity ? s.fidelity[slot] : 1.0;
    const double factor =
        std::max(0.0, 1.0 - p.cost_per_practice * s.implementation.learning[slot]);
    s.fidelity[slot] = static_cast<float>(base * factor);
    s.implementation.learning[slot] *= 1.0f - fluent;
  }
}

}  // namespace loom
