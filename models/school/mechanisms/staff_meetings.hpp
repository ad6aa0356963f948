#pragma once
// Staff meetings: when the school's shared way can change outside PDSA.
//
// March (1991) lets the organisational code learn from every superior
// performer in every period. Run week by week that makes a school's shared
// way half right after one week, while full implementation of a
// school-wide practice takes two to four years (Fixsen et al. 2005). A
// school changes its shared way at decision points: PDSA "act" steps
// (pdsa.hpp) and staff meetings, modelled here. A meeting
//   - happens every `every_weeks` instructional weeks (the first week of a
//     year is always one: the start-of-year planning days);
//   - judges whose results beat the shared way from results seen with
//     noise (`observation_noise`: a classroom's results say little about
//     which practice made them);
//   - can take up at most `agenda_items` practices: those where the
//     colleagues seen as doing better agree most strongly against the
//     shared way; each changes with March's probability 1 - (1 - p2)^k.
// Switched off, the code learns as in March's model: every week, from
// exact results, on every dimension (the docking mode).
#include <vector>
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"

namespace loom {

struct MeetingParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  int every_weeks{};
  int agenda_items{};
  double observation_noise{};
};

const ParameterTable<MeetingParams>& meeting_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

// Whether the code may learn from colleagues' results this week.
bool staff_meeting_due(const RunContext& c, const WeekContext& w);
// Phase "staff meeting: learn code": at a meeting (every week with meetings
// off, March's rule) the shared way learns from those seen doing better.
void staff_meeting_learn_code(SchoolState& s, const RunContext& c, const WeekContext& w);

struct MeetingState {
  std::vector<double> observation_error;  // how a slot's results look at this meeting
  std::vector<std::size_t> heard_voices;  // voices whose proposal beat the shared way (scratch)
};

namespace purpose {
inline constexpr Purpose kObservation{23};  // how colleagues' results look at a meeting
}  // namespace purpose

struct StaffMeetings {
  using Params = MeetingParams;
  static const ParameterTable<Params>& table() { return meeting_table(); }
  using State = MeetingState;
  static constexpr Phase phases[] = {
      {"staff meeting: learn code", Stage::kStaffMeeting, &staff_meeting_learn_code}};
  static constexpr Purpose purposes[] = {purpose::kObservation};
  static void at_setup(SchoolState& s, const RunContext& c);
};

}  // namespace loom
