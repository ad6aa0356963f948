#include "viewer/data/school_network_layout.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/fruchterman_reingold.hpp>
#include <boost/graph/random_layout.hpp>
#include <boost/graph/topology.hpp>
#include <boost/random/linear_congruential.hpp>
#include <chrono>
#include <cmath>
#include <limits>

namespace loom::viewer {

SchoolLayout school_layout(const SchoolLayoutInput& input, double margin) {
  const auto start = std::chrono::steady_clock::now();
  SchoolLayout out;
  const std::size_t n = input.nodes;
  out.positions.assign(n, NodePosition{});
  if (n < 2) return out;  // one school (or none): the centre

  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  using Topology = boost::rectangle_topology<boost::minstd_rand>;
  using Point = Topology::point_type;
  Graph g(n);
  for (const auto& [a, b] : input.ties) {
    if (a < n && b < n && a != b) boost::add_edge(a, b, g);
  }
  // A square of side 1 centred on 0, on purpose: Boost's grid of force
  // pairs sizes its cells as 2 x area / sqrt(n), which is the intended
  // 2k (twice the ideal tie length, side / sqrt(n)) only when the side is 1.
  // On a larger square every school lands in one cell and each step costs
  // O(n^2) (1,000 schools: 3 s instead of a few tens of ms).
  boost::minstd_rand random(static_cast<boost::minstd_rand::result_type>(
      input.seed % 2147483646u + 1u));  // minstd's state must be in 1..2^31-2
  const Topology topology(random, -0.5, -0.5, 0.5, 0.5);
  std::vector<Point> points(n);
  const auto position =
      boost::make_iterator_property_map(points.begin(), boost::get(boost::vertex_index, g));
  boost::random_graph_layout(g, position, topology);
  // Cooling in the same units: a school moves at most a tenth of the side
  // per step at first, nothing at the end.
  const int iterations = std::max(input.iterations, 1);
  boost::fruchterman_reingold_force_directed_layout(
      g, position, topology,
      boost::cooling(boost::linear_cooling<double>(static_cast<std::size_t>(iterations), 0.1)));

  // Into the unit square, keeping the aspect ratio and centring.
  double lo[2] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  double hi[2] = {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (const Point& p : points) {
    for (int d = 0; d < 2; ++d) {
      lo[d] = std::min(lo[d], p[d]);
      hi[d] = std::max(hi[d], p[d]);
    }
  }
  const double span = std::max({hi[0] - lo[0], hi[1] - lo[1], 1e-9});
  const double scale = (1.0 - 2.0 * margin) / span;
  const double offset[2] = {0.5 - 0.5 * (hi[0] - lo[0]) * scale,
                            0.5 - 0.5 * (hi[1] - lo[1]) * scale};
  for (std::size_t i = 0; i < n; ++i) {
    double xy[2];
    for (int d = 0; d < 2; ++d) {
      const double v = offset[d] + (points[i][d] - lo[d]) * scale;
      xy[d] = std::isfinite(v) ? std::clamp(v, margin, 1.0 - margin) : 0.5;
    }
    out.positions[i] = {xy[0], xy[1]};
  }
  out.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return out;
}

LayoutCache::~LayoutCache() {
  // std::async's futures wait in their destructors; say so explicitly: a
  // running layout (well under a second) finishes before the cache goes.
  for (auto& [key, job] : jobs_) job.wait();
}

std::shared_ptr<const SchoolLayout> LayoutCache::get(
    const std::string& key, const std::function<SchoolLayoutInput()>& make_input) {
  auto it = jobs_.find(key);
  if (it == jobs_.end()) {
    // The input is built here, on the caller's thread, so the worker
    // touches no data the UI owns.
    auto job = std::async(std::launch::async, [input = make_input(), wake = wake_] {
      auto layout = std::make_shared<const SchoolLayout>(school_layout(input));
      if (wake) wake();
      return layout;
    });
    it = jobs_.emplace(key, job.share()).first;
  }
  if (it->second.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
  return it->second.get();
}

bool LayoutCache::busy() const {
  return std::any_of(jobs_.begin(), jobs_.end(), [](const auto& job) {
    return job.second.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  });
}

}  // namespace loom::viewer
