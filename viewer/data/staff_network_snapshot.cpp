#include "viewer/data/staff_network_snapshot.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

namespace loom::viewer {

std::vector<std::int64_t> staff_network_runs(const ScenarioData& data) {
  std::vector<std::int64_t> runs;
  for (const auto& n : data.network_nodes) runs.push_back(n.run);
  std::sort(runs.begin(), runs.end());
  runs.erase(std::unique(runs.begin(), runs.end()), runs.end());
  return runs;
}

std::vector<NodePosition> force_layout(std::size_t count, const std::vector<LayoutEdge>& edges,
                                       const std::vector<bool>& start_at_centre) {
  std::vector<NodePosition> p(count);
  if (count == 0) return p;
  // Start: ring in slot order (teams are usually consecutive slots, so they
  // start together), chosen nodes near the centre. No random numbers, so the
  // same snapshots always give the same picture.
  std::size_t ring = 0;
  for (std::size_t i = 0; i < count; ++i) ring += start_at_centre[i] ? 0 : 1;
  std::size_t k = 0, c = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (start_at_centre[i]) {
      const double a = 2.0 * std::numbers::pi * static_cast<double>(c++) / 7.0;
      p[i] = {0.05 * std::cos(a), 0.05 * std::sin(a)};
    } else {
      const double a = 2.0 * std::numbers::pi * static_cast<double>(k++) /
                       static_cast<double>(std::max<std::size_t>(ring, 1));
      p[i] = {std::cos(a), std::sin(a)};
    }
  }
  if (count == 1) return {NodePosition{0.5, 0.5}};

  // Fruchterman & Reingold (1991) on a square of side 2, with cooling. The
  // pair loop is O(n^2), so large schools get fewer iterations.
  const double n = static_cast<double>(count);
  const double spacing = std::sqrt(4.0 / n);
  const int iterations = static_cast<int>(std::clamp(4.0e7 / (n * n), 30.0, 300.0));
  std::vector<double> dx(count), dy(count);
  double temperature = 0.2;
  const double gravity = 2.0 * spacing;
  for (int it = 0; it < iterations; ++it) {
    std::fill(dx.begin(), dx.end(), 0.0);
    std::fill(dy.begin(), dy.end(), 0.0);
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t j = i + 1; j < count; ++j) {
        double ex = p[i].x - p[j].x, ey = p[i].y - p[j].y;
        double d2 = ex * ex + ey * ey;
        if (d2 < 1e-12) {  // coincident: separate along a direction fixed by the indices
          ex = 1e-3 * static_cast<double>((i * 7 + j * 13) % 17 + 1);
          ey = 1e-3 * static_cast<double>((i * 11 + j * 5) % 19 + 1);
          d2 = ex * ex + ey * ey;
        }
        const double f = spacing * spacing / d2;  // (k^2 / d) along the unit vector
        dx[i] += ex * f, dy[i] += ey * f;
        dx[j] -= ex * f, dy[j] -= ey * f;
      }
    }
    for (const auto& e : edges) {
      if (e.a >= count || e.b >= count || e.a == e.b) continue;
      const double ex = p[e.a].x - p[e.b].x, ey = p[e.a].y - p[e.b].y;
      const double d = std::sqrt(ex * ex + ey * ey);
      const double f = e.weight * d / spacing;  // (d^2 / k) along the unit vector
      dx[e.a] -= ex * f, dy[e.a] -= ey * f;
      dx[e.b] += ex * f, dy[e.b] += ey * f;
    }
    for (std::size_t i = 0; i < count; ++i) {
      // Gentle gravity toward the centre keeps weakly tied groups from
      // drifting to the edges (FR's walls would flatten them against it).
      dx[i] -= gravity * p[i].x;
      dy[i] -= gravity * p[i].y;
      const double len = std::sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (len > 0.0) {
        const double step = std::min(len, temperature);
        p[i].x += dx[i] / len * step;
        p[i].y += dy[i] / len * step;
      }
    }
    temperature = std::max(0.002, temperature * 0.97);
  }

  // Fit into [0.05, 0.95]^2 with one scale for both axes (keeps shapes round).
  double x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
  for (const auto& q : p) {
    x0 = std::min(x0, q.x), x1 = std::max(x1, q.x);
    y0 = std::min(y0, q.y), y1 = std::max(y1, q.y);
  }
  const double span = std::max({x1 - x0, y1 - y0, 1e-9});
  const double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
  for (auto& q : p) q = {0.5 + 0.9 * (q.x - cx) / span, 0.5 + 0.9 * (q.y - cy) / span};
  return p;
}

