#pragma once
// One column of a table of results: a name and float64, int64 or string
// values. What models hand to the engine (RunTable) and the HDF5 writer
// stores (compound datasets).
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace loom {

struct TableColumn {
  std::string name;
  std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::string>> values;
};

}  // namespace loom
