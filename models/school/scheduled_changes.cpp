#include "models/school/scheduled_changes.hpp"

#include "models/school/school_state.hpp"

namespace loom {
namespace {

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
  // A key no schedule may change was refused when the scenario was read
  // (fixed_at_start or unknown).
  sections_ = bind_school_sections(live_);
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

void ScheduledChanges::apply_due(SchoolState& s, const RunContext& c, int week) {
  for (; next_ < schedule_.size() && schedule_[next_].step(weeks_per_year_) <= week; ++next_) {
    const ScheduledChange& change = schedule_[next_];
    if (change.step(weeks_per_year_) > 0) write(change);
    // Values a mechanism cached at setup follow the scenario's new ones
    // (its lever_changed); a successor's style (succession.hpp) is
    // overridden for the levers this entry sets, as the later decision.
    std::string said;
    for (const auto& v : change.values) {
      school_lever_changed(s, c, v.section, v.key);
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
}

}  // namespace loom
