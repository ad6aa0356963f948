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
  // Text only: > 0 stores the texts as fixed-width strings of this many
  // bytes (NUL-padded), which HDF5's gzip filter compresses (~30x for event
  // texts); 0 stores them as variable-length strings, which live in HDF5's
  // global heap where no filter reaches. A longer text is an error.
  std::size_t text_width = 0;
};

}  // namespace loom
