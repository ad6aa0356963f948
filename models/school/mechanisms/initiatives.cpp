#include "models/school/mechanisms/initiatives.hpp"

#include <algorithm>
#include <bit>

#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<InitiativeParams>& initiative_table() {
  static const ParameterTable<InitiativeParams> table = [] {
    ParameterTable<InitiativeParams> t{"initiatives", "Initiatives and champions", {}, {}};
    t.add(&InitiativeParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "Initiatives need champions",
           "Off: initiatives have no owners and never collapse when people leave",
           "Multiple champions sustain work when a key person leaves (HTH GSE CREI n.d.)"});
    t.fixed_at_start("switches a mechanism for the whole run");
    t.add(&InitiativeParams::at_start,
          {"at_start", ValueKind::kInteger, 2, 0, 8, "initiatives",
           "Initiatives running at the start",
           "Improvement initiatives launched in week 0 (each runs PDSA cycles and adds load)",
           "Loom assumption, illustrative; too many at once means overload (HTH GSE CREI n.d.)"});
    t.fixed_at_start("initiatives running at the start are launched at setup");
    t.add(&InitiativeParams::new_per_year,
          {"new_per_year", ValueKind::kInteger, 1, 0, 4, "initiatives per year",
           "New initiatives each year", "Initiatives launched each summer",
           "Loom assumption, illustrative; innovation overload (HTH GSE CREI n.d.)"});
    t.add(&InitiativeParams::champions,
          {"champions", ValueKind::kInteger, 2, 1, 20, "people", "Champions per initiative",
           "Owners cultivated when an initiative launches (under top-down decisions the principal "
           "is the first)",
           "Cultivate multiple champions (HTH GSE CREI n.d.)"});
    t.add(&InitiativeParams::lifetime_years,
          {"lifetime_years", ValueKind::kInteger, 3, 0, 50, "years", "Years an initiative runs",
           "An initiative ends after this many school years, its ideas kept (0 = runs until it "
           "collapses)",
           "Loom assumption, illustrative: full implementation takes 2-4 years "
           "(Fixsen et al. 2005)"});
    t.add(&InitiativeParams::ownership_growth,
          {"ownership_growth", ValueKind::kReal, 0.1, 0, 1, "probability per cycle",
           "Chance a team member takes ownership",
           "After a cycle that adopts an idea, each team member who is not yet a champion becomes "
           "one with this chance",
           "Loom assumption, illustrative"});
    t.add(&InitiativeParams::fade_on_collapse,
          {"fade_on_collapse", ValueKind::kBoolean, 1, 0, 1, "",
           "Practices fade when no one owns them",
           "When an initiative collapses, the shared way forgets the ideas it brought in",
           "Loom assumption, illustrative: unowned work is not sustained (HTH GSE CREI n.d.)"});
    t.applies_when_all("initiatives.enabled == true",
                       {"enabled", "at_start", "new_per_year", "lifetime_years"});
    t.switch_off = {"enabled=false", "at_start=0", "new_per_year=0"};
    t.leadership_choices({"at_start", "new_per_year", "champions", "ownership_growth"});
    return t;
  }();
  return table;
}

// Stops an initiative's cycles and frees their teams.
void end_initiative(SchoolState& s, int index) {
  s.initiatives.launched[static_cast<std::size_t>(index)].active = false;
  std::erase_if(s.pdsa.cycles, [&](const Cycle& cycle) {
    if (cycle.initiative != index) return false;
    for (const std::uint32_t slot : cycle.team) {
      auto& n = s.staff.conditions.on_team[slot];
      if (n > 0) --n;
    }
    return true;
  });
}

int champion_count(const SchoolState& s, int initiative) {
  const std::uint32_t bit = 1u << initiative;
  int n = 0;
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot)
    n += (s.staff.conditions.owns[slot] & bit) ? 1 : 0;
  return n;
}

void launch_initiative(SchoolState& s, const RunContext& c, int week) {
  // The scenario's validation guarantees the limit (school_model.cpp).
  if (static_cast<int>(s.initiatives.launched.size()) >= kMaxInitiatives) return;
  const int index = static_cast<int>(s.initiatives.launched.size());
  Initiative initiative;
  initiative.active = true;
  initiative.launched_week = week;
  initiative.number = index + 1;
  s.initiatives.launched.push_back(initiative);
  ++s.initiatives.launched_total;
  std::string detail = "Initiative " + std::to_string(index + 1) + " launched";
  if (c.p.initiatives.enabled) {
    const std::uint32_t bit = 1u << index;
    auto& owns = s.staff.conditions.owns;
    const auto wanted = static_cast<std::size_t>(s.levers.champions);
    std::size_t chosen = 0;
    if (!s.levers.staff_decide) {
      owns[0] |= bit;  // the principal owns what the principal decides
      ++chosen;
    }
    // Launch draws use entities above any person id (ownership growth is
    // keyed by person id), so the two never share a stream.
    constexpr std::uint32_t kLaunchEntityBase = 0x40000000u;
    RandomStream r(c.key(kLaunchEntityBase + static_cast<std::uint32_t>(index),
                         static_cast<std::uint32_t>(week), purpose::kChampions));
    const auto teachers = static_cast<std::uint32_t>(s.teachers());
    for (int attempt = 0; chosen < std::min<std::size_t>(wanted, teachers) && attempt < 200;
         ++attempt) {
      const std::uint32_t slot = 1 + r.below(teachers);
      if (!s.present(slot) || (owns[slot] & bit)) continue;
      owns[slot] |= bit;
      ++chosen;
    }
    detail += " with " + plural(static_cast<int>(chosen), "champion");
  }
  // The subtraction game: stop something old for each new thing.
  if (c.p.capacity.enabled && c.p.capacity.subtraction_game && week > 0) {
    if (s.capacity.legacy_activities > 0) {
      --s.capacity.legacy_activities;
      detail += "; an old activity was stopped to make room (subtraction game)";
    } else {
      for (auto& old : s.initiatives.launched) {
        if (!old.active || old.number == index + 1) continue;
        end_initiative(s, old.number - 1);
        s.log(week, EventKind::kInitiativeRetired, -1,
              "Initiative " + std::to_string(old.number) +
                  " was retired to make room for the new one (subtraction game); its adopted "
                  "practices stay.");
        break;
      }
    }
  }
  s.log(week, EventKind::kInitiativeLaunched, -1, detail + ".");
}

