#pragma once
// The school's make-up: how many staff and students, how many practice
// dimensions, how long a run lasts, and how staff are grouped into teams.
#include <cstdint>
#include <string>

#include "models/school/mechanism.hpp"
#include "sim/input/parameter.hpp"

namespace loom {

struct SchoolSetupParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int teachers{};
  int students{};
  int dimensions{};
  int years{};
  int weeks_per_year{};
  int team_size{};
  int cross_team_ties{};
  double poverty{};
  int history_years{};
  std::string practice_names;  // comma-separated; "" = the built-in names
};

const ParameterTable<SchoolSetupParams>& school_setup_table();

// The name the story gives practice dimension `d` (0-based): the scenario's
// `school.practice_names`, else the built-in name, else "practice d+1".
// The first `students.divergent_dimensions` dimensions are those that work
// the other way for underserved students, so the built-in names start with
// practices where students' backgrounds plausibly matter.
// Computed when a story sentence needs it (a few hundred times a run), not
// stored per school: a network of 10,000 schools would hold 300,000 strings.
std::string practice_name(const SchoolSetupParams& p, int dimension);

namespace purpose {
inline constexpr Purpose kStudentSetup{8};  // subgroup and responsiveness of students
inline constexpr Purpose kVoice{10};        // beliefs of student and family voice members
inline constexpr Purpose kStaffSetup{11};   // tenure of the first staff
inline constexpr Purpose kTies{12};         // who has a colleague outside their team
}  // namespace purpose

struct SchoolState;
struct SchoolParams;
// Builds a school for replicate `run`: staff with their tenure and
// experience, teams and ties, students, voices, then each section's
// at_start. All draws keyed by (seed, run, school_id, ...); school 0 is the
// single school of the school model. `keep_series` false keeps one row of
// the weekly series (a member of a network, which reads only the latest).
SchoolState build_school(const SchoolParams& params, std::uint64_t seed, std::uint64_t run,
                         std::uint32_t school_id = 0, bool keep_series = true);

// The school's make-up, as a section of the school model
// (mechanisms/mechanisms.hpp): no phases of its own; the school is built
// from it (build_school).
struct SchoolSetup {
  using Params = SchoolSetupParams;
  static const ParameterTable<Params>& table() { return school_setup_table(); }
  using State = NoState;
  static constexpr Purpose purposes[] = {purpose::kStudentSetup, purpose::kVoice,
                                         purpose::kStaffSetup, purpose::kTies};
};

}  // namespace loom
