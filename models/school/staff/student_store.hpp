#pragma once
// Students as a struct of arrays: subgroup, teacher and responsiveness,
// fixed for a run. Outcomes are kept per (teacher, group) class by the
// school model (models/school/mechanisms/student_growth.hpp), which is exact because these
// never change.
#include <cstdint>
#include <vector>

namespace loom {

struct StudentStore {
  std::vector<std::uint8_t> subgroup;  // 0 = majority, 1 = historically underserved
  std::vector<std::uint16_t> teacher;  // staff slot of the student's teacher
  std::vector<float> responsiveness;   // how strongly this student responds to practice

  std::size_t size() const { return subgroup.size(); }
  void resize(std::size_t count) {
    subgroup.assign(count, 0);
    teacher.assign(count, 0);
    responsiveness.assign(count, 1.0f);
  }
};

}  // namespace loom
