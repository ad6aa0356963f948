#pragma once
// Small results files for the viewer's tests: real ones written by Loom's
// own writer from short runs of the presets, and the tables newer Loom
// versions add (events, network snapshots) written with the HDF5 C API the
// way h5py writes structured arrays (variable-length UTF-8 strings).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace loom::viewer::test {

std::filesystem::path temp_path(const std::string& name);

// `loom compare` of the given presets (file stems in scenarios/) with
// `replicates` runs each, written with write_ensemble + write_provenance.
void write_comparison(const std::filesystem::path& path, const std::vector<std::string>& presets,
                      int replicates);
// The same for scenario files anywhere (e.g. network scenarios written by
// a test), in the order given.
void write_scenarios(const std::filesystem::path& path,
                     const std::vector<std::filesystem::path>& scenarios, int replicates);

struct EventRow {
  std::int64_t run, week, school;
  std::string kind;
  std::int64_t actor;
  std::string detail;
};
void add_events(const std::filesystem::path& path, const std::string& scenario,
                const std::vector<EventRow>& rows);

struct NodeRow {
  std::int64_t run, week, slot, person, role, champion;
  double tenure, burnout;
};
struct EdgeRow {
  std::int64_t run, week, source, target;
  double trust;
};
void add_network(const std::filesystem::path& path, const std::string& scenario,
                 const std::vector<NodeRow>& nodes, const std::vector<EdgeRow>& edges);

}  // namespace loom::viewer::test
