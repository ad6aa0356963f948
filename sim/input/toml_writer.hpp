#pragma once
// The resolved scenario as TOML: every parameter of every section with the
// value in force, so a results file says exactly what was run.
#include <cstddef>
#include <span>
#include <string>

#include "sim/input/parameter.hpp"
#include "sim/input/scenario.hpp"
#include "sim/input/schedule.hpp"

namespace loom {

// The current value of a section's parameter `i` as TOML: format_value for
// numbers, choices and booleans, the quoted text for a path.
std::string format_current(const ParameterSection& section, std::size_t i);

// The complete scenario as TOML. Strings are fully escaped (quoted); a seed
// above 2^63-1 is written as a quoted decimal string; a path is followed by
// a fingerprint of the file's bytes, so the plan hash changes when the file
// does. Reading it back gives the same header and values. The schedule, if
// any, follows as [[schedule]] entries.
std::string resolved_toml(const ScenarioHeader& header, std::span<ParameterSection* const> sections,
                          const Schedule& schedule = {});

}  // namespace loom
