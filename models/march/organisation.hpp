#pragma once
// The state of March's (1991) organisation during a run: reality, the code
// and every person's beliefs, as bit masks (beliefs.hpp).
#include <cstdint>
#include <vector>

namespace loom {

struct Organisation {
  int m = 0;                  // dimensions
  std::uint64_t all = 0;      // the m dimensions' bits
  std::uint64_t reality = 0;  // +1 where set
  std::uint64_t code_known = 0, code_positive = 0;
  std::vector<std::uint64_t> known, positive;  // one per person
};

}  // namespace loom
