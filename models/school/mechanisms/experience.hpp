#pragma once
// Learning from classroom experience.
//
// Teachers get better with experience, steeply in their first years and
// more slowly after (Rockoff 2004; Kraft & Papay 2014). Here each summer a
// teacher's own classroom corrects their belief about each practice one
// step toward what works for their students (-1 -> 0 -> +1, as March's
// socialisation steps) with chance `yearly_rate` per practice. Where a
// school keeps one practice for everyone, "what works" is what works for
// the majority group, whose results dominate what a teacher sees; with a
// layer per group (disaggregated study) each layer moves toward its
// group's reality. So a novice knows little, an experienced teacher much,
// and turnover that replaces experienced staff with novices costs
// students (Ronfeldt, Loeb & Wyckoff 2013).
//
// The first staff arrive with their tenure's worth of experience (drawn
// from the steady state of the school's turnover, school_setup.hpp), so a
// run starts from a school that has been running, not from March's naive
// organisation. Off: beliefs change only through the shared way, peers
// and PDSA, and the first staff are naive (March 1991).
#include "sim/input/parameter.hpp"

#include "models/school/mechanism.hpp"

namespace loom {

struct ExperienceParams {
  // Defaults, ranges and meanings live in the parameter table only (the .cpp).
  bool enabled{};
  double yearly_rate{};
};

const ParameterTable<ExperienceParams>& experience_table();

struct SchoolState;
struct RunContext;
struct WeekContext;

// One summer of experience for the person in `slot`, drawn from `stream`.
void experience_year(SchoolState& s, std::size_t slot, std::uint64_t threshold,
                     RandomStream& stream);
// Summer phase "experience".
void experience_summer(SchoolState& s, const RunContext& c, const WeekContext& w);

namespace purpose {
inline constexpr Purpose kExperience{25};       // what a summer in class teaches a teacher
inline constexpr Purpose kPriorExperience{26};  // what the first staff learned before the run
}  // namespace purpose

struct Experience {
  using Params = ExperienceParams;
  static const ParameterTable<Params>& table() { return experience_table(); }
  using State = NoState;
  static constexpr Phase phases[] = {{"experience", Stage::kSummerStaff, &experience_summer}};
  static constexpr Purpose purposes[] = {purpose::kExperience, purpose::kPriorExperience};
  // The first staff's experience, one year per year of tenure.
  static void at_setup(SchoolState& s, const RunContext& c);
};

}  // namespace loom
