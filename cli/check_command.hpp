#pragma once
// `loom check FILE`: verifies a results file and says what it verified.
//
// A results file can be damaged after it was written (a disk, a copy, a
// transfer): one flipped bit used to crash the viewer or change numbers
// that every reader accepted. HDF5 checks the file's structure (the 1.8
// format checksums its metadata) and Fletcher32 checksums each chunk of
// the datasets Loom writes chunked; a damaged part fails to read. So
// reading everything in full verifies everything that carries a checksum.
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace loom {

class Hdf5Reader;

// A results file that must not be used: damaged, incomplete or unknown
// (exit code 2). The message names the file and the first problem.
class DamagedResults : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The newest results format this Loom reads (root attribute format_version).
constexpr int kKnownFormatVersion = 1;

// Refuses (DamagedResults) a file whose root lacks format = "loom-results",
// whose format_version is newer than this Loom knows, or whose `complete`
// attribute is missing or not 1 (the run that wrote it did not finish).
// `loom story` and `loom check` call it before reading anything else.
void require_complete_results(const Hdf5Reader& file, const std::string& path);

// The scenario ids a command reads (/scenario_order): `requested` alone when
// given (std::invalid_argument listing the file's when it is not there),
// else all. Throws std::invalid_argument for a file with none.
std::vector<std::string> results_scenarios(const Hdf5Reader& file, const std::string& path,
                                           const std::string& requested);

// Weeks per year of a scenario group: its `steps_per_year` attribute,
// which writers store so that no reader parses scenario TOML; files from
// before it was stored fall back to `weeks_per_year = N` in the stored
// scenario, read strictly (a damaged value used to end the command with
// "loom: stoi"), else 36. Anything else is a damaged file (DamagedResults).
int weeks_per_year(const Hdf5Reader& file, const std::string& path, const std::string& group);

// Verifies, in order, printing one line per check: HDF5 file; format and
// version; complete; units_done == units_total (and per scenario ==
// replicates, with matching row counts); every dataset read in full
// (checksums verified where present); the plan hash recomputed from the
// stored scenarios. Throws DamagedResults (naming the file and the first
// failed check) after printing the checks that passed.
void check_results(const std::string& path, std::ostream& out);

}  // namespace loom
