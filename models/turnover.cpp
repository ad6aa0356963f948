#include "turnover.hpp"

namespace loom {

const ParameterTable<TurnoverParams>& turnover_table() {
  static const ParameterTable<TurnoverParams> table = [] {
    ParameterTable<TurnoverParams> t{"turnover", "Staff turnover", {}, {}};
    t.add(&TurnoverParams::teacher_exit_rate,
          {"teacher_exit_rate", ValueKind::kReal, 0.16, 0, 1, "share per year",
           "Teachers leaving each year",
           "Chance a teacher leaves at the end of a school year (moves or leaves teaching)",
           "NCES Teacher Follow-up Survey 2012-13: ~16% (8% move, 8% leave)"});
    t.add(&TurnoverParams::principal_exit_rate,
          {"principal_exit_rate", ValueKind::kReal, 0.18, 0, 1, "share per year",
           "Principal leaving each year", "Chance the principal leaves at the end of a school year",
           "NCES Principal Follow-up Survey 2016-17: ~18%"});
    return t;
  }();
  return table;
}

}  // namespace loom
