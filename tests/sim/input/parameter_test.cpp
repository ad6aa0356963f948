#include "sim/input/parameter.hpp"

#include <catch2/catch.hpp>

using namespace loom;

namespace {
struct Toy {
  double rate = 0;
  int count = 0;
  bool on = false;
  int mode = 0;
};
constexpr std::array<std::string_view, 2> kModes{"slow", "fast"};
ParameterTable<Toy> toy_table() {
  ParameterTable<Toy> t{"toy", "Toy", {}, {}};
  t.add(&Toy::rate, {"rate", ValueKind::kReal, 0.25, 0, 1, "per week", "Rate", "", ""});
  t.add(&Toy::count, {"count", ValueKind::kInteger, 3, 1, 10, "people", "Count", "", ""});
  t.add(&Toy::on, {"on", ValueKind::kBoolean, 1, 0, 1, "", "On", "", ""});
  t.add(&Toy::mode, {"mode", ValueKind::kChoice, 1, 0, 1, "", "Mode", "", "", kModes});
  return t;
}
}  // namespace

TEST_CASE("A table's defaults fill the struct it describes", "[parameters]") {
  const auto t = toy_table();
  const Toy d = t.defaults();
  CHECK(d.rate == 0.25);
  CHECK(d.count == 3);
  CHECK(d.on);
  CHECK(d.mode == 1);
}

TEST_CASE("Validation reports the allowed range and unit", "[parameters]") {
  const auto t = toy_table();
  CHECK(validate_value(t.infos[0], 0.5).empty());
  CHECK(validate_value(t.infos[0], 1.5) == "is out of range: allowed 0 to 1 (per week)");
  CHECK(validate_value(t.infos[1], 2.5).find("whole number") != std::string::npos);
  CHECK_FALSE(validate_value(t.infos[3], 2).empty());
}

TEST_CASE("Text values parse by kind, and bad text is refused", "[parameters]") {
  const auto t = toy_table();
  CHECK(parse_value_text(t.infos[0], "0.3") == 0.3);
  CHECK(parse_value_text(t.infos[2], "false") == 0.0);
  CHECK(parse_value_text(t.infos[3], "slow") == 0.0);
  CHECK_THROWS_WITH(parse_value_text(t.infos[3], "medium"), Catch::Contains("one of: slow, fast"));
  CHECK_THROWS(parse_value_text(t.infos[0], "0.3x"));
}

TEST_CASE("The nearest name is suggested for a typo, nothing for a stranger", "[parameters]") {
  const std::vector<std::string> names{"socialisation_pressure", "code_learning_rate", "insiders"};
  CHECK(nearest_name("socialisation_presure", names) == "socialisation_pressure");
  CHECK(nearest_name("insider", names) == "insiders");
  CHECK(nearest_name("zzz", names).empty());
}

TEST_CASE("Formatted values read back as the same TOML kind", "[parameters]") {
  const auto t = toy_table();
  CHECK(format_value(t.infos[0], 1.0) == "1.0");
  CHECK(format_value(t.infos[1], 4) == "4");
  CHECK(format_value(t.infos[3], 0) == "\"slow\"");
}
