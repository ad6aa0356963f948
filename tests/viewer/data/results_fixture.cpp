#include "tests/viewer/data/results_fixture.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <stdexcept>

#include "models/catalog/scenario_runner.hpp"
#include "sim/output/hdf5_file.hpp"

namespace loom::viewer::test {
namespace {

hid_t text_type() {
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

// Writes `rows` records of `type` (a native compound) to group/name.
void write_table(const std::filesystem::path& path, const std::string& dataset, hid_t type,
                 const void* rows, std::size_t count) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) throw std::runtime_error("cannot open " + path.string());
  const hsize_t n = count;
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t set =
      H5Dcreate2(file, dataset.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const herr_t written =
      count ? H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) : herr_t{0};
  H5Dclose(set);
  H5Sclose(space);
  H5Fclose(file);
  if (set < 0 || written < 0) throw std::runtime_error("cannot write " + dataset);
}

}  // namespace

namespace {
// One folder per test process (ctest runs test cases in parallel processes,
// and the release and asan suites may run at once), removed at exit.
struct TempFolder {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("loom_viewer_tests_" + std::to_string(::getpid()));
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};
}  // namespace

std::filesystem::path temp_path(const std::string& name) {
  static TempFolder folder;
  const auto& dir = folder.path;
  std::filesystem::create_directories(dir);
  const auto p = dir / name;
  std::filesystem::remove_all(p);
  return p;
}

void write_comparison(const std::filesystem::path& path, const std::vector<std::string>& presets,
                      int replicates) {
  std::vector<std::filesystem::path> files;
  for (const auto& preset : presets) {
    files.push_back(std::filesystem::path(LOOM_SOURCE_DIR) / "scenarios" / (preset + ".toml"));
  }
  write_scenarios(path, files, replicates);
}

void write_scenarios(const std::filesystem::path& path,
                     const std::vector<std::filesystem::path>& scenarios, int replicates) {
  Hdf5Writer writer(path);
  write_provenance(writer, "viewer test");
  std::vector<std::string> order;
  for (const auto& file : scenarios) {
    RunRequest request;
    request.replicates = replicates;
    request.threads = 1;
    const auto scenario = load_scenario(file.string(), request);
    const EnsembleResult result = run_scenario(scenario, 1);
    write_ensemble(writer, scenario.id, scenario.header, scenario.resolved, result);
    order.push_back(scenario.id);
  }
  writer.strings("/scenario_order", order);
  writer.commit();
}

void add_events(const std::filesystem::path& path, const std::string& scenario,
                const std::vector<EventRow>& rows) {
  struct Record {
    std::int64_t run, week, school;
    const char* kind;
    std::int64_t actor;
    const char* detail;
  };
  std::vector<Record> records;
  for (const auto& r : rows) {
    records.push_back({r.run, r.week, r.school, r.kind.c_str(), r.actor, r.detail.c_str()});
  }
  const hid_t text = text_type();
  const hid_t type = H5Tcreate(H5T_COMPOUND, sizeof(Record));
  H5Tinsert(type, "run", HOFFSET(Record, run), H5T_NATIVE_INT64);
  H5Tinsert(type, "week", HOFFSET(Record, week), H5T_NATIVE_INT64);
  H5Tinsert(type, "school", HOFFSET(Record, school), H5T_NATIVE_INT64);
  H5Tinsert(type, "kind", HOFFSET(Record, kind), text);
  H5Tinsert(type, "actor", HOFFSET(Record, actor), H5T_NATIVE_INT64);
  H5Tinsert(type, "detail", HOFFSET(Record, detail), text);
  write_table(path, "/scenarios/" + scenario + "/events", type, records.data(), records.size());
  H5Tclose(type);
  H5Tclose(text);
}

void add_network(const std::filesystem::path& path, const std::string& scenario,
                 const std::vector<NodeRow>& nodes, const std::vector<EdgeRow>& edges) {
  const hid_t node_type = H5Tcreate(H5T_COMPOUND, sizeof(NodeRow));
  H5Tinsert(node_type, "run", HOFFSET(NodeRow, run), H5T_NATIVE_INT64);
  H5Tinsert(node_type, "week", HOFFSET(NodeRow, week), H5T_NATIVE_INT64);
  H5Tinsert(node_type, "slot", HOFFSET(NodeRow, slot), H5T_NATIVE_INT64);
  H5Tinsert(node_type, "person", HOFFSET(NodeRow, person), H5T_NATIVE_INT64);
  H5Tinsert(node_type, "role", HOFFSET(NodeRow, role), H5T_NATIVE_INT64);
  H5Tinsert(node_type, "champion", HOFFSET(NodeRow, champion), H5T_NATIVE_INT64);
  H5Tinsert(node_type, "tenure", HOFFSET(NodeRow, tenure), H5T_NATIVE_DOUBLE);
  H5Tinsert(node_type, "burnout", HOFFSET(NodeRow, burnout), H5T_NATIVE_DOUBLE);
  write_table(path, "/scenarios/" + scenario + "/network_nodes", node_type, nodes.data(),
              nodes.size());
  H5Tclose(node_type);
  const hid_t edge_type = H5Tcreate(H5T_COMPOUND, sizeof(EdgeRow));
  H5Tinsert(edge_type, "run", HOFFSET(EdgeRow, run), H5T_NATIVE_INT64);
  H5Tinsert(edge_type, "week", HOFFSET(EdgeRow, week), H5T_NATIVE_INT64);
  H5Tinsert(edge_type, "source", HOFFSET(EdgeRow, source), H5T_NATIVE_INT64);
  H5Tinsert(edge_type, "target", HOFFSET(EdgeRow, target), H5T_NATIVE_INT64);
  H5Tinsert(edge_type, "trust", HOFFSET(EdgeRow, trust), H5T_NATIVE_DOUBLE);
  write_table(path, "/scenarios/" + scenario + "/network_edges", edge_type, edges.data(),
              edges.size());
  H5Tclose(edge_type);
}

}  // namespace loom::viewer::test
