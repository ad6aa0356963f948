// libFuzzer target for the scenario reader (docs/hardening.md). Built only by
// the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined); run by
// scripts/test.sh for a bounded time with scenarios/*.toml as seed corpus.
//
// Each input is read as a scenario file and applied to the school model.
// Refusing it with a ScenarioError is fine; anything else (a crash, a
// sanitizer report, another exception, a hang) is a finding. An input that
// is accepted must also survive the stored-scenario round trip: its resolved
// TOML (with its [[schedule]], if any) reads back to the same resolved TOML.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "models/catalog/model_catalog.hpp"
#include "sim/input/scenario.hpp"
#include "sim/input/toml_writer.hpp"
#include "sim/run/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string stored;
  try {
    const loom::ScenarioFile file = loom::ScenarioFile::parse(text, "fuzz.toml");
    auto model = loom::make_model("school");
    file.apply(model->sections());
    stored =
        loom::resolved_toml(file.header(), model->sections(), file.schedule(model->sections()));
  } catch (const loom::ScenarioError&) {
    return 0;
  }
  // Not inside the try: the stored scenario must never be refused.
  const loom::ScenarioFile again = loom::ScenarioFile::parse(stored, "stored.toml");
  auto model = loom::make_model("school");
  again.apply(model->sections());
  if (loom::resolved_toml(again.header(), model->sections(), again.schedule(model->sections())) !=
      stored) {
    std::fprintf(stderr, "stored scenario does not read back the same:\n%s\n", stored.c_str());
    std::abort();
  }
  return 0;
}
