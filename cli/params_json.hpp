#pragma once
// `loom params --json`: every model's parameter tables as one JSON
// document, for scripts and tools that build forms or sweeps from them.
#include <iosfwd>
#include <string>
#include <vector>

namespace loom {

// {"models": [{"name", "sections": [{"name", "title", "parameters": [{"key",
// "kind" (real, integer, boolean, choice), "default" (a number, true/false,
// or the choice's word), "min", "max", "unit", "label", "description",
// "source", "choices" ([] unless a choice), "applies_when" (null = always),
// "fixed_at_start" (null = may be scheduled, else why not)}]}]}]}
void print_params_json(std::ostream& out, const std::vector<std::string>& model_names);

}  // namespace loom
