// A network read from files: the ties of an edge list and the schools of a
// table are the ones the run uses, and every bad file is refused before a
// run, naming the file, the line and the scenario key that named the file.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "models/catalog/scenario_runner.hpp"
#include "models/school_network/network_files.hpp"
#include "models/school_network/network_purposes.hpp"
#include "models/school_network/school_graph.hpp"
#include "sim/core/string_literal.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/scenario.hpp"

using namespace loom;
namespace fs = std::filesystem;

namespace {

// A folder of files for one test; removed afterwards.
struct Folder {
  fs::path dir;
  Folder() {
    dir =
        fs::temp_directory_path() /
        ("loom-network-files-" +
         std::to_string(std::hash<std::string>{}(Catch::getResultCapture().getCurrentTestName())));
    fs::create_directories(dir);
    forget_input_snapshots();  // a test run twice in one process reads its files anew
  }
  ~Folder() { fs::remove_all(dir); }
  // Files written before the scenario that reads them is loaded; a file
  // rewritten later is read as it first was (the test of that says why).
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
  // A network scenario over the given sections, in this folder.
  std::string scenario(const std::string& body) const {
    return write("net.toml", "[scenario]\nname = \"n\"\nmodel = \"network\"\n" + body);
  }
  std::string error(const std::string& body) const {
    try {
      load_scenario(scenario(body), RunRequest{});
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  }
};

const std::string kSchools =
    "# five schools of one district\n"
    "id,students,teachers,poverty,style,name\n"
    "S-1,400,25,0.2,shared,North\n"
    "S-2,900,60,0.8,top-down,East\n"
    "\n"
    "S-3,600,40,0.5,as-set,South\n"
    "S-4,300,20,0.9,shared,West\n"
    "S-5,1200,70,0.3,top-down,Centre\n";

// A path with a repeated tie (S-1,S-2 twice, once reversed).
const std::string kTies = "source,target\nS-1,S-2\nS-2,S-3\nS-3,S-4\nS-2,S-1\nS-5,S-1\n";

const std::string kBody =
    "[network]\nschools = 5\ntopology = \"file\"\nedges_file = \"ties.csv\"\n"
    "[schools]\nfile = \"schools.csv\"\n[school]\nyears = 1\n[seeding]\nschools = 1\n";

template <class T>
const std::vector<T>& column(const RunOutput& out, const std::string& table,
                             const std::string& name) {
  for (const auto& t : out.tables)
    if (t.name == table)
      for (const auto& c : t.columns)
        if (c.name == name) return std::get<std::vector<T>>(c.values);
  FAIL("no column " << table << "." << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("An edge list gives exactly its ties, repeats and directions merged",
          "[network][files]") {
  Folder f;
  const auto path = f.write("ties.csv", kTies);
  const std::vector<std::string> ids{"S-1", "S-2", "S-3", "S-4", "S-5"};
  NetworkParams p = network_table().defaults();
  p.schools = 5;
  p.topology = static_cast<int>(Topology::kFile);
  p.edges_file = path;
  RandomStream r(StreamKey{1, 0, 0, 0, 0, purpose::kNetworkGraph});
  const SchoolGraph g = build_school_graph(p, r, ids);
  const std::set<std::pair<std::uint32_t, std::uint32_t>> ties(g.ties.begin(), g.ties.end());
  CHECK(ties == std::set<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {1, 2}, {2, 3}, {0, 4}});
  CHECK(g.degree(0) == 2);
  CHECK(g.degree(1) == 2);
  CHECK(g.degree(3) == 1);

  // Without a schools file the ids are 0 .. schools - 1.
  p.edges_file = f.write("numbers.csv", "source,target,weight\n0,1,3\n1,2,1\n");
  const SchoolGraph h = build_school_graph(p, r);
  CHECK(h.ties == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {1, 2}});
}

TEST_CASE("A network from files runs the schools and ties it was given", "[network][files]") {
  Folder f;
  f.write("schools.csv", kSchools);
  f.write("ties.csv", kTies);
  // The scenario names its files relative to itself: run from another folder.
  const fs::path before = fs::current_path();
  fs::current_path(fs::temp_directory_path());
  const auto loaded = load_scenario(f.scenario(kBody), RunRequest{});
  fs::current_path(before);
  CHECK(loaded.warnings.empty());
  const RunOutput out = loaded.model->run(7, 0);
  CHECK(column<std::int64_t>(out, "schools", "students") ==
        std::vector<std::int64_t>{400, 900, 600, 300, 1200});
  CHECK(column<std::int64_t>(out, "schools", "teachers") ==
        std::vector<std::int64_t>{25, 60, 40, 20, 70});
  CHECK(column<double>(out, "schools", "poverty") == std::vector<double>{0.2, 0.8, 0.5, 0.9, 0.3});
  CHECK(column<std::string>(out, "schools", "style") ==
        std::vector<std::string>{"shared", "top-down", "as-set", "shared", "top-down"});
  CHECK(column<std::int64_t>(out, "schools", "degree") == std::vector<std::int64_t>{2, 2, 2, 1, 1});
  CHECK(column<std::int64_t>(out, "school_ties", "source") ==
        std::vector<std::int64_t>{0, 0, 1, 2});
  CHECK(column<std::int64_t>(out, "school_ties", "target") ==
        std::vector<std::int64_t>{1, 4, 2, 3});
  // The stored scenario names the files by absolute path, so it runs again
  // from anywhere.
  CHECK_THAT(loaded.resolved, Catch::Contains(string_literal((f.dir / "ties.csv").string())));
}

TEST_CASE("Bad network files are refused naming file, line and key",
          "[network][files][bad_input]") {
  Folder f;
  f.write("schools.csv", kSchools);
  f.write("ties.csv", kTies);
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string body = kBody;
    body.replace(body.find(from), from.size(), to);
    return f.error(body);
  };
  f.write("unknown.csv", "source,target\nS-1,S-2\nS-1,S-9\n");
  CHECK_THAT(with("ties.csv", "unknown.csv"),
             Catch::Contains("net.toml:7: network.edges_file:") &&
                 Catch::Contains("unknown.csv:3: unknown school id 'S-9'"));
  f.write("loop.csv", "source,target\nS-3,S-3\n");
  CHECK_THAT(with("ties.csv", "loop.csv"),
             Catch::Contains("loop.csv:2: school 'S-3' is tied to itself"));
  f.write("short.csv", "source,target\nS-1,S-2\nS-3\n");
  CHECK_THAT(with("ties.csv", "short.csv"), Catch::Contains("short.csv:3: has 1 fields"));
  f.write("header.csv", "from,to\nS-1,S-2\n");
  CHECK_THAT(with("ties.csv", "header.csv"),
             Catch::Contains("header.csv:1: the header has no column 'source'"));
  CHECK_THAT(with("ties.csv", "missing.csv"), Catch::Contains("missing.csv: does not exist"));
  // Not files: a FIFO once hung the run with no message (reading blocks
  // until a writer comes), a folder was "empty", /dev/zero was read for 36 s.
  REQUIRE(mkfifo((f.dir / "pipe.csv").c_str(), 0600) == 0);
  CHECK_THAT(with("ties.csv", "pipe.csv"),
             Catch::Contains("pipe.csv: is a named pipe (FIFO), not a file"));
  fs::create_directories(f.dir / "folder.csv");
  CHECK_THAT(with("ties.csv", "folder.csv"),
             Catch::Contains("folder.csv: is a folder, not a file"));
  CHECK_THAT(with("\"ties.csv\"", "\"/dev/zero\""),
             Catch::Contains("/dev/zero: is a device, not a file"));
  CHECK_THAT(with("\"ties.csv\"", "\"ties.csv\\u0000junk\""),
             Catch::Contains("net.toml:7: 'network.edges_file' contains a NUL character"));
  CHECK_THAT(with("edges_file = \"ties.csv\"\n", ""), Catch::Contains("needs network.edges_file"));
  CHECK_THAT(with("schools = 5", "schools = 6"),
             Catch::Contains("net.toml:5: network.schools (6) must equal the schools in "
                             "schools.file (5 rows"));

