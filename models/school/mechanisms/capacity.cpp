#include "models/school/mechanisms/capacity.hpp"

#include <algorithm>

#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<CapacityParams>& capacity_table() {
  static const ParameterTable<CapacityParams> table = [] {
    ParameterTable<CapacityParams> t{"capacity", "Capacity, load and burnout", {}, {}};
    t.add(&CapacityParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "Workload and burnout matter",
           "Off: no load, no burnout, every teacher enacts their beliefs fully",
           "Overload and burnout (Maslach et al. 2001; Sutton & Rao 2014)"});
    t.fixed_at_start("switches a mechanism for the whole run");
    t.add(&CapacityParams::initial_capacity,
          {"initial_capacity", ValueKind::kReal, 5.0, 0.5, 25, "hours per week",
           "Hours a week a teacher has for improvement work",
           "Hours of improvement work a week a person can take on before overload: of a US "
           "teacher's ~46 working hours, ~28 are teaching (TALIS 2018) and most of the rest go "
           "to planning, marking and administration; 5 is a Loom assumption",
           "OECD 2019 (TALIS 2018 working and teaching hours); 5 hours is a Loom assumption, "
           "illustrative"});
    t.fixed_at_start("each teacher's starting hours are set when they are hired");
    t.add(&CapacityParams::legacy_activities,
          {"legacy_activities", ValueKind::kInteger, 3, 0, 20, "activities",
           "Old programmes still running",
           "Activities from past initiatives that still take everyone's time at the start",
           "Loom assumption, illustrative; innovation overload (HTH GSE CREI n.d.)"});
    t.fixed_at_start(
        "the programmes the school starts with; the subtraction game retires them during a run");
    t.add(&CapacityParams::activity_load, {"activity_load", ValueKind::kReal, 0.5, 0, 10,
                                           "hours per week", "Hours each old programme takes",
                                           "Hours a week every teacher gives each legacy activity",
                                           "Loom assumption, illustrative"});
    t.add(&CapacityParams::initiative_load,
          {"initiative_load", ValueKind::kReal, 0.75, 0, 10, "hours per week",
           "Hours each initiative takes from everyone",
           "Hours a week every teacher gives each active initiative (meetings, training, "
           "paperwork)",
           "Loom assumption, illustrative"});
    t.add(&CapacityParams::cycle_load,
          {"cycle_load", ValueKind::kReal, 2.0, 0, 10, "hours per week",
           "Hours a PDSA team place takes",
           "Extra hours a week for each member of an active PDSA team (meeting, planning the "
           "test, collecting and studying results)",
           "Loom assumption, illustrative"});
    t.add(&CapacityParams::differentiation_load,
          {"differentiation_load", ValueKind::kReal, 1.0, 0, 10, "hours per week",
           "Hours that teaching each group its own practice takes",
           "Extra planning hours a week for every teacher when the school keeps a practice per "
           "student group; applies when leadership.study = \"disaggregated\"",
           "Loom assumption, illustrative (differentiated practice costs planning time)"});
    t.add(
        &CapacityParams::subtraction_game,
        {"subtraction_game", ValueKind::kBoolean, 0, 0, 1, "", "Stop something for each new thing",
         "The subtraction game: each new initiative retires an old activity (or the oldest "
         "initiative once none is left)",
         "The subtraction game (Sutton & Rao 2014; HTH GSE CREI n.d.)"});
    t.applies_when(
        "capacity.enabled == true and initiatives.enabled == true and initiatives.new_per_year > "
        "0");
    t.add(&CapacityParams::capacity_building,
          {"capacity_building", ValueKind::kReal, 0.0, 0, 0.5, "share per year",
           "Investment in staff capacity", "Yearly growth of everyone's capacity (up to double)",
           "Lever (Turnaround for Children n.d.); direction: Kraft & Papay 2014; size is a Loom "
           "assumption, illustrative"});
    t.add(&CapacityParams::burnout_rate,
          {"burnout_rate", ValueKind::kReal, 0.05, 0, 1, "burnout per week per overload",
           "How fast overload burns people out",
           "Weekly rise of burnout per unit of overload (load beyond capacity, relative to "
           "capacity)",
           "Loom assumption, illustrative; overload drives exhaustion (Maslach et al. 2001)"});
    t.add(&CapacityParams::recovery_rate,
          {"recovery_rate", ValueKind::kReal, 0.02, 0, 1, "share of burnout per week",
           "How fast people recover",
           "Share of a person's burnout that fades each week (a steady overload settles where "
           "its push and this recovery balance)",
           "Loom assumption, illustrative"});
    t.add(
        &CapacityParams::belonging_buffer,
        {"belonging_buffer", ValueKind::kReal, 0.5, 0, 1, "share", "Belonging protects",
         "Burnout rises by (1 - this x belonging) of its unbuffered rate",
         "Belonging buffers stress (Turnaround for Children n.d.; Skaalvik & Skaalvik 2011); size "
         "is a Loom assumption, illustrative"});
    t.add(&CapacityParams::fidelity_loss,
          {"fidelity_loss", ValueKind::kReal, 0.5, 0, 2, "share per overload",
           "How much overload erodes practice",
           "Share of dimensions enacted as believed = 1 - this x overload (the rest are left to "
           "chance)",
           "Loom assumption, illustrative; overload means doing many things poorly "
           "(Sutton & Rao 2014)"});
    t.applies_when_all("capacity.enabled == true", {"enabled"});
    t.switch_off = {"enabled=false"};
    t.leadership_choices({"subtraction_game", "capacity_building"});
    return t;
  }();
  return table;
}

