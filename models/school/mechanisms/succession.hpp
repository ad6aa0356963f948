#pragma once
// Principal succession: a successor may bring another leadership style (a
// Loom assumption, illustrative). A scenario can also make the principal
// leave at the end of a chosen year (e.g. "a new principal reverts to
// top-down in year 3").
//
// A "top-down" successor decides alone, learns only from insiders, pushes
// compliance (socialisation pressure at least `top_down_pressure`), blames
// failures more, cultivates one champion per new initiative and stops equity
// pauses and voice. A "shared" successor does the opposite. "same" keeps the
// levers of the scenario.
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"

namespace loom {

enum class SuccessorStyle : int { kSame = 0, kTopDown = 1, kShared = 2 };

struct SuccessionParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  int successor_style{};
  int forced_exit_year{};
  double top_down_pressure{};
  double shared_pressure{};
};

const ParameterTable<SuccessionParams>& succession_table();

struct SchoolState;
struct RunContext;

// Applies the successor's style to the school's active levers.
void apply_successor_style(SchoolState& s, const RunContext& c);

struct Succession {
  using Params = SuccessionParams;
  static const ParameterTable<Params>& table() { return succession_table(); }
  using State = NoState;
  // The school as usual (its history): no scheduled exit, and a principal
  // who leaves by chance is followed by one who keeps the school's ways.
  // A scenario's succession plan starts with the run, not years before it.
  static void as_usual(Params& p) {
    p.forced_exit_year = 0;
    p.successor_style = static_cast<int>(SuccessorStyle::kSame);
  }
};

}  // namespace loom
