#include "sim/core/progress.hpp"

#include <unistd.h>

#include <cmath>

namespace loom {

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(std::max(seconds, 0.0)));
  char buffer[48];
  if (s < 60) {
    std::snprintf(buffer, sizeof buffer, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldm %02llds", s / 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldh %02lldm", s / 3600, (s % 3600) / 60);
  }
  return buffer;
}

std::string progress_line(const std::string& label, std::uint64_t done, std::uint64_t total,
                          double elapsed_seconds) {
  const double percent =
      total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  char head[160];
  std::snprintf(head, sizeof head, "%s: %llu/%llu units (%.1f%%), %.1f units/s", label.c_str(),
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                percent, rate);
  std::string line = head;
  if (done >= total) {
    line += ", done in " + format_duration(elapsed_seconds);
  } else if (rate > 0) {
    line += ", ETA " + format_duration(static_cast<double>(total - done) / rate);
  } else {
    line += ", ETA unknown";
  }
  return line;
}

ProgressObserver::ProgressObserver(std::string label, Mode mode, std::function<double()> clock,
                                   std::FILE* out)
    : label_(std::move(label)), mode_(mode), clock_(std::move(clock)), out_(out ? out : stderr) {
  if (mode_ == Mode::kAuto) mode_ = isatty(fileno(out_)) == 1 ? Mode::kBar : Mode::kLines;
}

double ProgressObserver::now() const {
  if (clock_) return clock_();
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void ProgressObserver::on_start(std::uint64_t /*total*/) {
  start_ = last_ = now();
  printed_ = false;
}

void ProgressObserver::on_unit_done(std::uint64_t done, std::uint64_t total) {
  if (mode_ == Mode::kQuiet || total <= 1) return;
  const double t = now();
  if (mode_ == Mode::kBar) {
    if (t - last_ < 0.1 && done != total) return;
    last_ = t;
    draw_bar(done, total);
    printed_ = true;
  } else if (mode_ == Mode::kLines) {
    if (t - last_ < kLineSeconds || done == total) return;  // the end: on_finish
    last_ = t;
    std::fprintf(out_, "%s\n", progress_line(label_, done, total, t - start_).c_str());
    std::fflush(out_);
    printed_ = true;
  }
}

void ProgressObserver::on_finish(std::uint64_t done, std::uint64_t total, bool cancelled) {
  if (mode_ == Mode::kQuiet || !printed_) return;
  if (mode_ == Mode::kBar) {
    draw_bar(done, total);
    std::fputc('\n', out_);
  } else {
    std::string line = progress_line(label_, done, total, now() - start_);
    if (cancelled) line += " (cancelled)";
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

void ProgressObserver::draw_bar(std::uint64_t done, std::uint64_t total) {
  constexpr int kWidth = 30;
  const int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
  std::fprintf(out_, "\r%s [", label_.c_str());
  for (int i = 0; i < kWidth; ++i) std::fputc(i < filled ? '#' : '.', out_);
  std::fprintf(out_, "] %llu/%llu", static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total));
  std::fflush(out_);
}

}  // namespace loom
