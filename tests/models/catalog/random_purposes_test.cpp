// Every random stream is named by its purpose's number (sim/core/random_stream.hpp);
// two parts of one run drawing under the same number would share draws.
// Each model part declares its own purposes, so this is the check that
// they are distinct across everything that runs together.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "models/march/march_purposes.hpp"
#include "models/school/mechanisms/mechanisms.hpp"
#include "models/school_network/network_purposes.hpp"
#include "sim/experiments/experiment_design.hpp"

using namespace loom;

namespace {

// Numbers used more than once in `purposes`.
std::vector<std::uint32_t> repeated(const std::vector<Purpose>& purposes) {
  std::map<std::uint32_t, int> count;
  for (const Purpose p : purposes) ++count[static_cast<std::uint32_t>(p)];
  std::vector<std::uint32_t> out;
  for (const auto& [number, n] : count)
    if (n > 1) out.push_back(number);
  return out;
}

}  // namespace

TEST_CASE("No two purposes of a school run share a number", "[purposes]") {
  const std::vector<Purpose> school = school_purposes();
  CHECK(school.size() >= 20);
  CHECK(repeated(school).empty());
}

TEST_CASE("A network run's purposes differ from its member schools'", "[purposes]") {
  std::vector<Purpose> all = school_purposes();
  all.insert(all.end(), std::begin(kNetworkPurposes), std::end(kNetworkPurposes));
  CHECK(repeated(all).empty());
}

TEST_CASE("March's purposes are distinct, and every model's sit below the engine's designs",
          "[purposes]") {
  const std::vector<Purpose> march(std::begin(kMarchPurposes), std::end(kMarchPurposes));
  CHECK(repeated(march).empty());
  std::vector<Purpose> all = school_purposes();
  all.insert(all.end(), march.begin(), march.end());
  all.insert(all.end(), std::begin(kNetworkPurposes), std::end(kNetworkPurposes));
  for (const Purpose p : all) {
    const auto number = static_cast<std::uint32_t>(p);
    CHECK(number > 0);
    CHECK(number < kLhsPurpose);
  }
}
