#include "models/school/staff/staff_snapshot.hpp"

namespace loom {

void add_network_tables(const std::vector<NetworkSnapshot>& network, RunOutput& out) {
  if (network.empty()) return;
  std::vector<std::int64_t> node_week, slot, person, role, champion, tenure;
  std::vector<double> burnout;
  std::vector<std::int64_t> edge_week, source, target;
  std::vector<double> trust;
  for (const auto& snapshot : network) {
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

}  // namespace loom
