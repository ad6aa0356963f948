#include "viewer/data/time_axis.hpp"

namespace loom::viewer {

std::string time_point_label(int step, int weeks_per_year, const std::string& time_label) {
  if (time_label == "week" && weeks_per_year > 0 && step >= 0) {
    return "Year " + std::to_string(step / weeks_per_year + 1) + ", week " +
           std::to_string(step % weeks_per_year + 1);
  }
  std::string name = time_label.empty() ? "step" : time_label;
  name[0] = static_cast<char>(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' : name[0]);
  return name + " " + std::to_string(step + 1);
}

std::string time_point_short(int step, int weeks_per_year, const std::string& time_label) {
  if (time_label == "week" && weeks_per_year > 0 && step >= 0) {
    return "Y" + std::to_string(step / weeks_per_year + 1) + " W" +
           std::to_string(step % weeks_per_year + 1);
  }
  return (time_label.empty() ? std::string("S")
                             : std::string(1, time_label[0] == 'w' ? 'W' : 'P')) +
         std::to_string(step + 1);
}

}  // namespace loom::viewer
