#pragma once
// A progress bar on stderr for long runs, shown only when stderr is a terminal
// (so logs and CI output stay clean). Thread-safe: workers call tick().
#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace loom {

class Progress {
 public:
  Progress(std::string label, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void tick();

 private:
  void draw(std::size_t done);
  std::string label_;
  std::size_t total_;
  bool enabled_;
  std::atomic<std::size_t> done_{0};
  std::mutex draw_mutex_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace loom