StaffNetworkHistory::StaffNetworkHistory(const ScenarioData& data, std::int64_t run) : run_(run) {
  std::map<std::int64_t, std::size_t> week_index;
  for (const auto& n : data.network_nodes) {
    if (n.run == run) week_index.emplace(n.week, 0);
  }
  for (auto& [week, index] : week_index) {
    index = weeks_.size();
    weeks_.push_back(week);
  }
  nodes_.resize(weeks_.size());
  edges_.resize(weeks_.size());
  for (const auto& n : data.network_nodes) {
    if (n.run != run) continue;
    nodes_[week_index[n.week]].push_back(n);
    slots_.push_back(n.slot);
  }
  std::sort(slots_.begin(), slots_.end());
  slots_.erase(std::unique(slots_.begin(), slots_.end()), slots_.end());
  for (auto& list : nodes_) {
    std::sort(list.begin(), list.end(),
              [](const NetworkNode& a, const NetworkNode& b) { return a.slot < b.slot; });
  }
  const auto slot_index = [&](std::int64_t slot) {
    return static_cast<std::size_t>(std::lower_bound(slots_.begin(), slots_.end(), slot) -
                                    slots_.begin());
  };
  std::map<std::pair<std::size_t, std::size_t>, double> presence;
  for (const auto& e : data.network_edges) {
    if (e.run != run) continue;
    const auto w = week_index.find(e.week);
    if (w == week_index.end()) continue;  // ties at a week without nodes cannot be drawn
    const std::size_t a = slot_index(e.source), b = slot_index(e.target);
    if (a >= slots_.size() || b >= slots_.size() || slots_[a] != e.source ||
        slots_[b] != e.target) {
      continue;  // a tie to a slot that never appears among the nodes
    }
    edges_[w->second].push_back(e);
    presence[{std::min(a, b), std::max(a, b)}] += 1.0;
  }
  // Ties that last pull harder than passing ones.
  std::vector<LayoutEdge> layout_edges;
  const double snapshots = static_cast<double>(std::max<std::size_t>(weeks_.size(), 1));
  for (const auto& [pair, count] : presence) {
    layout_edges.push_back({pair.first, pair.second, count / snapshots});
  }
  std::vector<bool> centre(slots_.size(), false);
  for (const auto& list : nodes_) {
    for (const auto& n : list) {
      if (n.role == 0) centre[slot_index(n.slot)] = true;
    }
  }
  positions_ = force_layout(slots_.size(), layout_edges, centre);
}

std::size_t StaffNetworkHistory::snapshot_index_at(std::int64_t week) const {
  if (weeks_.empty()) return 0;
  const auto it = std::upper_bound(weeks_.begin(), weeks_.end(), week);
  return it == weeks_.begin() ? 0 : static_cast<std::size_t>(it - weeks_.begin()) - 1;
}

NodePosition StaffNetworkHistory::position(std::int64_t slot) const {
  const auto it = std::lower_bound(slots_.begin(), slots_.end(), slot);
  if (it == slots_.end() || *it != slot) return {};
  return positions_[static_cast<std::size_t>(it - slots_.begin())];
}

Snapshot StaffNetworkHistory::snapshot(std::size_t index) const {
  Snapshot s;
  if (index >= weeks_.size()) return s;
  s.week = weeks_[index];
  const std::vector<NetworkNode>* before = nullptr;
  if (index > 0) {
    s.previous_week = weeks_[index - 1];
    before = &nodes_[index - 1];
  }
  const auto previous = [&](std::int64_t slot) -> const NetworkNode* {
    if (!before) return nullptr;
    const auto it =
        std::lower_bound(before->begin(), before->end(), slot,
                         [](const NetworkNode& n, std::int64_t v) { return n.slot < v; });
    return it != before->end() && it->slot == slot ? &*it : nullptr;
  };
  for (const auto& n : nodes_[index]) {
    SnapshotNode node{n.slot,    n.person, n.role, n.champion,      n.tenure,
                      n.burnout, false,    -1,     position(n.slot)};
    if (const NetworkNode* p = previous(n.slot); p && p->person != n.person) {
      node.arrived = true;
      node.previous_person = p->person;
    } else if (before && !p) {
      node.arrived = true;  // a slot that was empty (or new) at the last snapshot
    }
    s.nodes.push_back(node);
  }
  if (before) {
    for (const auto& p : *before) {
      const auto it =
          std::lower_bound(nodes_[index].begin(), nodes_[index].end(), p.slot,
                           [](const NetworkNode& n, std::int64_t v) { return n.slot < v; });
      const bool slot_filled = it != nodes_[index].end() && it->slot == p.slot;
      if (!slot_filled || it->person != p.person) {
        s.departures.push_back({p.slot, p.person, p.role, p.champion, slot_filled});
      }
    }
  }
  for (const auto& e : edges_[index]) {
    s.edges.push_back({e.source, e.target, e.trust, position(e.source), position(e.target)});
  }
  return s;
}

}  // namespace loom::viewer