  f.write("range.csv", "id,students,teachers,poverty,style\nA,400,25,1.4,shared\nB,1,1,1,x\n");
  CHECK_THAT(with("schools.csv", "range.csv"),
             Catch::Contains("net.toml:9: schools.file:") &&
                 Catch::Contains("range.csv:2: poverty 1.4 is out of range: allowed 0 to 1"));
  f.write("word.csv", "id,students,teachers,poverty,style\nA,many,25,0.4,shared\n");
  CHECK_THAT(with("schools.csv", "word.csv"),
             Catch::Contains("word.csv:2: students 'many' is not a whole number"));
  f.write("style.csv", "id,students,teachers,poverty,style\nA,400,25,0.4,bossy\n");
  CHECK_THAT(with("schools.csv", "style.csv"),
             Catch::Contains("style.csv:2: style 'bossy' must be shared, top-down or as-set"));
  f.write("twice.csv",
          "id,students,teachers,poverty,style\nA,400,25,0.4,shared\nA,300,20,0.1,"
          "shared\n");
  CHECK_THAT(with("schools.csv", "twice.csv"),
             Catch::Contains("twice.csv:3: school id 'A' already given on line 2"));
}

TEST_CASE("Every replicate reads the files as they were when the run began", "[network][files]") {
  // A file edited during a run once changed the runs after the edit while
  // the results file kept the first fingerprint, and a schools file
  // shortened mid-run crashed it (heap overflow in draw_member_school).
  Folder f;
  f.write("schools.csv", kSchools);
  f.write("ties.csv", kTies);
  const auto loaded = load_scenario(f.scenario(kBody), RunRequest{});
  const RunOutput first = loaded.model->run(7, 0);
  f.write("ties.csv", "source,target\nS-1,S-5\n");
  f.write("schools.csv", "id,students,teachers,poverty,style\nA,400,25,0.4,shared\n");
  const RunOutput again = loaded.model->run(7, 0);  // a later replicate of the same run
  CHECK(column<std::int64_t>(again, "school_ties", "source") ==
        column<std::int64_t>(first, "school_ties", "source"));
  CHECK(column<std::int64_t>(again, "school_ties", "target") ==
        column<std::int64_t>(first, "school_ties", "target"));
  CHECK(column<std::int64_t>(again, "schools", "students") ==
        column<std::int64_t>(first, "schools", "students"));
  // The fingerprint in the resolved scenario is of the bytes the runs used.
  CHECK(load_scenario(f.scenario(kBody), RunRequest{}).resolved == loaded.resolved);
  // A program that reloads on purpose (the viewer) sees the edit.
  forget_input_snapshots();
  CHECK_THAT(f.error(kBody), Catch::Contains("schools.csv: a network needs at least 2 schools"));
}

TEST_CASE("A file path cannot be swept or scheduled, and an unused one is a warning",
          "[network][files][bad_input]") {
  Folder f;
  f.write("schools.csv", kSchools);
  f.write("ties.csv", kTies);
  CHECK_THAT(f.error(kBody + "[[schedule]]\nyear = 1\nweek = 3\n\"network.edges_file\" = "
                             "\"ties.csv\"\n"),
             Catch::Contains("'network.edges_file' cannot change during a run: it is fixed at the "
                             "start"));
  std::string ring = kBody;
  ring.replace(ring.find("\"file\""), 6, "\"ring-lattice\"");
  const auto loaded = load_scenario(f.scenario(ring), RunRequest{});
  REQUIRE(loaded.warnings.size() == 1);
  CHECK_THAT(loaded.warnings[0], Catch::Contains("network.edges_file is ignored"));
}

TEST_CASE("Schools and ties files in the dialects spreadsheets write", "[network][files]") {
  // A hub's own files once all failed with "the header has no column 'id'":
  // tab-separated, Excel's "CSV UTF-8" (a byte-order mark) and a semicolon
  // file with decimal commas; also capitalised headers and styles, quoted
  // fields holding the delimiter, and a typo'd id.
  const Folder folder;
  const auto expect_rows = [](const std::vector<SchoolRow>& rows) {
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].id == "S-1");
    CHECK(rows[0].students == 400);
    CHECK(rows[0].poverty == Approx(0.25));
    CHECK(rows[0].style == "shared");
    CHECK(rows[1].style == "top-down");
    CHECK(rows[2].style == "as-set");
  };
  expect_rows(read_schools_file(
      folder.write("tab.tsv",
                   "id\tstudents\tteachers\tpoverty\tstyle\nS-1\t400\t25\t0.25\tshared\n"
                   "S-2\t900\t60\t0.8\ttop-down\nS-3\t600\t40\t0.5\tas-set\n")));
  expect_rows(read_schools_file(
      folder.write("bom.csv",
                   "\xEF\xBB\xBFID,Students,Teachers,Poverty,Style\r\nS-1,400,25,0.25,Shared\r\n"
                   "S-2,900,60,0.8,Top down\r\nS-3,600,40,0.5,AS-SET\r\n")));
  expect_rows(read_schools_file(
      folder.write("semicolon.csv",
                   "id;students;teachers;poverty;style;name\nS-1;400;25;0,25;shared;North\n"
                   "S-2;900;60;0,8;top_down;\"East; upper\"\nS-3;600;40;0,5;as-set;South\n")));
  expect_rows(read_schools_file(
      folder.write("quoted.csv",
                   "\"id\",\"students\",\"teachers\",\"poverty\",\"style\",\"name\"\n"
                   "\"S-1\",400,25,0.25,shared,\"North, \"\"old\"\" site\"\n"
                   "S-2,900,60,0.8,top-down,East\n\"S-3\",\"600\",40,0.5,as-set,South\n")));

  const std::vector<std::string> ids{"MAPLE-1", "MAPLE-2", "MAPLE-13"};
  const auto ties = folder.write("ties.csv", "Source;Target\nMAPLE-1;MAPLE-2\nMAPLE-2;MAPEL-13\n");
  CHECK_THROWS_WITH(read_edges_file(ties, ids, 3),
                    Catch::Contains("ties.csv:3: unknown school id 'MAPEL-13'") &&
                        Catch::Contains("did you mean 'MAPLE-13'?"));

  // What is not CSV text says how to make it so.
  CHECK_THROWS_WITH(
      read_schools_file(
          folder.write("book.xlsx", std::string("PK\x03\x04", 4) + "[Content_Types].xml")),
      Catch::Contains("is a spreadsheet workbook, not a CSV file") && Catch::Contains("CSV UTF-8"));
  CHECK_THROWS_WITH(read_schools_file(folder.write("utf16.csv", "\xFF\xFEi\0d\0")),
                    Catch::Contains("UTF-16"));
  CHECK_THROWS_WITH(
      read_schools_file(folder.write(
          "open.csv", "id,students,teachers,poverty,style\n\"S-1,400,25,0.2,shared\n")),
      Catch::Contains("open.csv:2: a quoted field is not closed"));
  // A header that still lacks a column names the columns it found.
  CHECK_THROWS_WITH(read_schools_file(folder.write("wrong.csv", "school|students\nS-1|4\n")),
                    Catch::Contains("columns found: school|students"));
}

