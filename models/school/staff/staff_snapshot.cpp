#include "models/school/staff/staff_snapshot.hpp"

#include "models/school/school_state.hpp"

namespace loom {

void add_staff_network_tables(const std::vector<StaffSnapshot>& snapshots, RunOutput& out) {
  if (snapshots.empty()) return;
  std::vector<std::int64_t> node_week, slot, person, role, champion, tenure;
  std::vector<double> burnout;
  std::vector<std::int64_t> edge_week, source, target;
  std::vector<double> trust;
  for (const auto& snapshot : snapshots) {
    for (const auto& n : snapshot.nodes) {
      node_week.push_back(snapshot.week);
      slot.push_back(n.slot);
      person.push_back(n.person);
      role.push_back(n.role);
      champion.push_back(n.champion);
      tenure.push_back(n.tenure);
      burnout.push_back(n.burnout);
    }
    for (const auto& e : snapshot.edges) {
      edge_week.push_back(snapshot.week);
      source.push_back(e.source);
      target.push_back(e.target);
      trust.push_back(e.trust);
    }
  }
  out.tables.push_back({"network_nodes",
                        {{"week", std::move(node_week)},
                         {"slot", std::move(slot)},
                         {"person", std::move(person)},
                         {"role", std::move(role)},
                         {"champion", std::move(champion)},
                         {"tenure", std::move(tenure)},
                         {"burnout", std::move(burnout)}}});
  out.tables.push_back({"network_edges",
                        {{"week", std::move(edge_week)},
                         {"source", std::move(source)},
                         {"target", std::move(target)},
                         {"trust", std::move(trust)}}});
}

void record_staff_snapshot(SchoolState& s, const WeekContext& w) {
  StaffSnapshot snapshot;
  snapshot.week = w.week;
  const auto& cond = s.staff.conditions;
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    snapshot.nodes.push_back({static_cast<std::int64_t>(slot),
                              s.present(slot) ? std::int64_t{s.staff.records.person_id[slot]} : -1,
                              slot == 0 ? 0 : 1, cond.owns[slot] ? 1 : 0,
                              s.staff.records.tenure_years[slot], cond.burnout[slot]});
    for (std::uint32_t i = s.ties.offset[slot]; i < s.ties.offset[slot + 1]; ++i) {
      if (s.ties.neighbour[i] > slot)
        snapshot.edges.push_back(
            {static_cast<std::int64_t>(slot), s.ties.neighbour[i], s.ties.trust[i]});
    }
  }
  s.staff_network.push_back(std::move(snapshot));
}

}  // namespace loom
