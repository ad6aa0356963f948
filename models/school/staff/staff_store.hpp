#pragma once
// Staff as a struct of arrays, one slot per position in the school (a
// position keeps its slot when the person in it is replaced).
//
// Hot (read and written every week): beliefs, packed as two bit masks per
// practice layer (bit d of `known` set = a non-zero belief on dimension d;
// bit d of `positive` = that belief is +1). 16 bytes per person per layer,
// so a 60-person school's weekly state fits in a few cache lines per layer.
// Cold (touched once a year): role, tenure, who holds the slot.
#include <cstdint>
#include <vector>

namespace loom {

enum class StaffRole : std::uint8_t { kTeacher = 0, kPrincipal = 1 };

struct StaffBeliefs {                   // hot
  std::vector<std::uint64_t> known;     // [slot * layers + layer]
  std::vector<std::uint64_t> positive;  // [slot * layers + layer]
  // Habit: the beliefs a person held at the start of this school year (or
  // when hired). A practice they have changed since is enacted as newly
  // believed only with their fidelity; otherwise they fall back on habit.
  std::vector<std::uint64_t> habit_known;     // [slot * layers + layer]
  std::vector<std::uint64_t> habit_positive;  // [slot * layers + layer]
};

struct StaffRecords {  // cold
  std::vector<StaffRole> role;
  std::vector<std::int32_t> tenure_years;
  std::vector<std::uint32_t> person_id;  // new id for every hire: keys their streams
};

// Warm (read and written every week by the load, trust and turnover
// mechanisms): how each person is doing. All in [0, 1] except load and
// capacity, which are in "hours of improvement work per week" units.
struct StaffConditions {
  std::vector<float> capacity;              // improvement work a person can absorb per week
  std::vector<float> load;                  // improvement work asked of them this week
  std::vector<float> burnout;               // 0 = fresh, 1 = exhausted
  std::vector<float> belonging;             // 0 = isolated, 1 = fully part of the staff
  std::vector<float> leader_trust;          // trust in the principal
  std::vector<std::uint32_t> owns;          // bit i set = champion of initiative i
  std::vector<std::uint8_t> vacant;         // 1 = no one holds the post (a substitute covers)
  std::vector<std::int16_t> vacancy_weeks;  // instructional weeks until the post is filled
  std::vector<std::uint8_t> on_team;        // PDSA teams this person sits on this week
};

struct StaffStore {
  int layers = 1;
  StaffBeliefs beliefs;
  StaffRecords records;
  StaffConditions conditions;

  std::size_t size() const { return records.role.size(); }
  void resize(std::size_t count, int practice_layers) {
    layers = practice_layers;
    beliefs.known.assign(count * static_cast<std::size_t>(layers), 0);
    beliefs.positive.assign(count * static_cast<std::size_t>(layers), 0);
    beliefs.habit_known.assign(count * static_cast<std::size_t>(layers), 0);
    beliefs.habit_positive.assign(count * static_cast<std::size_t>(layers), 0);
    records.role.assign(count, StaffRole::kTeacher);
    records.tenure_years.assign(count, 0);
    records.person_id.assign(count, 0);
    conditions.capacity.assign(count, 1.0f);
    conditions.load.assign(count, 0.0f);
    conditions.burnout.assign(count, 0.0f);
    conditions.belonging.assign(count, 0.5f);
    conditions.leader_trust.assign(count, 0.5f);
    conditions.owns.assign(count, 0);
    conditions.vacant.assign(count, 0);
    conditions.vacancy_weeks.assign(count, 0);
    conditions.on_team.assign(count, 0);
  }
  std::size_t belief_index(std::size_t slot, int layer) const {
    return slot * static_cast<std::size_t>(layers) + static_cast<std::size_t>(layer);
  }
};

}  // namespace loom
