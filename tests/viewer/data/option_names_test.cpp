#include "viewer/data/option_names.hpp"

#include <catch2/catch.hpp>

using namespace loom::viewer;

namespace {
OptionNames with_presets() {
  OptionNames o;
  o.preset_folders = {std::string(LOOM_SOURCE_DIR) + "/scenarios"};
  return o;
}
}  // namespace

TEST_CASE("Every name-taking option of the viewer refuses a typo with the nearest name",
          "[viewer]") {
  OptionNames o = with_presets();
  CHECK(check_option_names(o).empty());
  o.tab = "shcools";
  CHECK(check_option_names(o) ==
        "--tab shcools: no such tab; did you mean 'schools'? (compare, whatif, staff-network, "
        "network, sensitivity, schools, calibration)");
  o.tab = "staff-network";
  o.whatif = {"top-down", "network/buddy"};  // as `loom compare` names them
  CHECK(check_option_names(o).empty());
  o.whatif = {"top-down", "network/budy"};
  CHECK_THAT(check_option_names(o), Catch::StartsWith("--whatif 'network/budy'") &&
                                        Catch::Contains("did you mean 'network/buddy'?"));
  o.whatif.clear();
  o.field = "outcome_mean";
  CHECK(check_option_names(o) == "--field is for a sweep file (loom sweep), and none is given");
  o.field.clear();
  o.scenario = "buddy";  // no results file given: nothing has that id
  CHECK_THAT(check_option_names(o),
             Catch::StartsWith("--scenario buddy: no scenario of that id in the files given"));
}
