#pragma once
// The random streams of March's (1991) learning core: what the March model
// draws, and what the school model draws where it runs the same core (the
// school's other purposes are declared by its setup and by each mechanism,
// models/school/mechanisms/). A stream's name includes its purpose's
// number, so a number must never change or be reused:
// tests/models/catalog/random_purposes_test.cpp checks that every model's
// purposes are distinct. 9 and 16 are retired.
#include "sim/core/random_stream.hpp"

namespace loom::purpose {

inline constexpr Purpose kReality{1};         // true value of each practice dimension
inline constexpr Purpose kInitialBeliefs{2};  // beliefs of a person when they arrive
inline constexpr Purpose kAct{3};             // coin flips where a belief is 0
inline constexpr Purpose kSocialise{4};       // learning from the code (p1)
inline constexpr Purpose kCodeLearning{5};    // code learning from superior performers (p2)
inline constexpr Purpose kTurnover{6};        // who leaves (p3; the school's summer exits)
inline constexpr Purpose kTurbulence{7};      // reality shifting (p4)

}  // namespace loom::purpose

namespace loom {

// Every purpose above, for the distinctness check.
inline constexpr Purpose kMarchPurposes[] = {
    purpose::kReality,      purpose::kInitialBeliefs, purpose::kAct,       purpose::kSocialise,
    purpose::kCodeLearning, purpose::kTurnover,       purpose::kTurbulence};

}  // namespace loom
