// Hostile and broken scenario text (hardening issue, items 1-4): limits
// checked before parsing, unsigned 64-bit seeds, fully escaped stored
// scenarios, and the fuzzer's crash inputs (tests/fuzz/regressions/).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/catalog/model_catalog.hpp"
#include "sim/core/string_literal.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/scenario.hpp"
#include "sim/input/toml_writer.hpp"
#include "sim/run/model.hpp"
#include "tests/sim/input/scenario_errors.hpp"

using namespace loom;
using loom::testing::error_of;

namespace {

std::string repeat(std::string_view part, std::size_t n) {
  std::string s;
  s.reserve(part.size() * n);
  for (std::size_t i = 0; i < n; ++i) s += part;
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("Deeply nested values are refused before parsing, not a stack overflow",
          "[scenario][limits]") {
  // Item 1: 6,000 levels crashed the TOML parser with SIGSEGV.
  CHECK(error_of("[scenario]\nname = \"x\"\na = " + repeat("[", 6000) + repeat("]", 6000) + "\n") ==
        "bad.toml:3: values nested more than 64 levels deep ([ and {); a "
        "scenario needs none");
  CHECK_THAT(error_of("a = " + repeat("{b = ", 100000)),
             Catch::StartsWith("bad.toml:1: values nested more than 64"));
  // Brackets inside strings and comments are not nesting.
  CHECK(error_of("[scenario]\nname = \"" + repeat("[", 100) + "\" # " + repeat("{", 100) +
                 "\ndescription = '''\n" + repeat("[", 100) + "\n'''\n") == "");
  // 64 levels are still parsed (and refused as an unknown key).
  CHECK_THAT(error_of("[school]\na = " + repeat("[", 64) + repeat("]", 64) + "\n"),
             Catch::Contains("unknown key 'school.a'"));
}

TEST_CASE("Long dotted keys are refused in linear time", "[scenario][limits]") {
  // Item 2: 100,000 dotted parts in a header (a 200 kB file) did not finish
  // in 500 s.
  const auto start = std::chrono::steady_clock::now();
  CHECK(error_of("\n[" + repeat("a.", 100000) + "a]\n") ==
        "bad.toml:2: a key with 100001 dotted parts; at most 16 (a scenario's are like "
        "leadership.insiders)");
  CHECK_THAT(error_of("x = {" + repeat("a.", 20000) + "a = 1}"),
             Catch::Contains("20001 dotted parts"));
  CHECK_THAT(error_of("[school]\n" + repeat("k", 300) + " = 1\n"),
             Catch::StartsWith("bad.toml:2: a key of 300 characters; at most 256"));
  std::string many;
  for (int i = 0; i < 10001; ++i) many += "k" + std::to_string(i) + " = 1\n";
  CHECK_THAT(error_of(many), Catch::StartsWith("bad.toml:10001: more than 10000 keys"));
  CHECK(seconds_since(start) < 5.0);
}

TEST_CASE("A file over 1 MiB is refused with its size", "[scenario][limits]") {
  const std::string big = "# " + std::string(ScenarioLimits::kMaxBytes, 'x') + "\n";
  CHECK_THAT(error_of(big), Catch::StartsWith("bad.toml: the file has 1048579 bytes; a scenario "
                                              "file may have at most 1048576 (1 MiB)"));
  const auto path = std::filesystem::temp_directory_path() / "loom_big_scenario.toml";
  std::ofstream(path) << big;
  CHECK_THROWS_WITH(ScenarioFile::load(path),
                    Catch::Contains("has 1048579 bytes (1.0 MiB); a scenario file may have at "
                                    "most 1048576 bytes (1.0 MiB)"));
  // A 20 MiB file is named by its size, not as "1048577 bytes" (it used to
  // be read up to the limit and measured there). Sparse: nothing is written.
  std::filesystem::resize_file(path, std::uintmax_t{20} << 20);
  CHECK_THROWS_WITH(ScenarioFile::load(path), Catch::Contains("has 20971520 bytes (20.0 MiB)"));
  std::filesystem::remove(path);
}

TEST_CASE("A base that is not a scenario file is named for what it is", "[scenario][limits]") {
  // Hardening round 2, items 12-13: a base that was a folder, a FIFO or a
  // device was "no scenario file"; a FIFO base hung; "\u0000junk" after a
  // name loaded the name; /proc/self/environ's first line was echoed.
  const auto dir = std::filesystem::temp_directory_path() / "loom_base_kinds";
  std::filesystem::create_directories(dir / "folder.toml");
  REQUIRE(mkfifo((dir / "pipe.toml").c_str(), 0600) == 0);
  std::ofstream(dir / "good.toml") << "[scenario]\nname = \"g\"\n";
  const auto load_with_base = [&](const std::string& base) -> std::string {
    std::ofstream(dir / "s.toml") << "[scenario]\nbase = " << string_literal(base) << "\n";
    try {
      ScenarioFile::load(dir / "s.toml");
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THAT(load_with_base("folder.toml"),
             Catch::Contains("s.toml:2: scenario.base: ") &&
                 Catch::Contains("folder.toml: is a folder, not a file"));
  CHECK_THAT(load_with_base("pipe.toml"), Catch::Contains("pipe.toml: is a named pipe (FIFO)"));
  CHECK_THAT(load_with_base("/dev/null"), Catch::Contains("/dev/null: is a device, not a file"));
  CHECK_THAT(load_with_base("/proc/self/environ"),
             Catch::Contains("is a file of the operating system") && !Catch::Contains("PATH="));
  CHECK_THAT(load_with_base(std::string("good.toml\0junk", 14)),
             Catch::Contains("scenario.base contains a NUL character"));
  CHECK_THAT(load_with_base("none.toml"), Catch::Contains("no scenario file 'none.toml'"));
  CHECK(load_with_base("good.toml").empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("Text that is not UTF-8 is refused before parsing", "[scenario][limits]") {
  // The fuzzer's first find: toml11 3.7 reads out of bounds when it reports
  // invalid UTF-8 in a literal string (tests/fuzz/regressions/).
  CHECK(error_of("[scenario]\n'a\xFF' = 1\n") ==
        "bad.toml:2: not valid UTF-8 (byte 0xFF); a scenario file must be UTF-8 text");
  CHECK_THAT(error_of("[scenario]\nname = \"\xED\xA0\x80\"\n"),
             Catch::StartsWith("bad.toml:2: not valid UTF-8 (byte 0xED)"));
  CHECK(error_of("[scenario]\nname = '\xC3\xA9 \xF0\x9F\x99\x82'\n") == "");
}

TEST_CASE("Seeds are unsigned 64-bit, and out-of-range values are errors", "[scenario][seed]") {
  const auto seed_of = [](const std::string& value) {
    return ScenarioFile::parse("[scenario]\nseed = " + value + "\n", "s.toml").header().seed;
  };
  CHECK(seed_of("0") == 0);
  CHECK(seed_of("9223372036854775807") == 9223372036854775807ull);
  CHECK(seed_of("0x7fff_ffff_ffff_ffff") == 9223372036854775807ull);
  CHECK(seed_of("\"9223372036854775808\"") == 9223372036854775808ull);
  CHECK(seed_of("\"18446744073709551615\"") == 18446744073709551615ull);
  CHECK(seed_of("\"0xffffffffffffffff\"") == 18446744073709551615ull);
  // Item 3: these were clamped to 2^63-1 without a word.
  CHECK_THROWS_WITH(seed_of("99999999999999999999999999999"),
                    "s.toml:2: 'scenario.seed' = 99999999999999999999999999999 is outside the "
                    "range of a TOML integer (-9223372036854775808 to 9223372036854775807); write "
                    "a seed above 9223372036854775807 in quotes, e.g. seed = "
                    "\"18446744073709551615\"");
  CHECK_THROWS_WITH(seed_of("0xffffffffffffffff"), Catch::Contains("outside the range"));
  CHECK_THROWS_WITH(seed_of("9223372036854775808"), Catch::Contains("outside the range"));
  CHECK_THROWS_WITH(seed_of("-1"),
                    "s.toml:2: 'scenario.seed' = -1 must be a whole number from "
                    "0 to 18446744073709551615 (decimal, or hex as 0x...)");
  CHECK_THROWS_WITH(seed_of("\"18446744073709551616\""),
                    Catch::Contains("= \"18446744073709551616\" must be a whole number"));
  CHECK_THROWS_WITH(seed_of("\"-1\""), Catch::Contains("must be a whole number from 0"));
  CHECK_THROWS_WITH(seed_of("\"0x1ffffffffffffffff\""), Catch::Contains("must be a whole"));
  CHECK_THROWS_WITH(seed_of("1.5"), Catch::Contains("not a floating"));
}

TEST_CASE("Integer parameters beyond 64 bits are errors, not clamped", "[scenario][seed]") {
  CHECK_THAT(error_of("[school]\nteachers = 99999999999999999999\n"),
             Catch::StartsWith("bad.toml:2: 'school.teachers' = 99999999999999999999 is outside "
                               "the range of a TOML integer"));
  CHECK_THAT(error_of("[scenario]\nreplicates = -99999999999999999999\n"),
             Catch::Contains("outside the range"));
}

TEST_CASE("A rejected integer too large for long long is reported without UB", "[scenario]") {
  // The fuzzer's second find: formatting the rejected value for the message
  // cast 2^63 to long long (undefined behaviour; UBSan stops the asan build).
  CHECK_THAT(error_of("[initiatives]\nchampions = 9223372036854775807\n"),
             Catch::StartsWith(
                 "bad.toml:2: 'initiatives.champions' = 9.22337203685478e+18 is out of range"));
  CHECK_THAT(error_of("[initiatives]\nchampions = 1e300\n"),
             Catch::Contains("must be a whole number (a whole number from 1 to 20"));
}

TEST_CASE("Error messages show control characters escaped and cut long lines", "[scenario]") {
  // A message quotes the file; a key holding ESC must not reach the
  // terminal as an escape sequence.
  CHECK(error_of("[school]\n\"\\u001b[2J\" = 1\n") ==
        "bad.toml:2: unknown key 'school.\\u001B[2J'");
  const std::string message = error_of("a = " + std::string(5000, 'x') + "\n");
  CHECK_THAT(message, Catch::StartsWith("bad.toml: not valid TOML"));
  std::size_t longest = 0, start = 0;
  for (std::size_t end = message.find('\n'); start < message.size();
       start = end + 1, end = message.find('\n', start)) {
    if (end == std::string::npos) end = message.size();
    longest = std::max(longest, end - start);
  }
  CHECK(longest == ScenarioError::kMaxLine + 3);  // a cut line ends in "..."
}

TEST_CASE("parse_seed takes decimal and 0x hex up to 2^64-1 and nothing else", "[seed]") {
  CHECK(parse_seed("18446744073709551615") == 18446744073709551615ull);
  CHECK(parse_seed("0XFFFFFFFFFFFFFFFF") == 18446744073709551615ull);
  CHECK(parse_seed("007") == 7u);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "18446744073709551616", "0x",
                          "0x10000000000000000", "1e3", "0b1", "12a"}) {
    INFO(bad);
    CHECK_FALSE(parse_seed(bad));
  }
}

TEST_CASE("The stored scenario is valid TOML for hostile names and large seeds",
          "[scenario][seed]") {
  // Item 4: a newline or control character in name or description made the
  // stored scenario.toml invalid.
  ScenarioHeader header;
  header.name = std::string("Quote \" backslash \\ newline\nCR\r tab\t nul-free \x01\x1f\x7f") +
                " bell \a \"\"\" ''' é 漢字 🙂 #not-a-comment";
  header.description = "line one\nline two\\n not an escape \\u0041 \b\f [x] {y} a.b = 1";
  header.seed = 18446744073709551615ull;
  auto a = make_model("school");
  const auto sa = a->sections();
  apply_override(sa, "leadership.study=disaggregated");
  const std::string text = resolved_toml(header, sa);
  CHECK(text.find("seed = \"18446744073709551615\"") != std::string::npos);
  const ScenarioFile reread = ScenarioFile::parse(text, "resolved.toml");
  CHECK(reread.header().name == header.name);
  CHECK(reread.header().description == header.description);
  CHECK(reread.header().seed == header.seed);
  auto b = make_model("school");
  reread.apply(b->sections());
  CHECK(resolved_toml(reread.header(), b->sections()) == text);
  for (std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{9223372036854775807ull},
                             std::uint64_t{9223372036854775808ull}}) {
    header.seed = seed;
    CHECK(ScenarioFile::parse(resolved_toml(header, sa), "r.toml").header().seed == seed);
  }
}

TEST_CASE("quoted escapes control characters and replaces invalid UTF-8", "[scenario]") {
  CHECK(string_literal("a\"b\\c\n\x01\x7f") == "\"a\\\"b\\\\c\\n\\u0001\\u007F\"");
  CHECK(string_literal("é") == "\"é\"");
  // A lone continuation byte, an overlong form, a surrogate, a cut sequence.
  CHECK(string_literal("\x80|\xC0\xAF|\xED\xA0\x80|\xE6\xBC") ==
        "\"\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
        "\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("Inputs the fuzzer found are refused cleanly", "[scenario][fuzz]") {
  const std::filesystem::path folder =
      std::filesystem::path(LOOM_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  int inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    INFO(entry.path().filename().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    try {
      const ScenarioFile f = ScenarioFile::parse(text.str(), "fuzz.toml");
      auto model = make_model("school");
      f.apply(model->sections());
      f.schedule(model->sections());
    } catch (const ScenarioError&) {
      // refused with a message: fine
    }
    ++inputs;
  }
  CHECK(inputs >= 1);
}

TEST_CASE("Weak messages of the second review say what is wrong", "[scenario][limits]") {
  // Hardening round 2, items 12-13.
  auto model = make_model("school");
  const auto sections = model->sections();
  const auto set_error = [&](const std::string& assignment) -> std::string {
    try {
      apply_override(sections, assignment);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  };
  // "+0.5" is a number; "1e400" is one too large; neither is "not a number".
  CHECK(set_error("trust.initial_trust=+0.5").empty());
  CHECK_THAT(set_error("trust.initial_trust=1e400"),
             Catch::Contains("'1e400' is a number too large") && Catch::Contains("allowed 0 to 1"));
  CHECK_THAT(set_error("trust.initial_trust=+-1"), Catch::Contains("is not a number"));
  // The header is not a parameter (it suggested network.replicates).
  CHECK_THAT(set_error("scenario.replicates=3"),
             Catch::Contains("use -r/--replicates") && !Catch::Contains("network."));

  const auto dir = std::filesystem::temp_directory_path() / "loom_weak_messages";
  std::filesystem::create_directories(dir);
  const auto load_error = [&](const std::filesystem::path& p) -> std::string {
    try {
      ScenarioFile::load(p);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  };
  // A preset cut down to its comments ran as the default school.
  std::ofstream(dir / "cut.toml") << "# Top-down leadership: ...\n\n   # more comment\n";
  CHECK_THAT(load_error(dir / "cut.toml"), Catch::Contains("sets nothing"));
  // A chain of bases is bounded (3,000 files once took 3.1 GB).
  std::ofstream(dir / "b0.toml") << "[scenario]\nname = \"b0\"\n";
  for (int i = 1; i <= 20; ++i)
    std::ofstream(dir / ("b" + std::to_string(i) + ".toml"))
        << "[scenario]\nbase = \"b" << i - 1 << ".toml\"\n";
  CHECK(load_error(dir / "b15.toml").empty());
  CHECK_THAT(load_error(dir / "b20.toml"),
             Catch::Contains("more than 16 scenario files in one chain of bases"));
  std::filesystem::remove_all(dir);
}
