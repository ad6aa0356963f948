// `loom sweep` end to end in one process (models/catalog/sweep_runner.hpp):
// shards merged equal one process, a resumed sweep equals an uninterrupted
// one, and bad shard sets are refused. The kill -9 version of the resume
// test, as a user meets it, is tests/cli/sweep_resume_test.sh.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "models/catalog/sweep_runner.hpp"
#include "sim/experiments/sweep_analysis.hpp"
#include "sim/input/scenario.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/unit_journal.hpp"
#include "sim/output/unit_record.hpp"
#include "sim/run/run_plan.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

fs::path temp(const std::string& name) {
  return fs::temp_directory_path() / ("loom_sweep_" + std::to_string(::getpid()) + "_" + name);
}

fs::path write_spec(const std::string& name, const std::string& text) {
  const fs::path p = temp(name + ".toml");
  std::ofstream(p) << text;
  return p;
}

// Every dataset's bytes (strings as text), by path.
std::map<std::string, std::vector<unsigned char>> datasets(const fs::path& file) {
  const Hdf5Reader in(file);
  std::map<std::string, std::vector<unsigned char>> out;
  for (const auto& d : in.dataset_paths()) out[d] = in.raw_bytes(d);
  return out;
}

// A small school sweep that records everything (series and events), so
// merge and resume are checked on every kind of dataset. One school year of
// a small school keeps it quick.
std::string school_spec() {
  return "[sweep]\nbase = \"" + std::string(LOOM_SOURCE_DIR) +
         "/scenarios/shared-leadership.toml\"\n"
         "design = \"lhs\"\nsamples = 5\nreplicates = 3\nseed = 7\nrecord = \"all\"\n"
         "[factors]\n\"school.poverty\" = { min = 0.1, max = 0.9 }\n"
         "\"leadership.learn_from\" = { levels = [\"leaders\", \"everyone\"] }\n"
         "\"school.years\" = { levels = [1] }\n";
}

SweepOptions quiet(const fs::path& output, int threads = 2) {
  SweepOptions o;
  o.output = output;
  o.threads = threads;
  o.progress = ProgressObserver::Mode::kQuiet;
  return o;
}

}  // namespace

TEST_CASE("Shards split the units fairly and completely", "[sweep]") {
  std::vector<int> held(103, 0);
  for (std::uint64_t s = 0; s < 7; ++s) {
    const auto units = shard_units(103, s, 7);
    CHECK(units.size() >= 14);
    CHECK(units.size() <= 15);
    for (const auto u : units) ++held[u];
  }
  for (const int h : held) CHECK(h == 1);
}

TEST_CASE("Merged shards equal a one-process sweep, dataset for dataset", "[sweep]") {
  const fs::path spec = write_spec("merge", school_spec());
  const PreparedSweep sweep = prepare_sweep(spec);
  REQUIRE(sweep.plan.unit_count() == 15);
  const fs::path whole = temp("whole.h5");
  run_sweep(sweep, quiet(whole, 1));
  std::vector<fs::path> shards;
  for (std::uint64_t i = 0; i < 3; ++i) {
    shards.push_back(temp("shard" + std::to_string(i) + ".h5"));
    SweepOptions o = quiet(shards.back(), 2);
    o.shard_index = i;
    o.shard_count = 3;
    run_sweep(sweep, o);
  }
  const fs::path merged = temp("merged.h5");
  // Given in any order.
  merge_sweep_files({shards[2], shards[0], shards[1]}, merged, "test");
  const auto a = datasets(whole), b = datasets(merged);
  REQUIRE(a.count("/sweep/runs") == 1);
  REQUIRE(a.count("/sweep/timeseries") == 1);
  REQUIRE(a.count("/sweep/events") == 1);
  CHECK(a.size() == b.size());
  for (const auto& [path, bytes] : a) {
    INFO(path);
    REQUIRE(b.count(path) == 1);
    CHECK(b.at(path) == bytes);
  }
  CHECK(Hdf5Reader(merged).unsigned_attribute("/sweep", "units") == 15);

  SECTION("a missing shard is reported with the units it would hold") {
    CHECK_THROWS_WITH(
        merge_sweep_files({shards[0], shards[2]}, temp("bad.h5"), "test"),
        Catch::Contains("5 of 15 units are missing") && Catch::Contains("shard(s) 2 of 3"));
  }
  SECTION("a shard given twice is refused") {
    CHECK_THROWS_WITH(merge_sweep_files({shards[0], shards[1], shards[0]}, temp("bad.h5"), "test"),
                      Catch::Contains("given twice"));
    fs::copy_file(shards[1], temp("copy.h5"), fs::copy_options::overwrite_existing);
    CHECK_THROWS_WITH(
        merge_sweep_files({shards[0], shards[1], temp("copy.h5"), shards[2]}, temp("bad.h5"), "t"),
        Catch::Contains("are both shard 2 of 3"));
    fs::remove(temp("copy.h5"));
  }
  SECTION("shards of another plan are refused") {
    const fs::path other_spec = write_spec("other", school_spec() + "# another seed\n");
    std::string text = school_spec();
    text.replace(text.find("seed = 7"), 8, "seed = 8");
    const PreparedSweep other = prepare_sweep(write_spec("other", text));
    const fs::path o = temp("other0.h5");
    SweepOptions opts = quiet(o);
    opts.shard_index = 0;
    opts.shard_count = 3;
    run_sweep(other, opts);
    CHECK_THROWS_WITH(merge_sweep_files({o, shards[1], shards[2]}, temp("bad.h5"), "test"),
                      Catch::Contains("shard of another sweep"));
    fs::remove(o);
  }
  for (const auto& s : shards) fs::remove(s);
  fs::remove(whole);
  fs::remove(merged);
  fs::remove(spec);
}

