#pragma once
// Steps for what-if sliders: a dragged slider lands on round numbers (0.02,
// not 0.019), about a hundred steps across the lever's range, so what the
// room sees, says and saves are the same number.
#include <string>

namespace loom::viewer {

// A step of 1, 2 or 5 times a power of ten, about (max - min) / 100.
double lever_step(double min, double max);
// `value` rounded to the nearest multiple of `step`, within [min, max].
double snap_to_step(double value, double step, double min, double max);
// printf format showing a value to the step's precision, e.g. "%.2f".
std::string step_format(double step);

}  // namespace loom::viewer
