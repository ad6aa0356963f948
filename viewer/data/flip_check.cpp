#include "viewer/data/flip_check.hpp"

#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "viewer/data/whatif_runner.hpp"

namespace loom::viewer {
namespace {

constexpr const char* kRankingFile = "sensitivity-ranking.tsv";

// "trust.honest_report_safety" -> ("trust", "honest_report_safety").
std::pair<std::string, std::string> split_key(const std::string& key) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) return {"", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::span<const double> summary_values(const ScenarioData& data, const std::string& field) {
  const int i = data.summary_index(field);
  if (i < 0) return {};
  return data.summary[static_cast<std::size_t>(i)];
}

}  // namespace

std::vector<Assumption> ranked_assumptions(std::span<const std::filesystem::path> folders,
                                           std::size_t count) {
  for (const auto& folder : folders) {
    const auto path = folder / kRankingFile;
    std::ifstream in(path);
    if (!in) continue;
    std::vector<Assumption> out;
    std::string line;
    for (int number = 1; std::getline(in, line) && out.size() < count; ++number) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      Assumption a;
      std::string low, high, influence;
      if (!std::getline(fields, a.key, '\t') || !std::getline(fields, low, '\t') ||
          !std::getline(fields, high, '\t') || !std::getline(fields, influence, '\t') ||
          !std::getline(fields, a.label)) {
        throw std::runtime_error(path.string() + ", line " + std::to_string(number) +
                                 ": expected key, low, high, influence and label separated by "
                                 "tabs (scripts/sensitivity.py writes this file)");
      }
      try {
        a.low = std::stod(low);
        a.high = std::stod(high);
      } catch (const std::exception&) {
        throw std::runtime_error(path.string() + ", line " + std::to_string(number) +
                                 ": low and high must be numbers, not '" + low + "' and '" + high +
                                 "'");
      }
      out.push_back(std::move(a));
    }
    return out;
  }
  return {};
}

std::string flip_verdict(const Estimate& as_shown, const Estimate& changed) {
  const auto side = [](const Estimate& e) {
    if (e.count < 2) return 0;
    return e.ci_low > 0.0 ? 1 : e.ci_high < 0.0 ? -1 : 0;
  };
  const int before = side(as_shown), after = side(changed);
  if (after == 0) return "unclear";
  if (before == 0) return "clear";  // a clear difference where the shown one was not
  return before == after ? "holds" : "flips";
}

std::vector<FlipCheck> check_flips(std::span<const ScenarioData* const> scenarios,
                                   const std::string& measure,
                                   std::span<const Assumption> assumptions, int replicates,
                                   int threads, const std::function<bool()>& stop) {
  std::vector<std::size_t> compared;  // scenario 0, then the others that are not the baseline
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    if (scenarios[s] && scenarios[s]->settings && (s == 0 || !scenarios[s]->baseline))
      compared.push_back(s);
  }
  if (compared.size() < 2 || compared.front() != 0) return {};

  // One request: every scenario as shown, then at each end of each
  // assumption; all in one parallel loop (both cores busy to the end). A
  // variant's seed is its scenario's, so replicate i of the reference and
  // of the other share random streams at every setting (paired).
  WhatIfRequest request;
  request.replicates = replicates;
  request.threads = threads;
  std::vector<bool> applies(assumptions.size(), true);
  const auto variant = [&](std::size_t s, const Assumption* a,
                           double value) -> std::optional<ScenarioSettings> {
    ScenarioSettings settings = *scenarios[s]->settings;
    // Ids tell variants apart (the runner caches and labels by id).
    settings.id += a ? "|" + a->key + "=" + std::to_string(value) : "|as-shown";
    if (a) {
      const auto [section, key] = split_key(a->key);
      if (!settings.set(section, key, value)) return std::nullopt;
    }
    return settings;
  };
  for (const std::size_t s : compared) request.scenarios.push_back(*variant(s, nullptr, 0.0));
  for (std::size_t a = 0; a < assumptions.size(); ++a) {
    std::vector<ScenarioSettings> block;
    for (const double value : {assumptions[a].low, assumptions[a].high}) {
      for (const std::size_t s : compared) {
        auto v = variant(s, &assumptions[a], value);
        if (!v) applies[a] = false;
        if (applies[a]) block.push_back(std::move(*v));
      }
    }
    if (applies[a]) std::move(block.begin(), block.end(), std::back_inserter(request.scenarios));
  }
  const auto results = run_whatif(request, stop);
  if (!results) return {};

  // Results come in request order: blocks of compared.size() scenarios.
  const auto difference = [&](std::size_t block, std::size_t k) {
    const std::size_t base = block * compared.size();
    return estimate_paired_difference(summary_values(*(*results)[base], measure),
                                      summary_values(*(*results)[base + k], measure));
  };
  std::vector<FlipCheck> checks;
  for (std::size_t k = 1; k < compared.size(); ++k) {
    FlipCheck check;
    check.other = compared[k];
    check.measure = measure;
    check.replicates = replicates;
    check.as_shown = difference(0, k);
    std::size_t block = 1;
    for (std::size_t a = 0; a < assumptions.size(); ++a) {
      FlipRow row;
      row.assumption = assumptions[a];
      row.applies = applies[a];
      if (applies[a]) {
        row.at_low = difference(block, k);
        row.at_high = difference(block + 1, k);
        block += 2;
      }
      check.rows.push_back(std::move(row));
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace loom::viewer