void capacity_weekly(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.capacity;
  if (!p.enabled) return;
  int active = 0;
  for (const auto& initiative : s.initiatives.launched) active += initiative.active ? 1 : 0;
  const double pause = equity_pause_due(s, w) ? c.p.equity.pause_load : 0.0;
  // Teaching a practice per student group (results studied by group)
  // takes extra planning every week.
  const double differentiation = s.layers > 1 ? p.differentiation_load : 0.0;
  const double shared = s.capacity.legacy_activities * p.activity_load +
                        active * p.initiative_load + pause + differentiation +
                        implementation_launch_load(s, c, w.week);
  auto& cond = s.staff.conditions;
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    const double load = shared + cond.on_team[slot] * p.cycle_load;
    const double capacity = cond.capacity[slot];
    const double overload = std::max(0.0, load - capacity) / capacity;
    // Graded, not a cliff: overload pushes burnout up in proportion to the
    // room left (1 - burnout) and recovery pulls it down in proportion to
    // its level, so a steady overload o settles at a / (a + recovery_rate)
    // with a = burnout_rate x o x (1 - buffer x belonging).
    double burnout = cond.burnout[slot];
    const double push =
        p.burnout_rate * overload * (1.0 - p.belonging_buffer * cond.belonging[slot]);
    burnout += push * (1.0 - burnout) - p.recovery_rate * burnout;
    cond.load[slot] = static_cast<float>(load);
    cond.burnout[slot] = static_cast<float>(std::clamp(burnout, 0.0, 1.0));
    s.fidelity[slot] = static_cast<float>(std::clamp(1.0 - p.fidelity_loss * overload, 0.0, 1.0));
  }
}

// Bits set with probability ~fidelity (to 1/16): the binary expansion of
// the probability applied to four random words, low bit first.
std::uint64_t fidelity_mask(const SchoolState& s, std::size_t slot, std::uint64_t random_bits[4]) {
  const auto sixteenths = static_cast<unsigned>(s.fidelity[slot] * 16.0f + 0.5f);
  // As masks, not branches (which way they go is a coin toss per person).
  const std::uint64_t full = std::uint64_t{0} - static_cast<std::uint64_t>(sixteenths >= 16);
  std::uint64_t mask = 0;
  for (int b = 0; b < 4; ++b) {
    const std::uint64_t one = std::uint64_t{0} - ((sixteenths >> b) & 1u);
    mask = ((mask | random_bits[b]) & one) | (mask & random_bits[b] & ~one);
  }
  return mask | full;
}

void capacity_summer(SchoolState& s, const RunContext& c, const WeekContext&) {
  const auto& p = c.p.capacity;
  if (!p.enabled || p.capacity_building <= 0.0) return;
  const auto ceiling = static_cast<float>(2.0 * p.initial_capacity);
  for (auto& capacity : s.staff.conditions.capacity) {
    capacity = std::min(ceiling, capacity * static_cast<float>(1.0 + p.capacity_building));
  }
}

void Capacity::at_setup(SchoolState& s, const RunContext& c) {
  s.capacity.legacy_activities = c.p.capacity.legacy_activities;
}

}  // namespace loom
