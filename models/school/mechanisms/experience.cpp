#include "models/school/mechanisms/experience.hpp"

#include "models/march/beliefs.hpp"
#include "models/school/school_state.hpp"

namespace loom {

const ParameterTable<ExperienceParams>& experience_table() {
  static const ParameterTable<ExperienceParams> table = [] {
    ParameterTable<ExperienceParams> t{"experience", "Learning from classroom experience", {}, {}};
    t.add(&ExperienceParams::enabled,
          {"enabled", ValueKind::kBoolean, 1, 0, 1, "", "Teachers learn from their own classroom",
           "Off: the first staff start naive and beliefs change only through the shared way, "
           "colleagues and PDSA (March 1991)",
           "Rockoff 2004; Kraft & Papay 2014 (returns to experience)"});
    t.fixed_at_start("switches a mechanism for the whole run");
    t.add(&ExperienceParams::yearly_rate,
          {"yearly_rate", ValueKind::kReal, 0.1, 0, 1, "probability per practice per year",
           "How fast experience teaches",
           "Chance each summer that a teacher's own results move their belief about a practice "
           "one step toward what works for their students",
           "Loom assumption, illustrative: steep gains in the first years, as in Rockoff 2004 "
           "and Kraft & Papay 2014"});
    t.applies_when_all("experience.enabled == true", {"enabled"});
    t.switch_off = {"enabled=false"};
    return t;
  }();
  return table;
}

void experience_year(SchoolState& s, std::size_t slot, std::uint64_t threshold,
                     RandomStream& stream) {
  for (int l = 0; l < s.layers; ++l) {
    const std::size_t i = s.staff.belief_index(slot, l);
    auto& known = s.staff.beliefs.known[i];
    auto& positive = s.staff.beliefs.positive[i];
    const std::uint64_t target = s.reality[static_cast<std::size_t>(l)];  // layer 0: majority
    std::uint64_t off = ~(known & ~(positive ^ target)) & s.all_dims;     // not yet right
    while (off) {
      const std::uint64_t bit = off & (~off + 1);
      off ^= bit;
      if (!stream.bernoulli_u32(threshold)) continue;
      if (known & bit) {  // wrong: doubt first
        known &= ~bit;
        positive &= ~bit;
      } else {  // no view: take what works
        known |= bit;
        positive = (positive & ~bit) | (target & bit);
      }
    }
  }
}

void Experience::at_setup(SchoolState& s, const RunContext& c) {
  const auto& p = c.p.experience;
  if (!p.enabled || p.yearly_rate <= 0.0) return;
  const std::uint64_t threshold = RandomStream::bernoulli_threshold(p.yearly_rate);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    RandomStream r(c.key(s.staff.records.person_id[slot], 0, purpose::kPriorExperience));
    for (int year = 0; year < s.staff.records.tenure_years[slot]; ++year)
      experience_year(s, slot, threshold, r);
  }
}

void experience_summer(SchoolState& s, const RunContext& c, const WeekContext& w) {
  const auto& p = c.p.experience;
  if (!p.enabled || p.yearly_rate <= 0.0) return;
  const std::uint64_t threshold = RandomStream::bernoulli_threshold(p.yearly_rate);
  const auto key_week = static_cast<std::uint32_t>(w.week + 1);
  for (std::size_t slot = 0; slot < s.staff.size(); ++slot) {
    if (!s.present(slot)) continue;
    RandomStream r(c.key(s.staff.records.person_id[slot], key_week, purpose::kExperience));
    experience_year(s, slot, threshold, r);
  }
}

}  // namespace loom
