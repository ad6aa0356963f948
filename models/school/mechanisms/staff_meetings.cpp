#include "models/school/mechanisms/staff_meetings.hpp"

#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<MeetingParams>& meeting_table() {
  static const ParameterTable<MeetingParams> table = [] {
    ParameterTable<MeetingParams> t{
        "meetings", "Staff meetings (when the shared way changes)", {}, {}};
    t.add(&MeetingParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "The shared way changes only at meetings",
           "Off: the shared way learns every week from exact results on every practice, as in "
           "March (1991) (the docking mode; too fast for a school)",
           "March 1991; Fixsen et al. 2005 (implementation takes 2-4 years)"});
    t.fixed_at_start("switches a mechanism for the whole run");
    t.add(&MeetingParams::every_weeks,
          {"every_weeks", ValueKind::kInteger, 9, 1, 36, "weeks",
           "Weeks between meetings that set the shared way",
           "Instructional weeks between staff meetings that can change the shared way (the "
           "first week of each year is always one); 9 = the start of the year and a data review "
           "each quarter",
           "Loom assumption, illustrative: chosen so that most of what the school learns arrives "
           "through tested ideas (docs/validation.md, section i)"});
    t.add(&MeetingParams::agenda_items,
          {"agenda_items", ValueKind::kInteger, 1, 1, 64, "practices",
           "Practices one meeting can change",
           "Most practices a meeting takes up: those where colleagues seen doing better agree "
           "most strongly against the shared way",
           "Loom assumption, illustrative"});
    t.add(&MeetingParams::observation_noise,
          {"observation_noise", ValueKind::kReal, 5.0, 0, 30, "score points (SD)",
           "How noisy colleagues' results look",
           "Standard deviation of the error in a colleague's results as staff see them, in the "
           "units of a classroom's score (practices matched minus missed, -dimensions to "
           "+dimensions); 5 is about the spread of classroom scores before any shared practice",
           "Loom assumption, illustrative"});
    return t;
  }();
  return table;
}

bool staff_meeting_due(const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.meetings;
  return !p.enabled || w.week_in_year % p.every_weeks == 0;
}

}  // namespace loom
