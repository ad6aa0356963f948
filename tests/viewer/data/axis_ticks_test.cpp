#include "viewer/data/axis_ticks.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "viewer/data/time_axis.hpp"

using namespace loom::viewer;

TEST_CASE("Ticks fall on 1, 2 or 5 times a power of ten inside the range", "[viewer]") {
  const auto unit = nice_ticks(0.0, 1.0, 5);
  REQUIRE(unit.size() == 6);
  for (std::size_t i = 0; i < unit.size(); ++i)
    CHECK(unit[i] == Approx(0.2 * static_cast<double>(i)));
  CHECK(nice_ticks(0, 179, 6) == std::vector<double>{0, 50, 100, 150});
  CHECK(nice_step(-0.32, 0.47, 5) == Approx(0.2));
  const auto t = nice_ticks(-0.32, 0.47, 5);
  REQUIRE(t.size() == 4);
  CHECK(t.front() == Approx(-0.2));
  CHECK(t[1] == 0.0);
  CHECK_FALSE(std::signbit(t[1]));  // never "-0"
  for (double v : t) {
    CHECK(v >= -0.32);
    CHECK(v <= 0.47);
  }
  CHECK(nice_ticks(5, 5, 5).size() <= 1);
}

TEST_CASE("Tick labels carry the decimals their step needs", "[viewer]") {
  CHECK(format_tick(0.25, 0.05) == "0.25");
  CHECK(format_tick(1.0, 0.5) == "1.0");
  CHECK(format_tick(150, 50) == "150");
  CHECK(format_tick(-1e-17, 0.1) == "0.0");
}

TEST_CASE("Flat or empty series still get a usable axis", "[viewer]") {
  const AxisRange flat = padded_range(0.3, 0.3);
  CHECK(flat.lo < 0.3);
  CHECK(flat.hi > 0.3);
  const AxisRange none = padded_range(std::numeric_limits<double>::quiet_NaN(), 1.0);
  CHECK(none.lo == 0.0);
  CHECK(none.hi == 1.0);
  const AxisRange r = padded_range(0.0, 10.0, 0.1);
  CHECK(r.lo == Approx(-1.0));
  CHECK(r.hi == Approx(11.0));
}

TEST_CASE("Weeks read as school years and weeks", "[viewer]") {
  CHECK(time_point_label(0, 36, "week") == "Year 1, week 1");
  CHECK(time_point_label(40, 36, "week") == "Year 2, week 5");
  CHECK(time_point_label(40, 0, "week") == "Week 41");
  CHECK(time_point_label(9, 0, "period") == "Period 10");
  CHECK(time_point_short(40, 36, "week") == "Y2 W5");
}
