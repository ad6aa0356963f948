#pragma once
// The names loom-viewer's options take, checked before any window opens (no
// X server is needed to say no): --tab, --whatif (presets as `loom` names
// them, or files), --field (a sweep's summary field) and --scenario (a
// scenario of the results files given). An unknown name is refused with the
// nearest valid one, as `loom` refuses a misspelt key; `--whatif
// network/buddy` once fell back to the default presets and exited 0.
#include <filesystem>
#include <string>
#include <vector>

namespace loom::viewer {

// The tabs --tab names ("network" is the staff network's old name).
const std::vector<std::string>& tab_names();

struct OptionNames {
  std::string tab;
  std::vector<std::string> whatif;
  std::string field;
  std::string scenario;
  std::vector<std::string> files;
  std::vector<std::filesystem::path> preset_folders;
};

// "" when every name is known, else what to print (exit code 2):
// "--whatif 'network/budy' is neither a preset nor a scenario file; did you
// mean 'network/buddy'? (presets: ...)".
std::string check_option_names(const OptionNames& options);

}  // namespace loom::viewer
