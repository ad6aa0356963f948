#pragma once
// The school's make-up: how many staff and students, how many practice
// dimensions, how long a run lasts, and how staff are grouped into teams.
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
};

const ParameterTable<SchoolSetupParams>& school_setup_table();

}  // namespace loom