TEST_CASE("Named seeds: the hub's own schools, by id, in every run", "[network][files][seeding]") {
  // A hub could only choose a strategy, and "ready" picked other schools in
  // every run; named seeds are the same schools every time, by the ids the
  // hub uses (issue 22 item 2).
  Folder f;
  f.write("schools.csv", kSchools);
  f.write("ties.csv", kTies);
  const std::string body = kBody +
                           "strategy = \"named\"\n"
                           "named = [\"S-4\", \"S-2\"]\n";
  const auto loaded = load_scenario(f.scenario(body), RunRequest{});
  for (const std::uint64_t run : {0, 1, 2}) {
    const RunOutput out = loaded.model->run(7, run);
    CHECK(column<std::int64_t>(out, "schools", "seed") == std::vector<std::int64_t>{0, 1, 0, 1, 0});
    CHECK(column<std::string>(out, "schools", "id") ==
          std::vector<std::string>{"S-1", "S-2", "S-3", "S-4", "S-5"});
    std::vector<std::string> started;
    for (const auto& e : out.events)
      if (e.kind == "practice_seeded") started.push_back(e.detail);
    CHECK(started == std::vector<std::string>{"School S-4 starts the network's practice.",
                                              "School S-2 starts the network's practice."});
  }
  // The resolved scenario keeps the list, and runs the same again.
  CHECK_THAT(loaded.resolved, Catch::Contains("named = [\"S-4\", \"S-2\"]"));
  const auto again = load_scenario(f.write("resolved.toml", loaded.resolved), RunRequest{});
  CHECK(column<std::int64_t>(again.model->run(7, 0), "schools", "seed") ==
        std::vector<std::int64_t>{0, 1, 0, 1, 0});
  // --set takes a comma-separated list.
  RunRequest set;
  set.overrides = {"seeding.named=S-1, S-5"};
  const auto overridden = load_scenario(f.scenario(body), set);
  CHECK(column<std::int64_t>(overridden.model->run(7, 0), "schools", "seed") ==
        std::vector<std::int64_t>{1, 0, 0, 0, 1});

  // A typo names the line and the nearest id; an empty list and a name
  // given twice are refused; without a schools file ids are S-1 .. S-n.
  CHECK_THAT(f.error(kBody + "strategy = \"named\"\nnamed = [\"S-4\", \"S-22\"]\n"),
             Catch::Contains("seeding.named") && Catch::Contains("no school 'S-22'") &&
                 Catch::Contains("did you mean 'S-2'?") && Catch::Contains("net.toml:"));
  CHECK_THAT(f.error(kBody + "strategy = \"named\"\n"),
             Catch::Contains("needs the schools in seeding.named"));
  CHECK_THAT(f.error(kBody + "strategy = \"named\"\nnamed = [\"S-4\", \"S-4\"]\n"),
             Catch::Contains("names 'S-4' twice"));
  CHECK_THAT(f.error(kBody + "strategy = \"named\"\nnamed = \"S-4\"\n"),
             Catch::Contains("'seeding.named' is a string") && Catch::Contains("[\"S-1\""));
  const auto plain = load_scenario(
      f.scenario("[network]\nschools = 12\n[school]\nyears = 1\n[seeding]\nstrategy = "
                 "\"named\"\nnamed = [\"S-12\", \"S-1\"]\n"),
      RunRequest{});
  const auto seeds = column<std::int64_t>(plain.model->run(3, 0), "schools", "seed");
  CHECK(seeds.front() == 1);
  CHECK(seeds.back() == 1);
  CHECK(std::count(seeds.begin(), seeds.end(), 1) == 2);
}

