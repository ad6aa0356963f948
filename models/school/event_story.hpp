#pragma once
// The event story: things that happened in a run that a workshop can read
// ("the last champion of initiative 2 left; it collapsed"). Each event has a
// stable kind name (stored in the HDF5 events table) and a plain sentence.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
// Items as a sentence lists them: "a", "a and b", "a, b and c".
std::string and_list(std::span<const std::string> items);

// Repeats told once: events (in time order, at 0-based `weeks`) that
// `same(i, j)` says are said in the same words, within one school year of
// `weeks_per_year` weeks, become one group (a team that tries and drops
// ideas all year would otherwise fill the screen). Each group lists its
// events' indices, the first first; groups are in the order of their first
// event. weeks_per_year <= 0: no grouping (each event alone). Used by
// `loom story` and the viewer's story panel alike.
std::vector<std::vector<std::size_t>> group_repeats(
    std::span<const std::int64_t> weeks, int weeks_per_year,
    const std::function<bool(std::size_t, std::size_t)>& same);
// "Year 2, week 14", or "Year 2, weeks 4, 8 and 14 (3 times)" for a group,
// from 0-based weeks in one school year.
std::string weeks_phrase(std::span<const std::int64_t> weeks, int weeks_per_year);

}  // namespace loom
