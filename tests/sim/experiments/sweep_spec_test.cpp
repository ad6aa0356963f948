// Sweep files (sim/experiments/sweep_spec.hpp): every mistake a researcher can make in
// one is an error naming the file, the line and what is allowed, before
// anything runs. Also the journal that lets a killed sweep resume
// (sim/output/unit_journal.hpp) and the unit record it stores (sim/output/unit_record.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "models/catalog/model_catalog.hpp"
#include "sim/experiments/sweep_spec.hpp"
#include "sim/output/unit_journal.hpp"
#include "sim/output/unit_record.hpp"
#include "sim/run/model.hpp"
#include "tests/same_bits.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

// The error a sweep text gets, parsed and resolved against the school model.
std::string sweep_error(const std::string& text) {
  try {
    SweepSpec spec = parse_sweep_spec(text, "s.toml");
    auto model = make_model(spec.model.empty() ? "school" : spec.model);
    spec.model = spec.model.empty() ? "school" : spec.model;
    resolve_factors(spec, model->sections());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

const std::string kHead = "[sweep]\nmodel = \"school\"\ndesign = \"lhs\"\nsamples = 8\n";

}  // namespace

TEST_CASE("A valid sweep file reads in file order", "[sweep]") {
  const SweepSpec spec =
      parse_sweep_spec(kHead +
                           "[factors]\n"
                           "\"school.poverty\" = { min = 0.1, max = 0.9 }\n"
                           "\"leadership.learn_from\" = { levels = [\"leaders\", "
                           "\"everyone\"] }\n",
                       "s.toml");
  REQUIRE(spec.factors.size() == 2);
  CHECK(spec.factors[0].key == "school.poverty");
  CHECK(spec.factors[0].where == "s.toml:6");
  CHECK(spec.factors[1].key == "leadership.learn_from");
  CHECK(spec.design == "lhs");
  CHECK(spec.samples == 8);
  CHECK(sweep_point_count(spec) == 8);
}

TEST_CASE("Sweep file errors name the line and what is allowed", "[sweep]") {
  const std::string factors = "[factors]\n\"school.poverty\" = { min = 0.1, max = 0.9 }\n";
  // Unknown factor key, with the nearest valid one.
  auto e = sweep_error(kHead + "[factors]\n\"school.povrty\" = { min = 0.1, max = 0.9 }\n");
  CHECK_THAT(e, Catch::Contains("s.toml:6") && Catch::Contains("unknown parameter") &&
                    Catch::Contains("did you mean 'school.poverty'"));
  // A range outside the parameter's allowed range.
  e = sweep_error(kHead + "[factors]\n\"school.poverty\" = { min = 0.1, max = 1.5 }\n");
  CHECK_THAT(e, Catch::Contains("s.toml:6") && Catch::Contains("outside the allowed range") &&
                    Catch::Contains("0 to 1"));
  // Empty levels.
  e = sweep_error(kHead + "[factors]\n\"school.poverty\" = { levels = [] }\n");
  CHECK_THAT(e, Catch::Contains("s.toml:6") && Catch::Contains("non-empty"));
  // A level that is not one of the choices.
  e = sweep_error(kHead + "[factors]\n\"leadership.learn_from\" = { levels = [\"all\"] }\n");
  CHECK_THAT(e, Catch::Contains("s.toml:6") && Catch::Contains("leaders, everyone"));
  // samples < 2.
  e = sweep_error("[sweep]\nmodel = \"school\"\nsamples = 1\n" + factors);
  CHECK_THAT(e, Catch::Contains("s.toml:3") && Catch::Contains("from 2 to"));
  // Unknown design, with a suggestion.
  e = sweep_error("[sweep]\nmodel = \"school\"\ndesign = \"lhd\"\nsamples = 4\n" + factors);
  CHECK_THAT(e, Catch::Contains("s.toml:3") && Catch::Contains("grid, lhs, sobol, morris") &&
                    Catch::Contains("did you mean 'lhs'"));
  // A grid over a range.
  e = sweep_error("[sweep]\nmodel = \"school\"\ndesign = \"grid\"\n" + factors);
  CHECK_THAT(e, Catch::Contains("s.toml:5") && Catch::Contains("needs levels"));
  // Unknown [sweep] key.
  e = sweep_error(kHead + "replicate = 3\n" + factors);
  CHECK_THAT(e, Catch::Contains("s.toml:5") && Catch::Contains("did you mean 'replicates'"));
  // Both base and model; neither.
  e = sweep_error("[sweep]\nmodel = \"school\"\nbase = \"x.toml\"\nsamples = 4\n" + factors);
  CHECK_THAT(e, Catch::Contains("exactly one of `base`"));
  // A categorical factor given a range.
  e = sweep_error(kHead + "[factors]\n\"leadership.learn_from\" = { min = 0, max = 1 }\n");
  CHECK_THAT(e, Catch::Contains("s.toml:6") && Catch::Contains("give levels"));
  // Odd Morris levels.
  e = sweep_error(
      "[sweep]\nmodel = \"school\"\ndesign = \"morris\"\nsamples = 4\n"
      "morris_levels = 3\n" +
      factors);
  CHECK_THAT(e, Catch::Contains("s.toml:5") && Catch::Contains("even"));
  // No factors.
  e = sweep_error(kHead);
  CHECK_THAT(e, Catch::Contains("no [factors]"));
  // A missing base file.
  e = sweep_error("[sweep]\nbase = \"no-such.toml\"\nsamples = 4\n" + factors);
  CHECK_THAT(e, Catch::Contains("s.toml:2") && Catch::Contains("no scenario file"));
}

TEST_CASE("A factor maps design coordinates to its levels or range", "[sweep]") {
  SweepSpec spec = parse_sweep_spec(kHead +
                                        "[factors]\n"
                                        "\"school.teachers\" = { min = 10, max = 20 }\n"
                                        "\"school.poverty\" = { levels = [0.2, 0.4, 0.8] }\n",
                                    "s.toml");
  auto model = make_model("school");
  spec.model = "school";
  resolve_factors(spec, model->sections());
  // Integers are rounded; levels are read in equal thirds of [0, 1].
  CHECK(spec.factors[0].value_at(0.0) == 10);
  CHECK(spec.factors[0].value_at(0.54) == 15);
  CHECK(spec.factors[0].value_at(1.0) == 20);
  CHECK(spec.factors[1].value_at(0.1) == 0.2);
  CHECK(spec.factors[1].value_at(0.5) == 0.4);
  CHECK(spec.factors[1].value_at(1.0) == 0.8);
}

TEST_CASE("A unit record round-trips bit for bit", "[sweep]") {
  RunOutput out;
  out.summary = {1.5, -0.0, 1e-300};
  out.series = {0.25, 0.5};
  out.events.push_back({3, 0, "champion_left", 17, "A champion left\nwith a newline"});
  std::vector<unsigned char> bytes;
  encode_unit(42, out, {true, true}, bytes);
  std::uint64_t unit = 0;
  const RunOutput back = decode_unit(bytes, &unit);
  CHECK(unit == 42);
  CHECK(loom::testing::same_bits(back.summary, out.summary));
  CHECK(loom::testing::same_bits(back.series, out.series));
  REQUIRE(back.events.size() == 1);
  CHECK(back.events[0].detail == out.events[0].detail);
  CHECK(back.events[0].actor == 17);
  bytes.pop_back();
  CHECK_THROWS(decode_unit(bytes, &unit));
}

TEST_CASE("A journal keeps every intact record and cuts a torn tail", "[sweep]") {
  const fs::path path = fs::temp_directory_path() / ("loom_journal_" + std::to_string(::getpid()));
  const JournalHeader header{0x1234, 1, 3};
  auto record = [](std::uint64_t unit) {
    RunOutput o;
    o.summary = {static_cast<double>(unit) * 0.5};
    std::vector<unsigned char> b;
    encode_unit(unit, o, {}, b);
    return b;
  };
  {
    UnitJournal j = UnitJournal::create(path, header);
    for (std::uint64_t u = 0; u < 5; ++u) j.append(record(u));
    j.sync();
  }
  // A kill in the middle of a write: half a record at the end.
  {
    std::ofstream tail(path, std::ios::binary | std::ios::app);
    const auto half = record(5);
    tail.write(reinterpret_cast<const char*>(half.data()), 7);
  }
  std::vector<std::uint64_t> units;
  {
    UnitJournal j = UnitJournal::resume(path, header, [&](std::span<const unsigned char> p) {
      std::uint64_t u = 0;
      decode_unit(p, &u);
      units.push_back(u);
    });
    CHECK(units == std::vector<std::uint64_t>{0, 1, 2, 3, 4});
    j.append(record(5));
  }
  units.clear();
  UnitJournal::read(path, [&](std::span<const unsigned char> p) {
    std::uint64_t u = 0;
    decode_unit(p, &u);
    units.push_back(u);
  });
  CHECK(units == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5});
  // A journal of another plan or shard is refused, naming both.
  CHECK_THROWS_WITH(
      UnitJournal::resume(path, {0x9999, 1, 3}, nullptr),
      Catch::Contains("belongs to another sweep") && Catch::Contains("0x0000000000001234"));
  // A flipped byte inside a record ends the intact part there.
  {
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(48 + 4 + 20);
    f.put('\x7f');
  }
  units.clear();
  UnitJournal::read(path, [&](std::span<const unsigned char>) { units.push_back(0); });
  CHECK(units.empty());
  fs::remove(path);
}

TEST_CASE("A journal is only ever a regular file", "[sweep]") {
  // Hardening round 2, items 11-12: a FIFO journal hung --resume, and a
  // dangling OUT.h5.journal link had its target created.
  const fs::path dir =
      fs::temp_directory_path() / ("loom_journal_kinds_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const JournalHeader header{0x1234, 1, 3};
  REQUIRE(mkfifo((dir / "fifo.journal").c_str(), 0600) == 0);
  CHECK_THROWS_WITH(UnitJournal::resume(dir / "fifo.journal", header, nullptr),
                    Catch::Contains("is not a regular file"));
  CHECK_THROWS_WITH(UnitJournal::read(dir / "fifo.journal", nullptr),
                    Catch::Contains("is not a regular file"));
  CHECK_THROWS_WITH(UnitJournal::create(dir / "fifo.journal", header),
                    Catch::Contains("is a named pipe"));
  fs::create_symlink(dir / "target", dir / "link.journal");
  CHECK_THROWS_WITH(UnitJournal::create(dir / "link.journal", header),
                    Catch::Contains("is a symbolic link"));
  CHECK_FALSE(fs::exists(dir / "target"));
  fs::remove_all(dir);
}
