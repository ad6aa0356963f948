#pragma once
// The --set option: "section.key=value" over a model's sections.
#include <span>
#include <string_view>

#include "sim/input/parameter.hpp"
#include "sim/input/scenario.hpp"

namespace loom {

// Applies "section.key=value". Errors name the option; `origins`, if given,
// records the option as where the value came from. A path is taken
// relative to the working directory.
void apply_override(std::span<ParameterSection* const> sections, std::string_view assignment,
                    ValueOrigins* origins = nullptr);

}  // namespace loom
