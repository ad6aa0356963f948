// Time of the Network of schools tab's layout (viewer/school_network_layout):
// Boost.Graph Fruchterman-Reingold on random networks of mean degree 4
// (ties = 2 x schools), as the network model's "random" topology. Prints
// `schools,ties,ms` (median of 5). The layout runs on a worker thread in
// the viewer; this is how long a new network waits for its picture.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>
#include <utility>
#include <vector>

#include "viewer/data/school_network_layout.hpp"

using loom::viewer::SchoolLayoutInput;

namespace {

SchoolLayoutInput random_network(std::uint32_t n, std::size_t ties) {
  SchoolLayoutInput in;
  in.nodes = n;
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  std::uint64_t x = 12345;
  const auto next = [&x, n] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((x >> 33) % n);
  };
  while (seen.size() < ties) {
    auto a = next(), b = next();
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (seen.insert({a, b}).second) in.ties.emplace_back(a, b);
  }
  return in;
}

}  // namespace

int main() {
  std::printf("schools,ties,ms\n");
  for (std::uint32_t n : {100u, 300u, 1000u, 3000u}) {
    const SchoolLayoutInput in = random_network(n, 2 * static_cast<std::size_t>(n));
    std::vector<double> ms;
    for (int k = 0; k < 5; ++k) ms.push_back(loom::viewer::school_layout(in).milliseconds);
    std::sort(ms.begin(), ms.end());
    std::printf("%u,%zu,%.1f\n", n, in.ties.size(), ms[ms.size() / 2]);
  }
}
