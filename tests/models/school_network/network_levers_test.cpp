// No dead levers in the network model: every parameter of the network's own
// sections, moved to the end of its range farthest from its value, changes
// what a small network does. The school sections every member shares are
// covered by the school model's test
// (tests/models/school/school_credibility_test.cpp).
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "models/catalog/model_catalog.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/parameter.hpp"
#include "sim/run/model.hpp"
#include "tests/same_bits.hpp"

using namespace loom;

namespace {

// A small network that runs in a fraction of a second: 16 schools of 8
// teachers and 120 students for 2 years, the hub leaving after year 1 so
// that what happens after its exit is in the run too.
const std::vector<std::string> kSmall{"network.schools=16",      "school.years=2",
                                      "school.students=120",     "school.teachers=8",
                                      "hub.funding_ends_year=1", "network.topology=ring-lattice"};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \"");
  const auto e = s.find_last_not_of(" \"");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& text, const std::string& word) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(word, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + word.size();
  }
}

// The parameter called "section.key" in `sections`.
const ParameterInfo* info_of(const Model& model, const std::string& full) {
  auto& m = const_cast<Model&>(model);
  for (const ParameterSection* s : m.sections()) {
    if (full.rfind(std::string(s->name()) + ".", 0) != 0) continue;
    if (const auto* info = s->find(full.substr(s->name().size() + 1))) return info;
  }
  return nullptr;
}

// Settings under which a parameter's "applies when" holds: the first
// alternative of its condition, each term made true ("a == v" sets v;
// "a != v" the first other choice; "a > 0" sets 0.5).
std::vector<std::string> making_true(const std::string& condition, const Model& model) {
  std::vector<std::string> settings;
  if (condition.empty()) return settings;
  for (const std::string& term : split(split(condition, " or ").front(), " and ")) {
    if (const auto ne = term.find("!="); ne != std::string::npos) {
      const std::string key = trim(term.substr(0, ne)), value = trim(term.substr(ne + 2));
      const ParameterInfo* info = info_of(model, key);
      REQUIRE(info);
      for (const auto choice : info->choices) {
        if (choice == value) continue;
        settings.push_back(key + "=" + std::string(choice));
        break;
      }
    } else if (const auto eq = term.find("=="); eq != std::string::npos) {
      settings.push_back(trim(term.substr(0, eq)) + "=" + trim(term.substr(eq + 2)));
    } else if (const auto gt = term.find('>'); gt != std::string::npos) {
      settings.push_back(trim(term.substr(0, gt)) + "=0.5");
    }
  }
  return settings;
}

std::unique_ptr<Model> network_with(const std::vector<std::string>& settings) {
  auto model = make_model("network");
  const auto sections = model->sections();
  for (const auto& s : kSmall) apply_override(sections, s);
  for (const auto& s : settings) apply_override(sections, s);
  return model;
}

bool same_runs(const Model& a, const Model& b) {
  for (std::uint64_t r = 0; r < 2; ++r) {
    const RunOutput x = a.run(11, r), y = b.run(11, r);
    if (!loom::testing::same_bits(x.summary, y.summary) ||
        !loom::testing::same_bits(x.series, y.series))
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("Every network parameter changes what a network does", "[network][levers]") {
  // Output settings change what is recorded, not what happens.
  const std::vector<std::string> output_only{"network.rows_every_weeks"};
  // Settings a parameter needs beyond its own condition to have something
  // to act on.
  const std::map<std::string, std::vector<std::string>> extra{
      {"hub.members_continue", {"hub.shared_leadership=0.8"}},
      {"hub.member_leaders", {"hub.shared_leadership=0.8"}},
      // Even and below the schools at both ends of its range.
      {"network.degree", {"network.schools=120"}},
      // Its last choice, named, needs the schools it names.
      {"seeding.strategy", {"seeding.named=S-1,S-2"}},
  };
  const auto reference = make_model("network");
  const std::vector<std::string_view> own{"network", "hub",     "spread",
                                          "seeding", "schools", "membership"};
  int tried = 0;
  for (ParameterSection* section : reference->sections()) {
    if (std::find(own.begin(), own.end(), section->name()) == own.end()) continue;
    const auto infos = section->parameters();
    for (std::size_t i = 0; i < infos.size(); ++i) {
      const ParameterInfo& info = infos[i];
      const std::string key = std::string(section->name()) + "." + std::string(info.key);
      if (held_as_text(info.kind)) continue;  // a file or list of the user's own
      if (std::find(output_only.begin(), output_only.end(), key) != output_only.end()) continue;
      std::vector<std::string> settings = making_true(std::string(info.applies_when), *reference);
      if (const auto more = extra.find(key); more != extra.end())
        settings.insert(settings.end(), more->second.begin(), more->second.end());
      const auto base = network_with(settings);
      const auto sections = base->sections();
      std::size_t index = 0;
      const ParameterSection* bound = nullptr;
      for (const auto* s : sections)
        if (s->name() == section->name()) bound = s;
      bound->find(info.key, &index);
      const double now = bound->get(index);
      bool moves = false;
      for (const double target : {info.min, info.max}) {
        if (target == now) continue;
        auto changed_settings = settings;
        changed_settings.push_back(key + "=" + format_value(info, target));
        std::unique_ptr<Model> changed;
        try {
          changed = network_with(changed_settings);
          changed->validate();
        } catch (const std::exception&) {
          continue;  // an end another key rules out here
        }
        if (!same_runs(*base, *changed)) {
          moves = true;
          break;
        }
      }
      INFO(key << " (tried with: " << settings.size() << " setting(s))");
      CHECK(moves);
      ++tried;
    }
  }
  CHECK(tried > 30);
}