TEST_CASE("A resumed sweep equals an uninterrupted one", "[sweep]") {
  const fs::path spec = write_spec("resume", school_spec());
  const PreparedSweep sweep = prepare_sweep(spec);
  const fs::path whole = temp("r_whole.h5");
  run_sweep(sweep, quiet(whole));
  // An interrupted sweep: a journal holding the first 6 units and a torn
  // seventh, as a kill leaves it (the CLI test kills a real process).
  const fs::path out = temp("r_out.h5");
  const JournalHeader header{sweep.plan.hash(), 0, 1};
  {
    UnitJournal j = UnitJournal::create(journal_path(out), header);
    for (std::uint64_t u = 0; u < 6; ++u) {
      const PlanUnit unit = sweep.plan.unit(u);
      std::vector<unsigned char> bytes;
      encode_unit(u, sweep.model_for(unit.point)->run(sweep.spec.seed, unit.replicate),
                  {true, true}, bytes);
      j.append(bytes);
    }
    j.sync();
  }
  {
    std::ofstream tail(journal_path(out), std::ios::binary | std::ios::app);
    tail << "\x10\x00\x00\x00partial";
  }
  SECTION("without --resume the journal is kept and the user told") {
    CHECK_THROWS_WITH(run_sweep(sweep, quiet(out)), Catch::Contains("add --resume"));
    CHECK(fs::exists(journal_path(out)));
  }
  SECTION("--resume runs only the rest and gives the same file") {
    SweepOptions o = quiet(out, 1);
    o.resume = true;
    const SweepReport r = run_sweep(sweep, o);
    CHECK(r.units_resumed == 6);
    CHECK(r.units_run == 9);
    CHECK_FALSE(fs::exists(journal_path(out)));
    CHECK(datasets(out) == datasets(whole));
  }
  SECTION("--resume onto another plan's journal is refused") {
    std::string text = school_spec();
    text.replace(text.find("samples = 5"), 11, "samples = 6");
    const PreparedSweep other = prepare_sweep(write_spec("resume2", text));
    SweepOptions o = quiet(out);
    o.resume = true;
    CHECK_THROWS_WITH(run_sweep(other, o), Catch::Contains("belongs to another sweep"));
  }
  SECTION("a journal with a repeated record is refused before anything runs") {
    // Hardening round 2, item 12: it used to fail only after every other
    // unit had run, in the conversion, and then again on every --resume.
    {
      UnitJournal j = UnitJournal::resume(journal_path(out), header, nullptr);  // cuts the tail
      const PlanUnit unit = sweep.plan.unit(3);
      std::vector<unsigned char> bytes;
      encode_unit(3, sweep.model_for(unit.point)->run(sweep.spec.seed, unit.replicate),
                  {true, true}, bytes);
      j.append(bytes);
      j.sync();
    }
    SweepOptions o = quiet(out);
    o.resume = true;
    CHECK_THROWS_WITH(run_sweep(sweep, o), Catch::Contains("unit 3 comes after unit 5") &&
                                               Catch::Contains("the journal is damaged"));
  }
  fs::remove(journal_path(out));
  fs::remove(out);
  fs::remove(whole);
  fs::remove(spec);
}

