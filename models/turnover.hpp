#pragma once
// Annual staff turnover and principal succession (in the summer).
// A teacher who leaves is replaced by a novice with naive beliefs (random
// -1/0/+1, as March's newcomers); a principal by a successor likewise.
#include "sim/parameter.hpp"

namespace loom {

struct TurnoverParams {
  double teacher_exit_rate = 0.16;
  double principal_exit_rate = 0.18;
};

const ParameterTable<TurnoverParams>& turnover_table();

}  // namespace loom
