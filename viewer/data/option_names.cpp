#include "viewer/data/option_names.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/experiments/sweep_analysis.hpp"
#include "sim/input/parameter.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_probe.hpp"
#include "viewer/data/sweep_data.hpp"
#include "viewer/data/whatif_names.hpp"

namespace loom::viewer {
namespace {

// "--tab shcools: no such tab; did you mean 'schools'? (compare, ...)"
std::string unknown(const std::string& option, const std::string& value,
                    const std::vector<std::string>& valid, const std::string& what,
                    const std::string& listed) {
  std::string all;
  for (const auto& v : valid) all += (all.empty() ? "" : ", ") + v;
  return option + " " + value + ": " + what + suggestion(value, valid) +
         (all.empty() ? "" : " (" + listed + all + ")");
}

std::string check_field(const OptionNames& o) {
  bool any_sweep = false;
  for (const auto& file : o.files) {
    if (!is_sweep_file(file)) continue;
    any_sweep = true;
    try {
      const SweepFile sweep = open_sweep(file);
      if (std::find(sweep.fields.begin(), sweep.fields.end(), o.field) == sweep.fields.end())
        return unknown("--field", o.field, sweep.fields, file + " has no such summary field",
                       "fields: ");
    } catch (const std::exception&) {
      // A sweep that cannot be opened is reported when it is opened.
    }
  }
  return any_sweep ? "" : "--field is for a sweep file (loom sweep), and none is given";
}

std::string check_scenario(const OptionNames& o) {
  std::vector<std::string> ids;
  for (const auto& file : o.files) {
    try {
      require_safe_to_read(file);
      const Hdf5Reader reader(file);
      if (!reader.has("/scenario_order")) continue;
      for (const auto& id : reader.strings("/scenario_order")) ids.push_back(id);
    } catch (const std::exception&) {
      // A file that cannot be read is reported when it is opened.
    }
  }
  if (std::find(ids.begin(), ids.end(), o.scenario) != ids.end()) return "";
  return unknown("--scenario", o.scenario, ids, "no scenario of that id in the files given",
                 "they have: ");
}

}  // namespace

const std::vector<std::string>& tab_names() {
  static const std::vector<std::string> names{"compare",     "whatif",  "staff-network", "network",
                                              "sensitivity", "schools", "calibration"};
  return names;
}

std::string check_option_names(const OptionNames& o) {
  const auto& tabs = tab_names();
  if (!o.tab.empty() && std::find(tabs.begin(), tabs.end(), o.tab) == tabs.end())
    return unknown("--tab", o.tab, tabs, "no such tab", "");
  for (const auto& name : o.whatif) {
    try {
      load_whatif_scenario(name, o.preset_folders);
    } catch (const std::invalid_argument& e) {
      return std::string("--whatif ") + e.what();
    }
  }
  if (!o.field.empty()) {
    if (std::string error = check_field(o); !error.empty()) return error;
  }
  if (!o.scenario.empty()) return check_scenario(o);
  return "";
}

}  // namespace loom::viewer
