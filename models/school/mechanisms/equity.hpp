#pragma once
// Equity pauses (Valdez et al. 2020: a pause to question how a team is
// addressing equity and to examine its own assumptions, i.e. to look at who
// a change serves; sources in docs/references.md). Whether results are
// studied as school averages or by subgroup is a leadership lever
// (leadership.study); this mechanism adds pauses at a cadence.
//
// At a pause the staff review the ideas adopted since the last pause with
// results broken down by subgroup. An idea found to harm the underserved
// group is reversed for that group when practice is disaggregated. When the
// school keeps one shared practice, the dimension becomes *contested*: the
// code stops prescribing it and does not re-learn it from averages, PDSA
// teams stop proposing it, and staff drop their settled view of it (they
// judge case by case, which costs the majority its gain and spares the
// underserved group the harm). A pause costs meeting time that week. Where
// psychological safety is low the conversation strains trust and may not
// surface the harm at all (people do not speak up); where it is high, the
// conversation builds trust.
#include <cstdint>
#include <vector>
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"

namespace loom {

struct EquityParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int pause_every_weeks{};
  double pause_load{};
  double safe_threshold{};
  double strain{};
  double safe_gain{};
};

const ParameterTable<EquityParams>& equity_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

bool equity_pause_due(const SchoolState& s, const WeekContext& w);
// Phase "equity pause".
void equity_pause(SchoolState& s, const RunContext& c, const WeekContext& w);

// An idea adopted since the last equity pause (what a pause reviews).
struct AdoptedIdea {
  int initiative = 0;
  int dimension = 0;
  bool positive = false;
  std::uint32_t layers = 0;  // bit l = adopted into practice layer l
  int classroom_weeks = 0;
};

struct EquityState {
  std::vector<AdoptedIdea> since_pause;
  // Dimensions a pause found to harm underserved students in a school with
  // one shared practice: no longer prescribed (see above).
  std::uint64_t contested = 0;
  int pauses_total = 0, reversed_total = 0;
};

namespace purpose {
inline constexpr Purpose kEquityPause{22};  // how an equity pause goes
}  // namespace purpose

struct Equity {
  using Params = EquityParams;
  static const ParameterTable<Params>& table() { return equity_table(); }
  using State = EquityState;
  static constexpr Phase phases[] = {{"equity pause", Stage::kReview, &equity_pause}};
  static constexpr Purpose purposes[] = {purpose::kEquityPause};
  static void lever_changed(SchoolState& s, const RunContext& c, std::string_view key);
};

}  // namespace loom
