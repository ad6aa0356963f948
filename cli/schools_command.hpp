#pragma once
// `loom schools RESULTS.h5 [--scenario ID] [--format table|csv|json]`: a
// network of schools' results school by school, by the hub's ids, so a hub
// sees which schools took the practice up, when, and which kept it after
// the hub left (issue 22 item 8). Read from the results file's `schools`
// table and event story (docs/output.md); nothing is run.
//
// Per school over a scenario's runs: the share of runs in which it was a
// seed, took the practice up (seeds included), had it at the end; the
// median week of its first take-up (in the runs where it took it up); and,
// when the hub's funding ended during the run, the share of runs in which
// it had the practice as the hub's last funded week began (as the summary's
// sustained_share_after_hub_exit counts) and, of those, kept it to the end. Undefined
// values (no take-up, no hub exit) are missing: "n/a", empty, null.
#include <iosfwd>
#include <string>

namespace loom {

struct SchoolsRequest {
  std::string file;
  std::string scenario;  // empty: every network scenario in the file
  std::string format = "table";
};

// Throws std::invalid_argument for a scenario the file lacks or one that is
// not a network of schools; Hdf5Error / DamagedResults for a bad file.
void print_schools_report(const SchoolsRequest& request, std::ostream& out);

}  // namespace loom
