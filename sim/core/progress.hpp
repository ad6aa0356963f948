#pragma once
// Progress of the run loop, as an observer (run_loop.hpp), on stderr:
// - stderr is a terminal: a bar redrawn at most every 100 ms;
// - stderr is not a terminal (a Slurm or CI log): a plain line at most every
//   10 s with units done / total, rate and ETA, and a last line at the end if
//   any line was printed (so short runs leave logs clean);
// - quiet: nothing.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "sim/run/run_loop.hpp"

namespace loom {

// "label: 1200/8000 units (15.0%), 35.2 units/s, ETA 3m 13s"
std::string progress_line(const std::string& label, std::uint64_t done, std::uint64_t total,
                          double elapsed_seconds);
// "59s", "3m 13s", "2h 05m"
std::string format_duration(double seconds);

class ProgressObserver final : public LoopObserver {
 public:
  enum class Mode { kAuto, kBar, kLines, kQuiet };
  // kAuto = kBar when stderr is a terminal, else kLines. `clock` (seconds,
  // any origin) and `out` are for tests; defaults: steady clock, stderr.
  explicit ProgressObserver(std::string label, Mode mode = Mode::kAuto,
                            std::function<double()> clock = {}, std::FILE* out = nullptr);
  void on_start(std::uint64_t total) override;
  void on_unit_done(std::uint64_t done, std::uint64_t total) override;
  void on_finish(std::uint64_t done, std::uint64_t total, bool cancelled) override;

  static constexpr double kLineSeconds = 10.0;

 private:
  double now() const;
  void draw_bar(std::uint64_t done, std::uint64_t total);
  std::string label_;
  Mode mode_;
  std::function<double()> clock_;
  std::FILE* out_;
  double start_ = 0.0, last_ = 0.0;
  bool printed_ = false;
};

}  // namespace loom
