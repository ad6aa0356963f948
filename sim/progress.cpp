#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace loom {

Progress::Progress(std::string label, std::size_t total)
    : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) == 1 && total > 1) {}

Progress::~Progress() {
  if (enabled_) {
    draw(done_.load());
    std::fputc('\n', stderr);
  }
}

void Progress::tick() {
  const std::size_t done = ++done_;
  if (!enabled_) return;
  // Redraw at most every 100 ms; a busy worker never waits for the lock.
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done != total_) return;
  last_draw_ = now;
  draw(done);
}

void Progress::draw(std::size_t done) {
  constexpr int kWidth = 30;
  const int filled = total_ ? static_cast<int>(kWidth * done / total_) : kWidth;
  std::fprintf(stderr, "\r%s [", label_.c_str());
  for (int i = 0; i < kWidth; ++i) std::fputc(i < filled ? '#' : '.', stderr);
  std::fprintf(stderr, "] %zu/%zu", done, total_);
  std::fflush(stderr);
}

}  // namespace loom
