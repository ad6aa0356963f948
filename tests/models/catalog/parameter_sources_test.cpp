// Every parameter's source can be followed from this repository: it either
// names a work listed in docs/references.md (by its bold author-year key) or
// says "Loom assumption". Documents cite nothing that is not in the
// repository (the design notes and "seed" documents the project started from
// are not; their published versions are in docs/references.md).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "models/catalog/model_catalog.hpp"
#include "sim/run/model.hpp"

using namespace loom;

namespace {

std::string read_text(const std::string& relative) {
  const std::string path = std::string(LOOM_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path);
  INFO("reading " << relative);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The bold keys that open the entries of docs/references.md ("- **March 1991**.").
std::vector<std::string> reference_keys(const std::string& references) {
  std::vector<std::string> keys;
  const std::regex entry(R"(^- \*\*([^*]+)\*\*)", std::regex::multiline);
  for (auto it = std::sregex_iterator(references.begin(), references.end(), entry);
       it != std::sregex_iterator(); ++it)
    keys.push_back((*it)[1].str());
  return keys;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Mentions of documents that are not in the repository.
std::vector<std::string> outside_citations(const std::string& text) {
  std::vector<std::string> found;
  const std::regex outside(R"(MODEL\.md|seeds/|[Ss]eeds? 00[0-9])");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), outside);
       it != std::sregex_iterator(); ++it)
    found.push_back(it->str());
  return found;
}

}  // namespace

TEST_CASE("docs/references.md lists each key once", "[sources]") {
  const auto keys = reference_keys(read_text("docs/references.md"));
  REQUIRE(keys.size() >= 20);
  for (std::size_t i = 0; i < keys.size(); ++i)
    for (std::size_t j = i + 1; j < keys.size(); ++j) CHECK(keys[i] != keys[j]);
}

TEST_CASE("Every parameter source cites docs/references.md or says Loom assumption", "[sources]") {
  const std::string references = read_text("docs/references.md");
  const auto keys = reference_keys(references);
  // "Surname 2001", "Surname et al. 2001" (not "TFS 2012-13", a survey year).
  const std::regex author_year(R"([A-Z][A-Za-z'-]*(?: et al\.)? (?:19|20)[0-9]{2}(?![0-9-]))");
  int assumptions = 0, cited = 0;
  for (const std::string& name : model_names()) {
    auto model = make_model(name);
    for (ParameterSection* section : model->sections()) {
      for (const ParameterInfo& info : section->parameters()) {
        const std::string source(info.source);
        INFO(name << ": " << section->name() << "." << info.key << ": \"" << source << "\"");
        CHECK_FALSE(source.empty());
        CHECK(outside_citations(source).empty());
        CHECK_FALSE(contains(source, "MODEL"));
        bool names_key = false;
        for (const auto& key : keys) names_key = names_key || contains(source, key);
        const bool assumption = contains(source, "Loom assumption");
        // The user's own data (an edge list, the schools to start with) has no
        // default to cite.
        const bool user_data = held_as_text(info.kind) && contains(source, "user's own data");
        CHECK((names_key || assumption || user_data));
        assumptions += assumption ? 1 : 0;
        cited += names_key ? 1 : 0;
        // Every author-year it names is in the references (catches typos
        // and works cited without an entry).
        for (auto it = std::sregex_iterator(source.begin(), source.end(), author_year);
             it != std::sregex_iterator(); ++it) {
          INFO("cites " << it->str());
          CHECK(contains(references, it->str()));
        }
        // Undated works ("Turnaround for Children n.d.") must match a key.
        for (std::size_t at = source.find("n.d."); at != std::string::npos;
             at = source.find("n.d.", at + 1)) {
          bool known = false;
          for (const auto& key : keys)
            known = known || (key.size() <= at + 4 && key.ends_with("n.d.") &&
                              source.compare(at + 4 - key.size(), key.size(), key) == 0);
          CHECK(known);
        }
      }
    }
  }
  CHECK(assumptions > 0);
  CHECK(cited > 0);
}

TEST_CASE("Documents cite nothing outside the repository", "[sources]") {
  // Every document and script a user reads: the README, docs/ (the
  // generated reports included) and the Python tools behind them.
  std::vector<std::string> files{"README.md"};
  const std::filesystem::path root(LOOM_SOURCE_DIR);
  for (const char* folder : {"docs", "scripts"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const auto ext = entry.path().extension();
      if (ext == ".md" || ext == ".py")
        files.push_back(std::filesystem::relative(entry.path(), root).string());
    }
  }
  CHECK(files.size() > 20);
  for (const auto& file : files) {
    INFO(file);
    CHECK(outside_citations(read_text(file)).empty());
  }
}
