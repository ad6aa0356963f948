#pragma once
// Shared helpers for the school model's tests: a "core" school with every
// extension mechanism switched off, and ways to collect outcomes over
// replicates (replicate r of two configurations shares its random streams,
// so paired differences are meaningful).
#include <algorithm>
#include <string>
#include <vector>

#include "models/school/school_model.hpp"

namespace loom::testing {

// March's learning core in a school: every mechanism switched off by its
// section's switch_off (no staff meetings, so the code learns every week;
// no experience, implementation dip, PDSA, equity pauses, trust, load,
// initiatives, turnover modifiers, mid-year exits, late hires,
// principal-exit shock, growth dip or growth ceiling), and no snapshots.
inline SchoolParams core_school() {
  SchoolParams p = march_core_school();
  p.staff_network.replicates = 0;
  return p;
}

inline std::size_t summary_index(const std::string& name) {
  const auto& names = school_summary_names();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

inline std::size_t metric_index(const std::string& name) {
  const auto& names = school_metric_names();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

inline std::vector<double> column(const SchoolParams& p, int replicates, const std::string& field,
                                  std::uint64_t seed = 77) {
  std::vector<double> values;
  const std::size_t f = summary_index(field);
  for (int r = 0; r < replicates; ++r) {
    values.push_back(run_school(p, seed, static_cast<std::uint64_t>(r)).summary[f]);
  }
  return values;
}

}  // namespace loom::testing
