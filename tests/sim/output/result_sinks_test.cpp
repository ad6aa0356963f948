#include "sim/output/result_sinks.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "sim/output/hdf5_file.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

RunOutput unit_output(std::uint64_t unit) {
  const auto r = static_cast<double>(unit);
  RunOutput out;
  out.series = {1.0 * r, 2.0 * r, 3.0 * r, 4.0 * r};  // 2 steps x 2 metrics
  out.summary = {0.5 * r};
  out.events.push_back({1, 0, "thing_happened", -1, "Something happened."});
  if (unit == 1) {
    out.tables.push_back(
        {"extra",
         {{"week", std::vector<std::int64_t>{0, 1}}, {"value", std::vector<double>{0.25, 0.75}}}});
  }
  return out;
}

}  // namespace

TEST_CASE("The streaming sink flushes what is done, and a copy of the .partial says how far",
          "[sinks][hdf5]") {
  const fs::path dir = fs::temp_directory_path() / ("loom_sinks_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path path = dir / "stream.h5", snapshot = dir / "snapshot.h5";
  const RunPlan plan({{"s", "test", "x = 1\n", 3, 4}});
  OutputLayout layout{"week", 2, {"a", "b"}, {"f"}, true, 2};
  {
    Hdf5Writer out(path);
    Hdf5StreamSink sink(out, plan, {{"s", ScenarioHeader{}, "x = 1\n", layout}},
                        /*flush_seconds=*/0.0);
    for (std::uint64_t r = 0; r < 3; ++r) sink.on_unit_done(plan.unit(r), unit_output(r));
    // Flushed after every unit (flush_seconds = 0): a byte copy of the
    // .partial file taken now is a readable HDF5 file with 3 of 4 runs.
    fs::copy_file(out.partial_path(), snapshot, fs::copy_options::overwrite_existing);
    sink.on_unit_done(plan.unit(3), unit_output(3));
    sink.finish();
    out.commit();
  }
  {
    const Hdf5Reader partial(snapshot);
    CHECK_THROWS_AS(partial.number_attribute("/", "complete"), Hdf5Error);  // not complete
    CHECK(partial.number_attribute("/", "units_done") == 3);
    CHECK(partial.number_attribute("/", "units_total") == 4);
    CHECK(partial.number_attribute("/scenarios/s", "units_done") == 3);
    CHECK(partial.shape("/scenarios/s/timeseries") == std::vector<std::uint64_t>{3, 2, 2});
    CHECK(partial.column_doubles("/scenarios/s/summary", "f") == std::vector<double>{0, 0.5, 1});
  }
  const Hdf5Reader in(path);
  const std::string g = "/scenarios/s";
  CHECK(in.number_attribute("/", "complete") == 1);
  CHECK(in.string_attribute("/", "plan_hash") == hash_hex(plan.hash()));
  CHECK(in.number_attribute(g, "units_done") == 4);
  CHECK(in.number_attribute(g, "steps_per_year") == 2);
  CHECK(in.shape(g + "/timeseries") == std::vector<std::uint64_t>{4, 2, 2});
  CHECK(in.doubles(g + "/timeseries") ==
        std::vector<double>{0, 0, 0, 0, 1, 2, 3, 4, 2, 4, 6, 8, 3, 6, 9, 12});
  CHECK(in.column_doubles(g + "/summary", "run") == std::vector<double>{0, 1, 2, 3});
  CHECK(in.column_doubles(g + "/events", "run") == std::vector<double>{0, 1, 2, 3});
  // A model table: `run` in front, created by the first run that had rows.
  CHECK(in.column_doubles(g + "/extra", "run") == std::vector<double>{1, 1});
  CHECK(in.column_doubles(g + "/extra", "value") == std::vector<double>{0.25, 0.75});
  fs::remove_all(dir);
}

TEST_CASE("The streaming sink refuses units out of plan order", "[sinks][hdf5]") {
  const fs::path path =
      fs::temp_directory_path() / ("loom_sinks_order_" + std::to_string(::getpid()) + ".h5");
  const RunPlan plan({{"s", "test", "", 3, 2}});
  OutputLayout layout{"week", 2, {"a", "b"}, {"f"}, false, 0};
  Hdf5Writer out(path);
  Hdf5StreamSink sink(out, plan, {{"s", ScenarioHeader{}, "", layout}});
  CHECK_THROWS_AS(sink.on_unit_done(plan.unit(1), unit_output(1)), std::logic_error);
}
