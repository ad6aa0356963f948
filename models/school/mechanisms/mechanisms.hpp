#pragma once
// The school model's sections, in one list: its make-up, each mechanism,
// and its staff-network output. Everything that goes over all of them is
// derived from this list (mechanisms.cpp): the parameters of a school
// (SchoolParams), the state each mechanism keeps in it (SchoolState,
// school_state.hpp), the sections a scenario sets (the school model and
// every member school of a network), the phases of the school week and
// their order (school_phases.cpp), scheduled lever changes
// (scheduled_changes.cpp), and the check that no two random streams share a
// purpose. What each entry declares: models/school/mechanism.hpp.
//
// Adding a mechanism: its file pair here, one line below, its test under
// tests/models/school/mechanisms/ and its section of docs/model.md
// (docs/contributing.md). The order of the list is the order of the
// sections in scenario files, `loom params` and docs/parameters.md, and of
// phases that share a stage.
#include <memory>
#include <string_view>
#include <vector>

#include "models/school/mechanisms/capacity.hpp"
#include "models/school/mechanisms/equity.hpp"
#include "models/school/mechanisms/experience.hpp"
#include "models/school/mechanisms/implementation_dip.hpp"
#include "models/school/mechanisms/initiatives.hpp"
#include "models/school/mechanisms/leadership.hpp"
#include "models/school/mechanisms/pdsa.hpp"
#include "models/school/mechanisms/staff_meetings.hpp"
#include "models/school/mechanisms/student_growth.hpp"
#include "models/school/mechanisms/succession.hpp"
#include "models/school/mechanisms/trust.hpp"
#include "models/school/mechanisms/turnover.hpp"
#include "models/school/school_setup.hpp"
#include "models/school/staff/staff_network_output.hpp"

// X(member name in SchoolParams and SchoolState, the section's struct)
#define LOOM_SCHOOL_SECTIONS(X)        \
  X(school, SchoolSetup)               \
  X(students, Students)                \
  X(leadership, Leadership)            \
  X(meetings, StaffMeetings)           \
  X(implementation, ImplementationDip) \
  X(experience, Experience)            \
  X(pdsa, Pdsa)                        \
  X(equity, Equity)                    \
  X(trust, Trust)                      \
  X(capacity, Capacity)                \
  X(initiatives, Initiatives)          \
  X(turnover, Turnover)                \
  X(succession, Succession)            \
  X(staff_network, StaffNetworkOutput)

namespace loom {

// Every value a school run reads, one struct per section, at its defaults.
struct SchoolParams {
#define LOOM_PARAMS_MEMBER(name, Section) \
  typename Section::Params name = Section::table().defaults();
  LOOM_SCHOOL_SECTIONS(LOOM_PARAMS_MEMBER)
#undef LOOM_PARAMS_MEMBER
};

// What each section keeps in a school (NoState: nothing).
struct SchoolSectionStates {
#define LOOM_STATE_MEMBER(name, Section) [[no_unique_address]] typename Section::State name;
  LOOM_SCHOOL_SECTIONS(LOOM_STATE_MEMBER)
#undef LOOM_STATE_MEMBER
};

// Calls f.template operator()<Section>() for every section, in list order.
template <class F>
void for_each_school_section(F&& f) {
#define LOOM_VISIT(name, Section) f.template operator()<Section>();
  LOOM_SCHOOL_SECTIONS(LOOM_VISIT)
#undef LOOM_VISIT
}

// The sections of `p` as a scenario sets them, bound to its values. A
// network's member schools leave out sections that only a school run of its
// own uses (a section says so with `static constexpr bool
// for_network_members = false;`, as the staff-network output does).
enum class SchoolSectionUse { kSchool, kNetworkMember };
std::vector<std::unique_ptr<ParameterSection>> bind_school_sections(
    SchoolParams& p, SchoolSectionUse use = SchoolSectionUse::kSchool);

// The school with every mechanism switched off (each section's
// switch_off, sim/input/parameter.hpp): March's learning core in a school,
// the docking case (docs/model.md 3.5) and the base of mechanism tests.
SchoolParams march_core_school();

// Every phase of the school week (the school's own, then the mechanisms'),
// in the order they run (mechanism.hpp, Stage).
std::vector<Phase> school_phases();

// Each section's at_setup, in list order, once the school is built.
void setup_school_sections(SchoolState& s, const RunContext& c);
// Each section's at_run_start, in list order, at week 0.
void start_run_sections(SchoolState& s, const RunContext& c);

// `section`.`key` changed in c.p: the section's lever_changed, if any.
void school_lever_changed(SchoolState& s, const RunContext& c, std::string_view section,
                          std::string_view key);
// Every value of c.p may differ from what the school was set up with (the
// week-0 switch from the history's choices to the scenario's): every
// section's lever_changed for each of its keys.
void all_levers_changed(SchoolState& s, const RunContext& c);

// The same school run as usual (its history before week 0, and the
// business-as-usual counterfactual): every leadership choice at its default
// (ParameterInfo::leadership_choice) and each section's as_usual (no new
// improvement work); everything else as in `p`.
SchoolParams business_as_usual(const SchoolParams& p);

// Every purpose of a school run's random streams (the school's core and
// each section's), for the check that they are distinct.
std::vector<Purpose> school_purposes();

}  // namespace loom
