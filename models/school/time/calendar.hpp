#pragma once
// School time: a tick is one instructional week; a school year is a number of
// instructional weeks followed by a summer, which is not ticked week by week
// but is the moment turnover and hiring happen.
namespace loom {

struct SchoolCalendar {
  int instructional_weeks = 36;  // per school year
  int years = 5;

  int total_weeks() const { return instructional_weeks * years; }
  int year_of(int week) const { return week / instructional_weeks; }
  int week_in_year(int week) const { return week % instructional_weeks; }
  bool ends_year(int week) const { return week_in_year(week) == instructional_weeks - 1; }
};

}  // namespace loom
