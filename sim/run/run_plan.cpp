#include "sim/run/run_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace loom {
namespace {

// Length-prefixed so no choice of field contents can make two different
// plans serialise to the same text.
void field(std::string& out, const char* name, const std::string& value) {
  out += name;
  out += ' ';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

void field(std::string& out, const char* name, std::uint64_t value) {
  field(out, name, std::to_string(value));
}

std::string point_text(const PlanPoint& p) {
  std::string out;
  field(out, "model", p.model);
  field(out, "parameters", p.parameters);
  field(out, "seed", p.seed);
  field(out, "replicates", p.replicates);
  return out;
}

}  // namespace

std::uint64_t fnv1a64(std::span<const unsigned char> bytes) {
  Fnv1a64 f;
  f.add(bytes.data(), bytes.size());
  return f.hash;
}

std::uint64_t fnv1a64(const std::string& bytes) {
  return fnv1a64(std::span<const unsigned char>(
      reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

std::string hash_hex(std::uint64_t hash) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

RunPlan::RunPlan(std::vector<PlanPoint> points, std::string design)
    : points_(std::move(points)), design_(std::move(design)) {
  offsets_.reserve(points_.size() + 1);
  offsets_.push_back(0);
  for (const auto& p : points_) offsets_.push_back(offsets_.back() + p.replicates);
}

PlanUnit RunPlan::unit(std::uint64_t index) const {
  if (index >= unit_count()) throw std::out_of_range("unit " + std::to_string(index));
  // The last offset <= index (points with 0 replicates are skipped).
  const auto it = std::upper_bound(offsets_.begin(), offsets_.end(), index);
  const auto point = static_cast<std::size_t>(it - offsets_.begin() - 1);
  return {index, point, index - offsets_[point]};
}

std::string RunPlan::canonical_text() const {
  std::string out = "loom-run-plan 1\n";
  field(out, "points", static_cast<std::uint64_t>(points_.size()));
  for (const auto& p : points_) out += point_text(p);
  field(out, "design", design_);
  return out;
}

std::uint64_t RunPlan::hash() const {
  return fnv1a64(canonical_text());
}

std::uint64_t RunPlan::point_hash(std::size_t point) const {
  return fnv1a64("loom-plan-point 1\n" + point_text(points_.at(point)));
}

}  // namespace loom
