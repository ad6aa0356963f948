#include "cli/check_command.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ostream>

#include "sim/output/content_digest.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_probe.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {

void require_complete_results(const Hdf5Reader& file, const std::string& path) {
  std::string format;
  try {
    if (file.has_attribute("/", "format")) format = file.string_attribute("/", "format");
  } catch (const Hdf5Error&) {
    format.clear();
  }
  if (format != "loom-results") {
    throw DamagedResults(path + " is not a Loom results file (its root has no format = " +
                         "\"loom-results\" attribute)");
  }
  double version = 0.0;
  try {
    version = file.number_attribute("/", "format_version");
  } catch (const Hdf5Error&) {
    throw DamagedResults(path + " has no readable format_version attribute");
  }
  if (!(version >= 1.0 && version <= kKnownFormatVersion && version == std::floor(version))) {
    throw DamagedResults(path + " uses results format version " + std::to_string(version) +
                         "; this Loom reads version 1 to " + std::to_string(kKnownFormatVersion) +
                         " (a newer Loom wrote it, or it is damaged)");
  }
  double complete = 0.0;
  try {
    if (file.has_attribute("/", "complete")) complete = file.number_attribute("/", "complete");
  } catch (const Hdf5Error&) {
    complete = 0.0;
  }
  if (complete != 1.0) {
    throw DamagedResults(path +
                         " is incomplete (no complete = 1 attribute): the run that wrote it did "
                         "not finish; run the command again");
  }
}

namespace {

std::int64_t whole(const Hdf5Reader& file, const std::string& object, const std::string& name) {
  const double v = file.number_attribute(object, name);
  if (!(v >= 0 && v < 9.0e15 && v == std::floor(v))) {
    throw DamagedResults(object + " attribute " + name + " is not a whole number");
  }
  return static_cast<std::int64_t>(v);
}

// The checks of check_results, throwing DamagedResults at the first failure
// and printing a line for each that passed.
void verify(const std::string& path, std::ostream& out) {
  require_safe_to_read(path);  // a crash or loop of libhdf5 becomes "damaged"
  Hdf5Reader file(path);       // throws Hdf5Error when not HDF5 / unopenable
  out << "ok   HDF5 file (" << file.file_size()
      << " bytes), structure checksums verified on open\n";
  require_complete_results(file, path);
  out << "ok   format loom-results, version " << whole(file, "/", "format_version") << "\n";
  out << "ok   complete = 1\n";

  const bool scenarios = file.has("/scenarios");
  if (scenarios) {
    const std::int64_t total = whole(file, "/", "units_total");
    const std::int64_t done = whole(file, "/", "units_done");
    if (done != total) {
      throw DamagedResults("units_done = " + std::to_string(done) +
                           " but units_total = " + std::to_string(total));
    }
    out << "ok   units_done = units_total = " << total << "\n";
  }

  // Every dataset in full: HDF5 verifies each chunk's Fletcher32 checksum
  // as it reads it.
  std::size_t datasets = 0, checksummed = 0;
  std::uint64_t bytes = 0;
  for (const auto& d : file.dataset_paths()) {
    try {
      bytes += file.raw_bytes(d).size();
      if (file.has_checksum(d)) ++checksummed;
    } catch (const Hdf5Error& e) {
      throw DamagedResults(d + " cannot be read: " + e.what() + " (checksum or structure error)");
    }
    ++datasets;
  }
  out << "ok   " << datasets << " datasets read in full (" << bytes << " bytes); " << checksummed
      << " of them carry Fletcher32 checksums, all verified\n";
  // What was written, where it was written (sim/output/content_digest.hpp):
  // strings, unchecksummed tables and tables moved to another path.
  const DigestCheck digests = check_content_digests(file, path);
  if (!digests.wrong.empty()) {
    std::string list;
    for (const auto& d : digests.wrong) list += (list.empty() ? "" : ", ") + d;
    throw DamagedResults(list + ": the content differs from what was written (content digest)");
  }
  out << "ok   " << digests.verified << " datasets"
      << (digests.attributes ? " and the attributes" : "")
      << " match the content digests written with them";
  if (!digests.without.empty()) {
    out << "; " << digests.without.size() << " carry none (written by an older Loom), e.g. "
        << digests.without.front();
  }
  out << "\n";

  if (file.has("/sweep")) {
    // A sweep (or one shard of it): every unit of its share is in the runs table.
    const std::string g = "/sweep";
    if (whole(file, g, "complete") != 1) throw DamagedResults("/sweep is not complete");
    const std::int64_t total = whole(file, g, "units_total");
    const std::int64_t count = std::max<std::int64_t>(whole(file, g, "shard_count"), 1);
    const std::int64_t index = whole(file, g, "shard_index");
    const std::int64_t expected = index < total ? (total - index + count - 1) / count : 0;
    const std::int64_t units = whole(file, g, "units");
    const auto runs = file.shape(g + "/runs");
    if (units != expected || runs.empty() || runs[0] != static_cast<std::uint64_t>(units)) {
      throw DamagedResults("/sweep holds " + std::to_string(runs.empty() ? 0 : runs[0]) +
                           " runs, its share of the plan is " + std::to_string(expected));
    }
    out << "ok   sweep: " << units << " runs, all of shard " << index + 1 << " of " << count << " ("
        << total << " in the whole plan)\n";
    return;
  }
  if (!scenarios) {
    out << "--   no /scenarios (a `loom march` grid): no run plan to check\n";
    return;
  }
  // The plan hash, recomputed from what the file says it ran.
  std::vector<std::string> ids;
  if (file.has("/scenario_order")) ids = file.strings("/scenario_order");
  if (ids.empty()) throw DamagedResults("/scenario_order lists no scenarios");
  std::vector<PlanPoint> points;
  std::int64_t units = 0;
  for (const auto& id : ids) {
    const std::string g = "/scenarios/" + id;
    if (!file.has(g)) throw DamagedResults("/scenario_order names " + id + ", which has no group");
    const std::int64_t replicates = whole(file, g, "replicates");
    const std::int64_t done = whole(file, g, "units_done");
    if (done != replicates) {
      throw DamagedResults(g + ": units_done = " + std::to_string(done) +
                           " but replicates = " + std::to_string(replicates));
    }
    const auto series = file.shape(g + "/timeseries");
    const auto summary = file.shape(g + "/summary");
    if (series.empty() || series[0] != static_cast<std::uint64_t>(replicates) || summary.empty() ||
        summary[0] != static_cast<std::uint64_t>(replicates)) {
      throw DamagedResults(g + ": the time series or summary does not hold " +
                           std::to_string(replicates) + " runs");
    }
    const auto toml = file.strings(g + "/scenario.toml");
    points.push_back({id, file.string_attribute(g, "model"), toml.empty() ? "" : toml.front(),
                      file.unsigned_attribute(g, "seed"), static_cast<std::uint64_t>(replicates)});
    units += replicates;
  }
  out << "ok   " << ids.size() << " scenario(s), " << units
      << " runs: each has all its runs in its time series and summary\n";
  const RunPlan plan(std::move(points));
  const std::string stored = file.string_attribute("/", "plan_hash");
  const std::string computed = hash_hex(plan.hash());
  if (stored != computed) {
    throw DamagedResults("plan_hash is " + stored + " but the stored scenarios give " + computed);
  }
  for (const auto& id : ids) {
    if (file.string_attribute("/scenarios/" + id, "plan_hash") != stored) {
      throw DamagedResults("/scenarios/" + id + " has another plan_hash than the file");
    }
  }
  out << "ok   plan_hash " << stored << " recomputed from the stored scenarios\n";
}

}  // namespace