TEST_CASE("Buddy pairs come from the hub's partnership file when it gives one",
          "[network][files]") {
  // Buddies were drawn at random even with the hub's own partnerships given
  // (a warning said the file was ignored). Now the file's ties make the
  // pairs, in file order, each school once; the rest are paired at random.
  Folder f;
  f.write("schools.csv", kSchools);
  // S-1/S-2 and S-3/S-4 partner; S-2/S-3 comes too late (both taken);
  // S-5 is left over alone and joins its first partner, S-1.
  f.write("partners.csv", "source,target\nS-1,S-2\nS-2,S-3\nS-4,S-3\nS-5,S-1\n");
  std::string body = kBody;
  body.replace(body.find("\"file\""), 6, "\"buddy\"");
  body.replace(body.find("ties.csv"), 8, "partners.csv");
  const auto loaded = load_scenario(f.scenario(body), RunRequest{});
  CHECK(loaded.warnings.empty());
  for (const std::uint64_t run : {0, 1}) {
    const RunOutput out = loaded.model->run(7, run);
    CHECK(column<std::int64_t>(out, "school_ties", "source") == std::vector<std::int64_t>{0, 0, 2});
    CHECK(column<std::int64_t>(out, "school_ties", "target") == std::vector<std::int64_t>{1, 4, 3});
  }
  // Without a file, buddies are drawn: two runs differ somewhere in 40.
  const auto drawn = load_scenario(
      f.scenario("[network]\nschools = 40\ntopology = \"buddy\"\n[school]\nyears = 1\n"),
      RunRequest{});
  CHECK(column<std::int64_t>(drawn.model->run(7, 0), "school_ties", "target") !=
        column<std::int64_t>(drawn.model->run(7, 1), "school_ties", "target"));
}
