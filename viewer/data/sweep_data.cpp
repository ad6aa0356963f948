#include "viewer/data/sweep_data.hpp"

#include <algorithm>
#include <optional>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/output/hdf5_file.hpp"
#include "viewer/data/results_file.hpp"

namespace loom::viewer {
namespace {

constexpr std::size_t kBootstrap = 1000;  // as `loom analyze` by default

const std::vector<double>* find(const SensitivityResult& r, const std::string& name) {
  for (const auto& [n, values] : r.indices)
    if (n == name) return &values;
  return nullptr;
}

}  // namespace

bool is_sweep_file(const std::filesystem::path& path) {
  try {
    const Hdf5Reader in(path);
    return in.has("/sweep");
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<BarSeries> bar_series(const SensitivityResult& r) {
  const std::size_t k = r.factors.size();
  const std::vector<double> none(k, std::numeric_limits<double>::quiet_NaN());
  const auto get = [&](const char* name) {
    const auto* v = find(r, name);
    return v ? *v : none;
  };
  switch (r.method) {
    case SensitivityMethod::kSobol:
      return {{"S1 (first order)", "Share of the variance this factor explains on its own",
               get("S1"), get("S1_conf")},
              {"ST (total)", "Share of the variance including its interactions with others",
               get("ST"), get("ST_conf")}};
    case SensitivityMethod::kMorris:
      return {{"mu* (mean |effect|)",
               "Mean absolute change in the field when the factor moves across its range",
               get("mu_star"), none},
              {"sigma (spread of effects)", "Large when the factor acts non-linearly or interacts",
               get("sigma"), none}};
    case SensitivityMethod::kRegression:
      return {{"SRC",
               "Change in the field, in standard deviations, per standard deviation of "
               "the factor (linear fit)",
               get("src"), none}};
  }
  return {};
}

std::size_t initial_field(const std::vector<std::string>& fields, const std::string& preferred) {
  const auto at = [&](auto match) -> std::optional<std::size_t> {
    const auto it = std::find_if(fields.begin(), fields.end(), match);
    if (it == fields.end()) return std::nullopt;
    return static_cast<std::size_t>(it - fields.begin());
  };
  if (!preferred.empty()) {
    if (const auto i = at([&](const std::string& f) { return f == preferred; })) return *i;
  }
  if (const auto i = at([](const std::string& f) { return f == "outcome_mean"; })) return *i;
  if (const auto i = at([](const std::string& f) { return f.rfind("outcome_", 0) == 0; }))
    return *i;
  return 0;
}

SweepModel::SweepModel(const std::filesystem::path& path) {
  try {
    file_ = open_sweep(path);
    factors_ = factor_columns(file_);
  } catch (const std::exception& e) {
    throw ResultsError(e.what());
  }
  if (file_.fields.empty())
    throw ResultsError(path.string() + ": the sweep's runs table has no summary fields");
}

const std::vector<double>& SweepModel::means(const std::string& field) {
  auto it = means_.find(field);
  if (it != means_.end()) return it->second;
  try {
    return means_.emplace(field, point_means(file_, field)).first->second;
  } catch (const std::exception& e) {
    throw ResultsError(e.what());
  }
}

const SensitivityResult* SweepModel::indices(const std::string& field, std::string* error) {
  if (const auto it = indices_.find(field); it != indices_.end()) return &it->second;
  if (const auto it = errors_.find(field); it != errors_.end()) {
    if (error) *error = it->second;
    return nullptr;
  }
  try {
    return &indices_.emplace(field, analyze_sweep(file_, field, std::nullopt, kBootstrap))
                .first->second;
  } catch (const std::exception& e) {
    errors_[field] = e.what();
    if (error) *error = e.what();
    return nullptr;
  }
}

}  // namespace loom::viewer
