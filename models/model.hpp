#pragma once
// What the command line, tests, benchmarks and (later) the viewer need from a
// model: its parameter sections, the shape of its output, and one run.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/ensemble.hpp"
#include "sim/parameter.hpp"

namespace loom {

class Model {
 public:
  virtual ~Model() = default;
  // Sections bound to this model's live parameter values (scenario files and
  // --set write through them).
  virtual std::vector<ParameterSection*> sections() = 0;
  // Called once after all values are set: checks that combine parameters.
  virtual void validate() const {}
  virtual OutputLayout layout() const = 0;
  // One replicate; must be safe to call concurrently for different replicates.
  virtual RunOutput run(std::uint64_t seed, std::uint64_t replicate) const = 0;
};

// "school" (models/school_model) or "march" (models/march_model).
std::unique_ptr<Model> make_model(std::string_view name);
std::vector<std::string> model_names();

}  // namespace loom
