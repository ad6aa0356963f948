#pragma once
// What built this binary: written into every results file as provenance.
#include <string_view>

namespace loom::build_info {
std::string_view version();
std::string_view git_commit();
std::string_view build_type();
}  // namespace loom::build_info
