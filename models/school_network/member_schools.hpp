#pragma once
// Who the member schools are (sections [schools] and [membership]).
//
// Every school starts from the school sections of the scenario ([school],
// [leadership], [turnover], ...), then differs in:
// - size: students x f with f uniform in 1 +/- size_spread, teachers
//   scaled by the same f (the scenario's student-teacher ratio);
// - poverty: uniform between poverty_min and poverty_max (school.poverty,
//   which sets its turnover base rate, turnover.hpp);
// - leadership: "as-set" keeps the scenario's levers for every school;
//   "mixed" gives a share `shared_share` of schools the shared-leadership
//   levers and the rest the top-down ones (the two presets' differences);
// - capacity: capacity.initial_capacity +/- capacity_spread hours.
// Or, from schools.file (network_files.hpp), a network's real schools:
// each row sets that school's students, teachers, poverty and style
// ("shared" and "top-down" as under mixed; "as-set" keeps the scenario's
// levers); capacity is still drawn, and the row's poverty wins over a
// slice's or wedge's band.
// Membership: a random assortment of schools, a strategic slice of one
// system (poverty within 0.1 of `system_poverty`; schools that know each
// other: tie trust + system_trust), or a vertical wedge: a slice whose teams
// include district and partner members, who remove competing load (each
// school stops `wedge_load_relief` legacy activities) and support the work
// (`wedge_support`, which continues after the hub's funding ends).
#include <cstdint>
#include <string>

#include "models/school/mechanisms/mechanisms.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/input/parameter.hpp"

namespace loom {

enum class StyleMix : int { kAsSet = 0, kMixed = 1 };
enum class Recruitment : int { kRandom = 0, kSlice = 1, kWedge = 2 };

struct MemberSchoolParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  double size_spread{};
  double poverty_min{};
  double poverty_max{};
  int leadership{};
  double shared_share{};
  double capacity_spread{};
  std::string file;  // absolute, or "" (scenario.cpp resolves it)
};

struct MembershipParams {
  int recruitment{};
  double system_poverty{};
  double system_trust{};
  int wedge_load_relief{};
  double wedge_support{};
};

const ParameterTable<MemberSchoolParams>& member_school_table();
const ParameterTable<MembershipParams>& membership_table();

// The levers in which the top-down and shared-leadership presets differ
// (scenarios/top-down.toml, scenarios/shared-leadership.toml; a test checks
// they match).
void apply_leadership_style(SchoolParams& p, bool shared);

// One member school as drawn.
struct MemberSchool {
  SchoolParams params;
  std::string style;  // "as-set", "shared" or "top-down"
};

struct SchoolRow;
// `row`: the school's row in schools.file, or nullptr to draw it.
MemberSchool draw_member_school(const SchoolParams& base, const MemberSchoolParams& schools,
                                const MembershipParams& membership, RandomStream& stream,
                                const SchoolRow* row = nullptr);

}  // namespace loom
