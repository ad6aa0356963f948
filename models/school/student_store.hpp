#pragma once
// Students as a struct of arrays. Outcome is the hot field (updated weekly);
// subgroup, teacher and responsiveness are fixed for a run.
#include <cstdint>
#include <vector>

namespace loom {

struct StudentStore {
  std::vector<double> outcome;         // hot: growth score, in SD units
  std::vector<std::uint8_t> subgroup;  // 0 = majority, 1 = historically underserved
  std::vector<std::uint16_t> teacher;  // staff slot of the student's teacher
  std::vector<float> responsiveness;   // how strongly this student responds to practice

  std::size_t size() const { return outcome.size(); }
  void resize(std::size_t count) {
    outcome.assign(count, 0.0);
    subgroup.assign(count, 0);
    teacher.assign(count, 0);
    responsiveness.assign(count, 1.0f);
  }
};

}  // namespace loom
