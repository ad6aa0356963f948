#pragma once
// Step numbers as people say them: "Year 2, week 5" rather than step 40.
#include <string>

namespace loom::viewer {

// `step` is 0-based. With weeks_per_year > 0 and time_label "week":
// "Year 2, week 5"; otherwise "Week 41" / "Period 41" (1-based).
std::string time_point_label(int step, int weeks_per_year, const std::string& time_label);

// Short form for tight places: "Y2 W5", or "W41".
std::string time_point_short(int step, int weeks_per_year, const std::string& time_label);

}  // namespace loom::viewer
