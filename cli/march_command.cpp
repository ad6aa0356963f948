#include "march_command.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "sim/parallel_for.hpp"
#include "sim/progress.hpp"

namespace loom {

std::vector<double> parse_value_list(const std::string& text) {
  const auto number = [&](const std::string& s) {
    std::size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || s.empty())
      throw std::invalid_argument("'" + s + "' is not a number in '" + text + "'");
    return v;
  };
  std::vector<double> values;
  if (text.find(':') != std::string::npos) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
    if (parts.size() != 3)
      throw std::invalid_argument("a range is start:stop:step, not '" + text + "'");
    const double start = number(parts[0]), stop = number(parts[1]), step = number(parts[2]);
    if (!(step > 0) || stop < start) throw std::invalid_argument("range '" + text + "' is empty");
    // Count steps with a tolerance so 0.1:0.9:0.1 includes 0.9.
    const auto count = static_cast<int>(std::floor((stop - start) / step + 1e-9)) + 1;
    for (int i = 0; i < count; ++i) values.push_back(std::round((start + i * step) * 1e12) / 1e12);
  } else {
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) values.push_back(number(part));
  }
  for (double v : values) {
    if (v < 0 || v > 1)
      throw std::invalid_argument("probability " + std::to_string(v) + " is outside 0 to 1");
  }
  return values;
}

MarchGridResult run_march_grid(const MarchGridRequest& q) {
  const std::size_t cells = q.p1.size() * q.p2.size();
  const auto iterations = static_cast<std::size_t>(q.iterations);
  // Units of 64 iterations: small enough to balance two cores, large enough
  // that handing out a unit costs nothing next to running it.
  constexpr std::size_t kBlock = 64;
  const std::size_t blocks = (iterations + kBlock - 1) / kBlock;
  std::vector<MarchResult> runs(cells * iterations);
  Progress progress("march", cells * blocks);
  parallel_for(cells * blocks, q.threads, [&](std::size_t unit, int) {
    const std::size_t c = unit / blocks, b = unit % blocks;
    MarchParams p = q.base;
    p.p1 = q.p1[c / q.p2.size()];
    p.p2 = q.p2[c % q.p2.size()];
    for (std::size_t i = b * kBlock; i < std::min(iterations, (b + 1) * kBlock); ++i) {
      runs[c * iterations + i] = run_march(p, q.seed, i);
    }
    progress.tick();
  });
  MarchGridResult r;
  for (std::size_t c = 0; c < cells; ++c) {
    double sum = 0, sum_sq = 0, individual = 0, periods = 0;
    for (std::size_t i = 0; i < iterations; ++i) {
      const MarchResult& x = runs[c * iterations + i];
      sum += x.code_knowledge;
      sum_sq += x.code_knowledge * x.code_knowledge;
      individual += x.individual_knowledge;
      periods += x.periods;
    }
    const double n = static_cast<double>(iterations);
    const double mean = sum / n;
    const double variance = n > 1 ? std::max(0.0, (sum_sq - n * mean * mean) / (n - 1)) : 0.0;
    r.knowledge.push_back(mean);
    r.knowledge_se.push_back(std::sqrt(variance / n));
    r.individual.push_back(individual / n);
    r.periods.push_back(periods / n);
  }
  return r;
}

}  // namespace loom