void champions_on_departure(SchoolState& s, const RunContext& c, std::size_t slot, int week) {
  auto& owns = s.staff.conditions.owns;
  const std::uint32_t owned = owns[slot];
  owns[slot] = 0;
  if (!c.p.initiatives.enabled || owned == 0) return;
  const std::string who = slot == 0 ? "The principal" : "A teacher";
  for (int i = 0; i < static_cast<int>(s.initiatives.launched.size()); ++i) {
    auto& initiative = s.initiatives.launched[static_cast<std::size_t>(i)];
    if (!(owned & (1u << i)) || !initiative.active) continue;
    const int left = champion_count(s, i);
    s.log(week, EventKind::kChampionLeft, s.staff.records.person_id[slot],
          who + ", a champion of initiative " + std::to_string(initiative.number) + ", left; " +
              (left == 0 ? std::string("no champion remains.")
                         : plural(left, "champion") + (left == 1 ? " remains." : " remain.")));
    if (left > 0) continue;
    end_initiative(s, i);
    ++s.initiatives.collapsed_total;
    int faded = 0;
    if (c.p.initiatives.fade_on_collapse) {
      for (int l = 0; l < s.layers; ++l) {
        const auto li = static_cast<std::size_t>(l);
        faded += std::popcount(s.code_known[li] & initiative.adopted[li]);
        s.code_known[li] &= ~initiative.adopted[li];
      }
    }
    s.log(week, EventKind::kInitiativeCollapsed, -1,
          "Initiative " + std::to_string(initiative.number) +
              " collapsed: its last champion left." +
              (faded == 1  ? std::string(" The practice it had brought into the shared way faded.")
               : faded > 1 ? " The " + std::to_string(faded) +
                                 " practices it had brought into the shared way faded."
                           : ""));
  }
}

void champions_grow(SchoolState& s, const RunContext& c, int initiative, const std::uint32_t* team,
                    std::size_t count, int week) {
  const auto& p = c.p.initiatives;
  if (!p.enabled || p.ownership_growth <= 0.0) return;
  const std::uint32_t bit = 1u << initiative;
  const std::uint64_t grow = RandomStream::bernoulli_threshold(p.ownership_growth);
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint32_t slot = team[k];
    auto& owns = s.staff.conditions.owns[slot];
    if (owns & bit) continue;
    RandomStream r(c.key(s.staff.records.person_id[slot], static_cast<std::uint32_t>(week + 1),
                         purpose::kChampions));
    if (!r.bernoulli_u32(grow)) continue;
    owns |= bit;
    s.log(week, EventKind::kChampionJoined, s.staff.records.person_id[slot],
          std::string(slot == 0 ? "The principal" : "A teacher") +
              " on the team took ownership of "
              "initiative " +
              std::to_string(s.initiatives.launched[static_cast<std::size_t>(initiative)].number) +
              "; it now has " + plural(champion_count(s, initiative), "champion") + ".");
  }
}

void initiatives_summer(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const int week = w.week;
  const int lifetime = c.p.initiatives.lifetime_years;
  const int weeks_per_year = c.p.school.weeks_per_year;
  for (int i = 0; i < static_cast<int>(s.initiatives.launched.size()); ++i) {
    auto& initiative = s.initiatives.launched[static_cast<std::size_t>(i)];
    if (!initiative.active || lifetime == 0) continue;
    if ((week + 1 - initiative.launched_week) < lifetime * weeks_per_year) continue;
    end_initiative(s, i);
    s.log(week, EventKind::kInitiativeRetired, -1,
          "Initiative " + std::to_string(initiative.number) + " completed its " +
              plural(lifetime, "year") + "; the ideas it adopted stay in the shared way.");
  }
  // No launch in the summer after the last year: it would start after the
  // run ends and only inflate the count of launches.
  if (week + 1 >= c.p.school.years * weeks_per_year) return;
  for (int k = 0; k < c.p.initiatives.new_per_year; ++k) launch_initiative(s, c, week);
}

void Initiatives::at_run_start(SchoolState& s, const RunContext& c) {
  for (int k = 0; k < c.p.initiatives.at_start; ++k) launch_initiative(s, c, 0);
}

void Initiatives::lever_changed(SchoolState& s, const RunContext& c, std::string_view key) {
  const SchoolParams& p = c.p;
  if (key == "champions") s.levers.champions = p.initiatives.champions;
}

}  // namespace loom
