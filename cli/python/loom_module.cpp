// `_loom`: the C++ half of Loom's Python module (`import loom`; the Python
// half, cli/python/loom/__init__.py, turns what this returns into pandas
// and xarray objects). It calls the same code as the `loom` command: the
// same scenario loading, run plan and loop, so a run here gives the same
// numbers as `loom run` for the same scenario and seed. The GIL is released
// while runs compute, so other Python threads (a notebook's UI, a dask
// worker) go on. docs/python.md.
#include <dlfcn.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/params_json.hpp"
#include "models/catalog/model_catalog.hpp"
#include "models/catalog/scenario_runner.hpp"
#include "models/catalog/sweep_runner.hpp"
#include "sim/core/build_info.hpp"
#include "sim/input/data_paths.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/hdf5_handle.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/output/unit_journal.hpp"

namespace py = pybind11;

namespace loom {
namespace {

// The presets are found beside this module's own file, not python3's
// (sim/input/data_paths.hpp): installed as
// <prefix>/lib/python3.X/dist-packages/loom/_loom*.so, so four folders up.
void locate_presets() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&locate_presets), &info) == 0 || !info.dli_fname) return;
  std::error_code ec;
  const std::filesystem::path library = std::filesystem::canonical(info.dli_fname, ec);
  if (ec) return;
  locate_data_from_library(library, library.parent_path() / ".." / ".." / ".." / "..");
}

// A preset name or path, as `loom run` takes it; what it cannot find is a
// ValueError that also says how to list the presets.
std::string resolve_scenario(const std::string& name) {
  try {
    return require_scenario(name).string();
  } catch (const DataPathError& e) {
    throw ScenarioError("no scenario file or preset named '" + name + "': " + e.what() +
                        " (loom.presets() lists the presets)");
  }
}

py::dict scenario_result(const LoadedScenario& s, EnsembleResult& r) {
  const OutputLayout& layout = r.layout;
  const auto runs = static_cast<py::ssize_t>(r.runs.size());
  const auto fields = static_cast<py::ssize_t>(layout.summary.size());
  const auto steps = static_cast<py::ssize_t>(layout.steps);
  const auto metrics = static_cast<py::ssize_t>(layout.metrics.size());
  // Copied straight into the arrays Python gets, run by run.
  py::array_t<double> summary({runs, fields}), series({runs, steps, metrics});
  double* summary_at = summary.mutable_data();
  double* series_at = series.mutable_data();
  std::vector<std::int64_t> event_run, week, school, actor;
  std::vector<std::string> kind, detail;
  for (std::size_t i = 0; i < r.runs.size(); ++i) {
    RunOutput& o = r.runs[i];
    if (o.summary.size() != static_cast<std::size_t>(fields) ||
        o.series.size() != static_cast<std::size_t>(steps * metrics))
      throw std::runtime_error("run " + std::to_string(i) + " of " + s.id +
                               " does not have its layout's shape");
    summary_at = std::copy(o.summary.begin(), o.summary.end(), summary_at);
    series_at = std::copy(o.series.begin(), o.series.end(), series_at);
    for (auto& e : o.events) {
      event_run.push_back(static_cast<std::int64_t>(i));
      week.push_back(e.week);
      school.push_back(e.school);
      actor.push_back(e.actor);
      kind.push_back(std::move(e.kind));
      detail.push_back(std::move(e.detail));
    }
    o = RunOutput();  // what is copied is freed as it goes
  }
  py::dict events;
  events["run"] = event_run;
  events["week"] = week;
  events["school"] = school;
  events["kind"] = kind;
  events["actor"] = actor;
  events["detail"] = detail;
  py::dict d;
  d["id"] = s.id;
  d["name"] = s.header.name;
  d["description"] = s.header.description;
  d["model"] = s.header.model;
  d["role"] = s.role;
  d["seed"] = s.header.seed;
  d["replicates"] = runs;
  d["time_label"] = layout.time_label;
  d["steps_per_year"] = layout.steps_per_year;
  d["metrics"] = layout.metrics;
  d["summary_fields"] = layout.summary;
  d["summary"] = summary;
  d["series"] = series;
  d["events"] = events;
  d["warnings"] = s.warnings;
  d["resolved"] = s.resolved;
  return d;
}

