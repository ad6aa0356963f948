#pragma once
// The school's make-up: how many staff and students, how many practice
// dimensions, how long a run lasts, and how staff are grouped into teams.
#include "sim/parameter.hpp"

namespace loom {

struct SchoolSetupParams {
  int teachers = 59;
  int students = 900;
  int dimensions = 30;
  int years = 5;
  int weeks_per_year = 36;
  int team_size = 6;
  int cross_team_ties = 1;
  double poverty = 0.5;
};

const ParameterTable<SchoolSetupParams>& school_setup_table();

}  // namespace loom
