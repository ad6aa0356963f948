#pragma once
// The random streams of the network of schools. Its member schools draw
// their own (the school model's); these numbers are 40-49, apart from the
// school's, and tests/models/catalog/random_purposes_test.cpp checks that
// no two purposes of a network run are the same.
#include "sim/core/random_stream.hpp"

namespace loom::purpose {

inline constexpr Purpose kNetworkGraph{40};   // the ties between schools
inline constexpr Purpose kMemberSchool{41};   // a member school's size, poverty, style, capacity
inline constexpr Purpose kSeeding{42};        // which schools start with the practice
inline constexpr Purpose kSpread{43};         // whether a school takes up the practice this week
inline constexpr Purpose kChangePackage{44};  // how right the change package is for a school
inline constexpr Purpose kActionPeriod{45};   // coaching and support between convenings
inline constexpr Purpose kFade{46};           // whether a school drops the practice this week
inline constexpr Purpose kNetworkRoles{47};   // which teachers take network roles (champions)

}  // namespace loom::purpose

namespace loom {

// Every purpose above, for the distinctness check.
inline constexpr Purpose kNetworkPurposes[] = {
    purpose::kNetworkGraph,  purpose::kMemberSchool, purpose::kSeeding, purpose::kSpread,
    purpose::kChangePackage, purpose::kActionPeriod, purpose::kFade,    purpose::kNetworkRoles};

}  // namespace loom