TEST_CASE("Sweep results are identical for 1 and 2 threads", "[sweep][reproducibility]") {
  const fs::path spec = write_spec("threads", school_spec());
  const PreparedSweep sweep = prepare_sweep(spec);
  const fs::path one = temp("t1.h5"), two = temp("t2.h5");
  run_sweep(sweep, quiet(one, 1));
  run_sweep(sweep, quiet(two, 2));
  CHECK(datasets(one) == datasets(two));
  fs::remove(one);
  fs::remove(two);
  fs::remove(spec);
}

TEST_CASE("A design point that breaks a cross-field check is refused up front", "[sweep]") {
  const fs::path spec = write_spec("cross",
                                   "[sweep]\nmodel = \"school\"\ndesign = \"grid\"\n[factors]\n"
                                   "\"students.divergent_dimensions\" = { levels = [4, 40] }\n"
                                   "\"school.dimensions\" = { levels = [30] }\n");
  CHECK_THROWS_WITH(prepare_sweep(spec),
                    Catch::Contains("design point 1") &&
                        Catch::Contains("students.divergent_dimensions = 40") &&
                        Catch::Contains("cannot exceed"));
  fs::remove(spec);
}

TEST_CASE("The paired difference of two sweeps of one design is analysed", "[sweep][analyze]") {
  // One Morris design run on two presets (as scripts/sensitivity.py does):
  // the difference is taken point by point, and a sweep of another design
  // or seed is refused.
  const auto spec = [](const std::string& preset, int seed) {
    return "[sweep]\nbase = \"" + std::string(LOOM_SOURCE_DIR) + "/scenarios/" + preset +
           ".toml\"\ndesign = \"morris\"\nsamples = 2\nreplicates = 2\nseed = " +
           std::to_string(seed) +
           "\nrecord = \"summary\"\nmorris_levels = 4\n[factors]\n"
           "\"capacity.initial_capacity\" = { min = 2.5, max = 7.5 }\n"
           "\"school.years\" = { min = 1, max = 2 }\n";
  };
  std::map<std::string, fs::path> files;
  for (const auto& [name, preset, seed] : {std::tuple{"td", "top-down", 3},
                                           {"sh", "shared-leadership", 3},
                                           {"other", "top-down", 4}}) {
    files[name] = temp(std::string(name) + ".h5");
    run_sweep(prepare_sweep(write_spec(name, spec(preset, seed))), quiet(files[name]));
  }
  const SweepFile sh = open_sweep(files["sh"]), td = open_sweep(files["td"]);
  const std::vector<double> a = point_means(sh, "outcome_mean"),
                            b = point_means(td, "outcome_mean");
  const std::vector<double> runs = paired_run_differences(sh, td, "outcome_mean");
  const std::vector<double> sh_runs = point_runs(sh, "outcome_mean"),
                            td_runs = point_runs(td, "outcome_mean");
  REQUIRE(runs.size() == sh_runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) CHECK(runs[i] == sh_runs[i] - td_runs[i]);
  // The mean of the differences is the difference of the means (up to
  // rounding: the two sums round differently).
  const std::vector<double> d = means_of_runs(runs, sh.replicates);
  REQUIRE(d.size() == a.size());
  for (std::size_t p = 0; p < d.size(); ++p) CHECK(d[p] == Approx(a[p] - b[p]).margin(1e-12));
  const SensitivityResult r = analyze_sweep(sh, "outcome_mean", std::nullopt, 0, &td);
  CHECK(r.minus == files["td"].string());
  CHECK(r.method == SensitivityMethod::kMorris);
  CHECK_THROWS_WITH(paired_run_differences(sh, open_sweep(files["other"]), "outcome_mean"),
                    Catch::Contains("differ in seed"));
  for (const auto& [name, path] : files) fs::remove(path);
}
