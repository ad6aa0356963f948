#pragma once
// Where each school sits in the picture of a network of schools.
//
// Boost.Graph's Fruchterman-Reingold layout (grid force pairs: repulsion
// only between nearby schools, so a step costs about O(schools + ties), not
// O(schools^2)), started from a random layout drawn with a fixed seed, so
// the same network always gets the same picture. Schools do not move as the
// weeks change: only colours do.
//
// A network of 1,000 schools takes a noticeable fraction of a second, so
// the screen asks a LayoutCache, which computes on a worker thread and
// keeps every layout it made for the open files; the frame that asks never
// waits.
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "viewer/data/staff_network_snapshot.hpp"  // NodePosition

namespace loom::viewer {

struct SchoolLayoutInput {
  std::size_t nodes = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;  // node indices
  std::uint64_t seed = 1;
  int iterations = 100;  // cooling steps
};

struct SchoolLayout {
  std::vector<NodePosition> positions;  // per node, in [margin, 1 - margin]^2
  double milliseconds = 0.0;            // time the layout took
};

// Positions in the unit square with `margin` left free on every side, the
// network's aspect ratio kept. Deterministic for a given input.
SchoolLayout school_layout(const SchoolLayoutInput& input, double margin = 0.04);

// Layouts by key (file, scenario, run), computed in the background.
class LayoutCache {
 public:
  // `wake` is called from the worker when a layout is ready (to redraw).
  explicit LayoutCache(std::function<void()> wake = {}) : wake_(std::move(wake)) {}
  ~LayoutCache();
  LayoutCache(const LayoutCache&) = delete;
  LayoutCache& operator=(const LayoutCache&) = delete;

  // The layout for `key` if it is ready; otherwise starts it (once) with
  // `make_input()` and returns null. Never waits for a worker.
  std::shared_ptr<const SchoolLayout> get(const std::string& key,
                                          const std::function<SchoolLayoutInput()>& make_input);
  // True while any layout is still being computed.
  bool busy() const;
  std::size_t size() const { return jobs_.size(); }

 private:
  std::function<void()> wake_;
  std::map<std::string, std::shared_future<std::shared_ptr<const SchoolLayout>>> jobs_;
};

}  // namespace loom::viewer
