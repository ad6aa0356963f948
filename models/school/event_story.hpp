#pragma once
// The event story: things that happened in a run that a workshop can read
// ("the last champion of initiative 2 left; it collapsed"). Each event has a
// stable kind name (stored in the HDF5 events table) and a plain sentence.
#include <string>
#include <string_view>

namespace loom {

enum class EventKind : int {
  kChampionLeft,
  kPrincipalLeft,
  kIdeaAdopted,
  kIdeaAbandoned,
  kIdeaHarmedSubgroup,
  kEquityPause,
  kInitiativeLaunched,
  kInitiativeCollapsed,
  kInitiativeRetired,
  kTrustBrokeDown,
  kTrustRecovered,
  kFailureHidden,    // a failed test reported as a success (unsafe to say so)
  kChampionJoined,   // a team member took ownership of an initiative
  kScheduledChange,  // a [[schedule]] entry changed levers (scheduled_changes.hpp)
  kCount
};

std::string_view event_kind_name(EventKind kind);
// A short plain heading for a kind ("Champion left"), for `loom story`.
std::string_view event_kind_heading(std::string_view kind_name);
// A number with a fixed count of decimals, for event sentences ("0.42").
std::string fixed(double value, int decimals);
// "1 classroom", "3 classrooms" (regular plurals only).
std::string plural(int count, std::string_view noun);
// A signed effect for sentences ("+0.41", "-0.20").
std::string signed_fixed(double value, int decimals);

}  // namespace loom