void check_results(const std::string& path, std::ostream& out) {
  out << "Checking " << path << "\n";
  try {
    verify(path, out);
  } catch (const DamagedResults& e) {
    const std::string what = e.what();
    if (what.rfind(path, 0) == 0) throw;
    throw DamagedResults(path + ": " + what);
  } catch (const Hdf5Error& e) {
    throw DamagedResults(path + ": " + e.what());
  }
  out << "The file is complete and intact.\n";
}

std::vector<std::string> results_scenarios(const Hdf5Reader& file, const std::string& path,
                                           const std::string& requested) {
  std::vector<std::string> ids;
  if (file.has("/scenario_order")) ids = file.strings("/scenario_order");
  if (!requested.empty()) {
    if (std::find(ids.begin(), ids.end(), requested) == ids.end()) {
      std::string known;
      for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
      throw std::invalid_argument("no scenario '" + requested + "' in " + path +
                                  " (it has: " + known + ")");
    }
    ids = {requested};
  }
  if (ids.empty()) throw std::invalid_argument(path + " holds no scenario results");
  return ids;
}

namespace {
constexpr int kMaxStepsPerYear = 10000;  // far above any calendar (52 weeks)
}  // namespace

int weeks_per_year(const Hdf5Reader& file, const std::string& path, const std::string& group) {
  const auto bad = [&](const std::string& what) {
    return DamagedResults(path + ": " + group + ": " + what + "; expected a whole number of " +
                          "weeks per year from 1 to " + std::to_string(kMaxStepsPerYear) +
                          " (the file is damaged)");
  };
  if (file.has_attribute(group, "steps_per_year")) {
    const double v = file.number_attribute(group, "steps_per_year");
    if (!(v >= 1 && v <= kMaxStepsPerYear && v == std::floor(v))) {
      throw bad("attribute steps_per_year is " + std::to_string(v));
    }
    return static_cast<int>(v);
  }
  if (!file.has(group + "/scenario.toml")) return 36;
  const auto text = file.strings(group + "/scenario.toml");
  if (text.empty()) return 36;
  const std::string& toml = text.front();
  const std::string key = "weeks_per_year = ";
  const auto at = toml.find(key);
  if (at == std::string::npos) return 36;
  const char* first = toml.data() + at + key.size();
  const char* last = toml.data() + toml.size();
  int value = 0;
  const auto [end, error] = std::from_chars(first, last, value);
  if (error != std::errc() || value < 1 || value > kMaxStepsPerYear ||
      (end != last && *end != '\n' && *end != ' ' && *end != '#' && *end != '\r')) {
    const std::string shown(first,
                            std::min<std::size_t>(20, static_cast<std::size_t>(last - first)));
    throw bad("the stored scenario says weeks_per_year = " + shown.substr(0, shown.find('\n')));
  }
  return value;
}

}  // namespace loom
