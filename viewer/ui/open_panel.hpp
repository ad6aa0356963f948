#pragma once
// Choosing results files without a file dialog (none in Debian's ImGui):
// the files in out/, the recently opened ones, or a typed path.
#include <filesystem>
#include <functional>
#include <vector>

namespace loom::viewer {

class OpenPanel {
 public:
  void show() { open_ = true; }
  bool visible() const { return open_; }
  void draw(const std::vector<std::filesystem::path>& recent,
            const std::function<void(const std::filesystem::path&)>& open_file);

 private:
  bool open_ = false;
  char typed_[1024] = {};
};

// The list itself, also shown on the empty start screen.
void draw_file_choices(const std::vector<std::filesystem::path>& recent,
                       const std::function<void(const std::filesystem::path&)>& open_file);

}  // namespace loom::viewer
