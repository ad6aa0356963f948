#pragma once
// The last stretch of a closed March run: once the code is final (no one
// can beat it again), the socialisation that remains is drawn in one step
// per belief instead of period by period.
#include "models/march/organisation.hpp"
#include "sim/core/random_stream.hpp"

namespace loom {

// Runs the socialisation that remains once the code is final, for at most
// `remaining` periods: every belief that differs from the code reaches it
// after a geometric number of periods (two for an opposite belief), drawn
// from the stream `name`, one uniform per step, belief by belief. Beliefs
// end as they stand after the last period; returns the periods used
// (remaining + 1 if some belief is still short of the code then).
// log_stay = log(1 - p1) (-inf when p1 = 1).
int finish_socialisation(Organisation& o, double log_stay, int remaining, const FoldedKey& name);

// The same, step by step with a logarithm each: the reference that
// finish_socialisation must equal exactly (and what it falls back to).
int finish_one_by_one(Organisation& o, double log_stay, int remaining, const FoldedKey& name);

}  // namespace loom
