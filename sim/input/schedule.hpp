#pragma once
// Scheduled lever changes: "from year 2, week 1: lead in a shared way".
//
// A scenario file may hold [[schedule]] entries, each with a 1-based school
// `year`, an optional 1-based `week` in that year (default 1), an optional
// `label` and any number of "section.key" = value pairs:
//
//   [[schedule]]
//   year = 2
//   label = "Move to shared leadership"
//   "leadership.learn_from" = "everyone"
//
// Values are validated like any key (kind, range, nearest key); a parameter
// fixed at the start of a run (ParameterInfo::fixed_at_start: sizes, the
// calendar, anything drawn at setup) cannot be scheduled. The model applies
// an entry at the start of its week, before anything else happens that week;
// an entry for year 1, week 1 applies from the start, setup included.
//
// Inheritance: a file's [[schedule]] replaces its base's whole schedule
// (entries are not merged: the timeline reads as written in one place);
// `schedule = []` drops the base's. The resolved scenario stored in a
// results file lists the schedule in force, so it re-runs on its own.
#include <string>
#include <vector>

namespace loom {

struct ScheduledValue {
  std::string section;  // "leadership"
  std::string key;      // "learn_from"
  double value = 0.0;   // as ParameterSection::set takes it (a choice's index)
  std::string origin;   // "x.toml:14"
};

struct ScheduledChange {
  int year = 1;        // 1-based school year
  int week = 1;        // 1-based week of that year
  std::string label;   // "Move to shared leadership"; may be empty
  std::string origin;  // "x.toml:12", where the entry's year is set
  std::vector<ScheduledValue> values;

  // 0-based week since the start of the run.
  int step(int weeks_per_year) const { return (year - 1) * weeks_per_year + (week - 1); }
  // "Year 2", or "Year 2, week 10" when not the first week.
  std::string when() const;
};

// In time order (stable for entries of the same week: file order).
using Schedule = std::vector<ScheduledChange>;

// The calendar entries are placed on (the school model's years and weeks).
struct ScheduleCalendar {
  int years = 0;
  int weeks_per_year = 0;
};

}  // namespace loom
