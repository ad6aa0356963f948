#include "models/school/staff/staff_network_output.hpp"

namespace loom {

const ParameterTable<StaffNetworkParams>& staff_network_table() {
  static const ParameterTable<StaffNetworkParams> table = [] {
    ParameterTable<StaffNetworkParams> t{
        "staff_network", "Staff network snapshots (output)", {}, {}};
    t.former_section = "network";  // before the network of schools had a [network]
    t.add(&StaffNetworkParams::replicates,
          {"replicates", ValueKind::kInteger, 1, 0, 100000, "replicates",
           "Runs that record the staff network",
           "The first this-many replicates record network snapshots (0 = none)",
           "Loom assumption: output size only, no effect on results"});
    t.fixed_at_start("an output setting for the whole run");
    t.add(&StaffNetworkParams::every_weeks,
          {"every_weeks", ValueKind::kInteger, 12, 1, 52, "weeks", "Weeks between snapshots",
           "A snapshot at week 0, every this-many weeks, and at the last week",
           "Loom assumption: output size only, no effect on results"});
    t.fixed_at_start("an output setting for the whole run");
    return t;
  }();
  return table;
}

}  // namespace loom
