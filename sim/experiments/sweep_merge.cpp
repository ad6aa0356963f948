// `loom merge`: shard files of one sweep -> one results file (sweep_file.hpp).
#include <algorithm>
#include <map>
#include <memory>

#include "sim/experiments/sweep_file.hpp"
#include "sim/input/scenario.hpp"
#include "sim/output/content_digest.hpp"
#include "sim/output/hdf5_probe.hpp"
#include "sim/output/result_sinks.hpp"
#include "sim/run/run_plan.hpp"

namespace loom {
namespace {

struct Shard {
  std::filesystem::path path;
  std::unique_ptr<Hdf5Reader> file;
  SweepFileInfo info;
  std::vector<std::int64_t> unit, point, replicate;
  std::vector<std::vector<double>> fields;
  std::size_t next = 0;  // next row to hand over
  // Events by unit (record = all): rows of the events table.
  std::vector<TableColumn> events;
  std::size_t next_event = 0;
};

const std::vector<std::int64_t>& ints(const TableColumn& c) {
  return std::get<std::vector<std::int64_t>>(c.values);
}

}  // namespace

FinishedSweepFile open_finished_sweep(const std::filesystem::path& path) {
  require_safe_to_read(path);
  FinishedSweepFile f;
  f.file = std::make_unique<Hdf5Reader>(path);
  if (!f.file->has_attribute("/", "complete") || f.file->number_attribute("/", "complete") != 1.0)
    throw Hdf5Error("the file is incomplete (its sweep did not finish)");
  f.info = read_sweep_info(*f.file);
  const DigestCheck digests = check_content_digests(*f.file, path);
  if (!digests.wrong.empty()) {
    throw Hdf5Error(digests.wrong.front() +
                    " differs from what was written (content digest): the shard is damaged; "
                    "run it again (loom sweep --shard)");
  }
  return f;
}

MergeReport merge_sweep_files(const std::vector<std::filesystem::path>& paths,
                              const std::filesystem::path& output,
                              const std::string& command_line) {
  if (paths.empty()) throw ScenarioError("loom merge: no shard files given");
  std::vector<Shard> shards;
  for (const auto& path : paths) {
    for (const auto& s : shards) {
      std::error_code ec;
      if (std::filesystem::equivalent(s.path, path, ec))
        throw ScenarioError(path.string() + ": the same file is given twice");
    }
    Shard s;
    s.path = path;
    try {
      FinishedSweepFile finished = open_finished_sweep(path);
      s.file = std::move(finished.file);
      s.info = finished.info;
    } catch (const Hdf5Error& e) {
      throw ScenarioError(path.string() + ": " + e.what());
    }
    shards.push_back(std::move(s));
  }
  const SweepFileInfo& first = shards.front().info;
  std::map<std::uint64_t, std::string> seen_index;
  for (const auto& s : shards) {
    if (s.info.plan_hash != first.plan_hash) {
      throw ScenarioError(s.path.string() + " is a shard of another sweep (plan " +
                          hash_hex(s.info.plan_hash) + ") than " + shards.front().path.string() +
                          " (plan " + hash_hex(first.plan_hash) + ")");
    }
    if (s.info.shard_count != first.shard_count) {
      throw ScenarioError(s.path.string() + " is one of " + std::to_string(s.info.shard_count) +
                          " shards, " + shards.front().path.string() + " one of " +
                          std::to_string(first.shard_count));
    }
    const auto [it, fresh] = seen_index.emplace(s.info.shard_index, s.path.string());
    if (!fresh) {
      throw ScenarioError(s.path.string() + " and " + it->second + " are both shard " +
                          std::to_string(s.info.shard_index + 1) + " of " +
                          std::to_string(s.info.shard_count));
    }
  }
  // Every unit exactly once.
  std::uint64_t units = 0;
  for (auto& s : shards) {
    const auto table = s.file->table("/sweep/runs");
    s.unit = ints(table.at(0));
    s.point = ints(table.at(1));
    s.replicate = ints(table.at(2));
    for (std::size_t c = 3; c < table.size(); ++c)
      s.fields.push_back(std::get<std::vector<double>>(table[c].values));
    if (s.info.events()) s.events = s.file->table("/sweep/events");
    units += s.unit.size();
  }
  if (units != first.units_total) {
    // Which units are missing or doubled: mark them (one bit a unit).
    std::vector<unsigned char> held(first.units_total, 0);
    for (const auto& s : shards) {
      for (const auto u : s.unit) {
        if (u < 0 || static_cast<std::uint64_t>(u) >= first.units_total || held[u]++) {
          throw ScenarioError(s.path.string() + ": unit " + std::to_string(u) +
                              " is held by two shards or outside the plan");
        }
      }
    }
    std::string missing;
    std::uint64_t count = 0;
    std::map<std::uint64_t, bool> shards_missing;
    for (std::uint64_t u = 0; u < first.units_total; ++u) {
      if (held[u]) continue;
      if (count++ < 10) missing += (missing.empty() ? "" : ", ") + std::to_string(u);
      shards_missing[u % first.shard_count] = true;
    }
    std::string which;
    for (const auto& [index, yes] : shards_missing) {
      (void)yes;
      which += (which.empty() ? "" : ", ") + std::to_string(index + 1);
    }
    throw ScenarioError("loom merge: " + std::to_string(count) + " of " +
                        std::to_string(first.units_total) + " units are missing (units " + missing +
                        (count > 10 ? ", ..." : "") + "): shard(s) " + which + " of " +
                        std::to_string(first.shard_count) + " not given");
  }

  // Shard i of n holds units i, i + n, ...: look there first.
  std::map<std::uint64_t, Shard*> by_index;
  for (auto& s : shards) by_index[s.info.shard_index] = &s;
  const std::uint64_t info_count = std::max<std::uint64_t>(first.shard_count, 1);
  SweepFileInfo info = first;
  info.shard_index = 0;
  info.shard_count = 1;
  Hdf5Writer out(output);
  write_provenance(out, command_line);
  SweepFileWriter writer(out, info);
  const std::size_t series_size =
      static_cast<std::size_t>(info.layout.steps) * info.layout.metrics.size();
  for (std::uint64_t u = 0; u < info.units_total; ++u) {
    // Shards are strided, but any split works: take the shard whose next
    // row is unit u.
    auto holds = [u](const Shard& s) {
      return s.next < s.unit.size() && static_cast<std::uint64_t>(s.unit[s.next]) == u;
    };
    Shard* from = nullptr;
    const auto expected = by_index.find(u % info_count);
    if (expected != by_index.end() && holds(*expected->second)) from = expected->second;
    for (std::size_t i = 0; !from && i < shards.size(); ++i) {
      if (holds(shards[i])) from = &shards[i];
    }
    if (!from) {
      throw ScenarioError("loom merge: unit " + std::to_string(u) +
                          " is not in unit order in any shard (a damaged shard?)");
    }
    Shard& s = *from;
    const std::size_t row = s.next++;
    RunOutput o;
    for (const auto& f : s.fields) o.summary.push_back(f[row]);
    if (info.series()) o.series = s.file->rows("/sweep/timeseries", row, 1);
    if (o.series.size() != (info.series() ? series_size : 0))
      throw ScenarioError(s.path.string() + ": time series of unit " + std::to_string(u) +
                          " has the wrong size");
    if (info.events()) {
      const auto& eu = ints(s.events[0]);
      while (s.next_event < eu.size() && static_cast<std::uint64_t>(eu[s.next_event]) == u) {
        const std::size_t e = s.next_event++;
        RunEvent ev;
        ev.week = static_cast<int>(ints(s.events[1])[e]);
        ev.school = static_cast<int>(ints(s.events[2])[e]);
        ev.kind = std::get<std::vector<std::string>>(s.events[3].values)[e];
        ev.actor = ints(s.events[4])[e];
        ev.detail = std::get<std::vector<std::string>>(s.events[5].values)[e];
        o.events.push_back(std::move(ev));
      }
    }
    writer.add(u, static_cast<std::uint64_t>(s.point[row]),
               static_cast<std::uint64_t>(s.replicate[row]), o);
  }
  writer.finish();
  out.commit();
  return {info.units_total, shards.size()};
}

}  // namespace loom
