#pragma once
// Bit-identical comparison of results. Reproducibility means the same bits,
// not values that compare equal: a missing value is NaN (sim/run/ensemble.hpp
// kMissing), and NaN == NaN is false, so `==` on vectors would call two
// identical runs different as soon as one value is undefined.
#include <cstring>
#include <vector>

namespace loom::testing {

inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

}  // namespace loom::testing
