#include "sim/core/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace loom {
namespace {

struct Moments {
  double mean = 0.0, variance = 0.0;
};

Moments moments(std::span<const double> v) {
  Moments m;
  if (v.empty()) return m;
  double sum = 0.0;
  for (double x : v) sum += x;
  m.mean = sum / static_cast<double>(v.size());
  if (v.size() < 2) return m;
  double ss = 0.0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.variance = ss / static_cast<double>(v.size() - 1);
  return m;
}

double t_quantile_975(double degrees_of_freedom) {
  if (!(degrees_of_freedom >= 1.0)) return std::nan("");
  return boost::math::quantile(boost::math::students_t(degrees_of_freedom), 0.975);
}

}  // namespace

Estimate estimate_mean(std::span<const double> values) {
  const Moments m = moments(values);
  Estimate e;
  e.count = values.size();
  e.mean = m.mean;
  e.standard_error =
      values.size() > 1 ? std::sqrt(m.variance / static_cast<double>(values.size())) : 0.0;
  const double half =
      values.size() > 1 ? t_quantile_975(static_cast<double>(values.size() - 1)) * e.standard_error
                        : 0.0;
  e.ci_low = e.mean - half;
  e.ci_high = e.mean + half;
  return e;
}

Estimate estimate_difference(std::span<const double> a, std::span<const double> b) {
  const Moments ma = moments(a), mb = moments(b);
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  Estimate e;
  e.count = a.size() + b.size();
  e.mean = mb.mean - ma.mean;
  if (a.size() < 2 || b.size() < 2) return e;
  const double va = ma.variance / na, vb = mb.variance / nb;
  e.standard_error = std::sqrt(va + vb);
  // Welch-Satterthwaite degrees of freedom; identical samples give 0/0.
  const double denom = va * va / (na - 1) + vb * vb / (nb - 1);
  const double df = denom > 0 ? (va + vb) * (va + vb) / denom : na + nb - 2;
  const double half = t_quantile_975(df) * e.standard_error;
  e.ci_low = e.mean - half;
  e.ci_high = e.mean + half;
  return e;
}

Estimate estimate_paired_difference(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) throw std::invalid_argument("paired samples differ in size");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  return estimate_mean(d);
}

}  // namespace loom
