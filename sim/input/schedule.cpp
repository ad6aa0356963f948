#include "sim/input/schedule.hpp"

namespace loom {

std::string ScheduledChange::when() const {
  std::string text = "Year " + std::to_string(year);
  if (week != 1) text += ", week " + std::to_string(week);
  return text;
}

}  // namespace loom