py::list run(const std::vector<std::string>& names, std::optional<int> replicates,
             std::optional<std::uint64_t> seed, const std::vector<std::string>& overrides,
             int threads, const std::optional<std::string>& baseline) {
  RunRequest request;
  request.replicates = replicates;
  request.seed = seed;
  request.overrides = overrides;
  request.threads = threads;
  std::vector<LoadedScenario> scenarios;
  for (const auto& name : names)
    scenarios.push_back(load_scenario(resolve_scenario(name), request));
  if (scenarios.empty()) throw ScenarioError("no scenario given");
  if (baseline)
    scenarios.push_back(load_baseline(resolve_scenario(*baseline), scenarios.front(), request));
  make_ids_unique(scenarios);
  std::vector<EnsembleResult> results;
  {
    py::gil_scoped_release free_python;
    results = run_in_memory(scenarios, threads);
  }
  py::list out;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    out.append(scenario_result(scenarios[i], results[i]));
  return out;
}

py::dict table_columns(const Hdf5Reader& file, const std::string& path) {
  py::dict columns;
  for (auto& c : file.table(path)) {
    std::visit([&](auto& values) { columns[py::str(c.name)] = std::move(values); }, c.values);
  }
  return columns;
}

// Runs a sweep file into `output` (as `loom sweep SPEC -o OUTPUT`, without
// shards or MPI) and reads its points and runs tables back.
py::dict sweep(const std::string& spec, const std::string& output, int threads, bool resume,
               bool force) {
  const PreparedSweep prepared = prepare_sweep(spec, force);
  SweepOptions options;
  options.output = output;
  options.command_line = "python: loom.sweep('" + spec + "')";
  options.threads = threads;
  options.progress = ProgressObserver::Mode::kQuiet;
  options.resume = resume;
  options.force = force;
  {
    const OutputGuard guard = guard_output(output, prepared.base.inputs, force);
    py::gil_scoped_release free_python;
    run_sweep(prepared, options);
  }
  const Hdf5Reader file(output);
  py::dict d;
  d["points"] = table_columns(file, "/sweep/points");
  d["runs"] = table_columns(file, "/sweep/runs");
  d["factors"] = file.strings("/sweep/factor_names");
  d["design"] = prepared.spec.design;
  d["model"] = prepared.spec.model;
  d["replicates"] = prepared.spec.replicates;
  return d;
}

// The model a scenario runs (loads it without running; errors as run()).
std::string scenario_model(const std::string& name) {
  return load_scenario(resolve_scenario(name), RunRequest{}).header.model;
}

std::string params_json(const std::vector<std::string>& models) {
  std::ostringstream out;
  print_params_json(out, models.empty() ? model_names() : models);
  return out.str();
}

std::vector<std::string> presets() {
  std::vector<std::string> names;
  for (const auto& folder : preset_folders()) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const auto& p = it->path();
      if (p.extension() != ".toml" || p.parent_path().filename() == "sweeps") continue;
      auto rel = std::filesystem::relative(p, folder, ec).replace_extension().string();
      if (std::find(names.begin(), names.end(), rel) == names.end()) names.push_back(rel);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace
}  // namespace loom

PYBIND11_MODULE(_loom, m) {
  using namespace loom;
  m.doc() = "Loom's engine (the loom package wraps it; see docs/python.md)";
  locate_presets();
  silence_hdf5();  // Loom reports HDF5 failures itself, as exceptions
  // Bad input is a ValueError with Loom's message (file, line, key, range);
  // a file that cannot be written or read, an OSError.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const DataPathError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const OutputError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const Hdf5Error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const JournalError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });
  m.def("run", &run, py::arg("scenarios"), py::arg("replicates"), py::arg("seed"),
        py::arg("overrides"), py::arg("threads"), py::arg("baseline"));
  m.def("sweep", &sweep, py::arg("spec"), py::arg("output"), py::arg("threads"), py::arg("resume"),
        py::arg("force"));
  m.def("params_json", &params_json, py::arg("models"));
  m.def("scenario_model", &scenario_model, py::arg("scenario"));
  m.def("model_names", &model_names);
  m.def("presets", &presets);
  m.attr("__version__") = std::string(build_info::version());
  m.attr("git_commit") = std::string(build_info::git_commit());
}
