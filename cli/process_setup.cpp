#include "cli/process_setup.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>

namespace loom {

void set_up_process(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") == nullptr) {
    // setenv before exec, so the new image does not come back here; if the
    // exec fails (no /proc), the run goes on with libgomp's default.
    if (setenv("OMP_WAIT_POLICY", "passive", 1) == 0) execv("/proc/self/exe", argv);
  }
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 1);
}

}  // namespace loom
