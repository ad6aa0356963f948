#include "models/school/scheduled_changes.hpp"

#include "models/march/beliefs.hpp"
#include "models/school/school_state.hpp"

namespace loom {
namespace {

template <class P>
std::unique_ptr<ParameterSection> bind(const ParameterTable<P>& table, P& values) {
  return std::make_unique<BoundSection<P>>(table, values);
}

// A value as a sentence says it: a choice's word, on/off, else the number.
std::string plain_value(const ParameterInfo& info, double value) {
  if (info.kind == ValueKind::kChoice)
    return std::string(info.choices[static_cast<std::size_t>(value)]);
  if (info.kind == ValueKind::kBoolean) return value != 0.0 ? "on" : "off";
  return format_value(info, value);
}

}  // namespace

ScheduledChanges::ScheduledChanges(const Schedule& schedule, SchoolParams& live)
    : schedule_(schedule), live_(live), weeks_per_year_(live.school.weeks_per_year) {
  if (schedule_.empty()) return;  // most runs: no bindings to allocate
  // Only the sections a schedule may touch; a key outside them was refused
  // when the scenario was read (fixed_at_start or unknown).
  sections_.push_back(bind(leadership_table(), live_.leadership));
  sections_.push_back(bind(meeting_table(), live_.meetings));
  sections_.push_back(bind(implementation_table(), live_.implementation));
  sections_.push_back(bind(experience_table(), live_.experience));
  sections_.push_back(bind(pdsa_table(), live_.pdsa));
  sections_.push_back(bind(equity_table(), live_.equity));
  sections_.push_back(bind(trust_table(), live_.trust));
  sections_.push_back(bind(capacity_table(), live_.capacity));
  sections_.push_back(bind(initiative_table(), live_.initiatives));
  sections_.push_back(bind(turnover_table(), live_.turnover));
  sections_.push_back(bind(succession_table(), live_.succession));
  for (const auto& change : schedule_) {
    if (change.step(weeks_per_year_) == 0) write(change);
  }
}

ScheduledChanges::~ScheduledChanges() = default;

void ScheduledChanges::write(const ScheduledChange& change) {
  for (const auto& v : change.values) {
    bool written = false;
    for (auto& section : sections_) {
      std::size_t index = 0;
      if (section->name() == v.section && section->find(v.key, &index)) {
        section->set(index, v.value);
        written = true;
      }
    }
    // The scenario reader refuses such keys; reaching here is a bug.
    if (!written) throw std::logic_error("schedule: cannot change " + v.section + "." + v.key);
  }
}

bool ScheduledChanges::apply_due(SchoolState& s, int week) {
  bool choose_insiders = false;
  for (; next_ < schedule_.size() && schedule_[next_].step(weeks_per_year_) <= week; ++next_) {
    const ScheduledChange& change = schedule_[next_];
    if (change.step(weeks_per_year_) > 0) write(change);
    // The levers in force follow the scenario's new values; a successor's
    // style (succession.hpp) is overridden for the levers this entry sets,
    // as the later decision.
    std::string said;
    for (const auto& v : change.values) {
      const std::string key = v.section + "." + v.key;
      auto& levers = s.levers;
      const auto& lead = live_.leadership;
      if (key == "leadership.socialisation_pressure") {
        levers.socialisation_pressure = lead.socialisation_pressure;
        levers.p1_threshold = RandomStream::bernoulli_threshold(lead.socialisation_pressure);
      } else if (key == "leadership.learn_from") {
        levers.learn_from_everyone = lead.learn_from == static_cast<int>(LearnFrom::kEveryone);
        choose_insiders = true;
      } else if (key == "leadership.insiders") {
        choose_insiders = true;
      } else if (key == "leadership.decision_inclusion") {
        levers.staff_decide =
            lead.decision_inclusion == static_cast<int>(DecisionInclusion::kStaff);
      } else if (key == "leadership.blame") {
        levers.blame = lead.blame;
      } else if (key == "leadership.code_learning_rate") {
        s.keep = code_keep_thresholds(lead.code_learning_rate,
                                      static_cast<int>(s.staff.size() + s.voice_known.size()));
      } else if (key == "initiatives.champions") {
        levers.champions = live_.initiatives.champions;
      } else if (key == "equity.pause_every_weeks") {
        levers.pause_every_weeks = live_.equity.pause_every_weeks;
      } else if (key == "turnover.principal_exit_rate") {
        s.principal_exit = RandomStream::bernoulli_threshold(live_.turnover.principal_exit_rate);
      }
      // The story names each lever in plain words (its label) with its new value.
      for (const auto& section : sections_) {
        std::size_t index = 0;
        if (section->name() != v.section) continue;
        if (const ParameterInfo* info = section->find(v.key, &index)) {
          said += (said.empty() ? "" : "; ") + std::string(info->label) + ": " +
                  plain_value(*info, v.value);
        }
      }
    }
    const std::string what = change.label.empty() ? "levers changed" : change.label;
    s.log(week, EventKind::kScheduledChange, -1, change.when() + ": " + what + " (" + said + ")");
  }
  return choose_insiders;
}

}  // namespace loom
