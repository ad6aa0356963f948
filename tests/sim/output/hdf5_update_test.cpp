#include "sim/output/hdf5_update.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "sim/output/hdf5_file.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

fs::path finished_file(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "loom_tests";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  fs::remove(p);
  Hdf5Writer w(p);
  w.create_group("/sweep");
  w.attribute("/sweep", "format", std::string("loom-sweep-1"));
  const std::vector<TableColumn> runs{{"point", std::vector<std::int64_t>{0, 1}},
                                      {"y", std::vector<double>{1.5, 2.5}},
                                      {"label", std::vector<std::string>{"a", "b"}}};
  w.table("/sweep/runs", runs);
  w.commit();
  return p;
}

std::vector<TableColumn> result(double value) {
  return {{"factor", std::vector<std::string>{"x1", "x2"}},
          {"S1", std::vector<double>{value, value / 2}}};
}

}  // namespace

TEST_CASE("Table fields and attributes of a finished file can be listed", "[hdf5]") {
  const fs::path p = finished_file("update_fields.h5");
  const auto fields = table_fields(p, "/sweep/runs");
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].name == "point");
  CHECK(fields[0].type == TableField::Type::kInteger);
  CHECK(fields[1].type == TableField::Type::kFloat);
  CHECK(fields[2].type == TableField::Type::kString);
  CHECK(has_attribute(p, "/sweep", "format"));
  CHECK_FALSE(has_attribute(p, "/sweep", "complete"));
  CHECK(has_attribute(p, "/", "complete"));
  CHECK_FALSE(has_attribute(p, "/nowhere/deep", "format"));
  CHECK_THROWS_AS(table_fields(p, "/sweep/points"), Hdf5Error);
}

TEST_CASE("replace_table adds a table to a finished file and replaces it", "[hdf5]") {
  const fs::path p = finished_file("update_replace.h5");
  TableAttributes a;
  a.integers = {{"points", 20}};
  a.numbers = {{"r2", 0.5}};
  a.texts = {{"note", "first"}};
  replace_table(p, "/sweep/analysis/y/sobol", result(0.4), a);
  {
    const Hdf5Reader r(p);
    CHECK(r.column_doubles("/sweep/analysis/y/sobol", "S1") == std::vector<double>{0.4, 0.2});
    CHECK(r.column_strings("/sweep/analysis/y/sobol", "factor") ==
          std::vector<std::string>{"x1", "x2"});
    CHECK(r.number_attribute("/sweep/analysis/y/sobol", "points") == 20.0);
    CHECK(r.number_attribute("/sweep/analysis/y/sobol", "r2") == 0.5);
    CHECK(r.string_attribute("/sweep/analysis/y/sobol", "note") == "first");
    CHECK(r.column_doubles("/sweep/runs", "y") == std::vector<double>{1.5, 2.5});  // untouched
  }
  replace_table(p, "/sweep/analysis/y/sobol", result(0.6));
  const Hdf5Reader r(p);
  CHECK(r.column_doubles("/sweep/analysis/y/sobol", "S1") == std::vector<double>{0.6, 0.3});
  // Only the table itself: no temporary or previous version is left.
  CHECK(r.dataset_paths() == std::vector<std::string>{"/sweep/analysis/y/sobol", "/sweep/runs"});
}

TEST_CASE("replace_table cleans up after an interrupted earlier replacement", "[hdf5]") {
  // An earlier replacement killed after moving the previous table aside
  // (only "(old)" exists): that table gets its name back, then is replaced.
  const fs::path p = finished_file("update_leftovers.h5");
  replace_table(p, "/t (old)", result(0.1));
  replace_table(p, "/t (new)", result(0.2));  // a half-written new table
  replace_table(p, "/t", result(0.3));
  const Hdf5Reader r(p);
  CHECK(r.column_doubles("/t", "S1") == std::vector<double>{0.3, 0.15});
  CHECK(r.dataset_paths() == std::vector<std::string>{"/sweep/runs", "/t"});
}

TEST_CASE("replace_table failures name the file and leave its content", "[hdf5]") {
  const fs::path p = finished_file("update_fail.h5");
  // Columns of different lengths cannot form a table.
  const std::vector<TableColumn> ragged{{"factor", std::vector<std::string>{"x1"}},
                                        {"S1", std::vector<double>{1.0, 2.0}}};
  CHECK_THROWS_WITH(replace_table(p, "/sweep/analysis/y/sobol", ragged),
                    Catch::Contains("update_fail.h5") && Catch::Contains("differ in length"));
  const Hdf5Reader r(p);
  CHECK(r.dataset_paths() == std::vector<std::string>{"/sweep/runs"});
  CHECK_THROWS_AS(
      replace_table(fs::temp_directory_path() / "loom_tests" / "missing.h5", "/t", result(1.0)),
      Hdf5Error);
}
