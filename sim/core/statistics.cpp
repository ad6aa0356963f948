#include "sim/core/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace loom {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

// Mean and sample variance of the finite values; n counts them.
struct Moments {
  double mean = kUndefined, variance = kUndefined;
  std::size_t n = 0, missing = 0;
};

Moments moments(std::span<const double> v) {
  Moments m;
  double sum = 0.0;
  for (double x : v) {
    if (std::isfinite(x)) {
      sum += x;
      ++m.n;
    } else {
      ++m.missing;
    }
  }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n < 2) return m;
  double ss = 0.0;
  for (double x : v)
    if (std::isfinite(x)) ss += (x - m.mean) * (x - m.mean);
  m.variance = ss / static_cast<double>(m.n - 1);
  return m;
}

double t_quantile_975(double degrees_of_freedom) {
  if (!(degrees_of_freedom >= 1.0)) return kUndefined;
  return boost::math::quantile(boost::math::students_t(degrees_of_freedom), 0.975);
}

Estimate undefined_interval(double mean, std::size_t count, std::size_t missing) {
  Estimate e;
  e.mean = mean;
  e.standard_error = e.ci_low = e.ci_high = kUndefined;
  e.count = count;
  e.missing = missing;
  return e;
}

}  // namespace

Estimate estimate_mean(std::span<const double> values) {
  const Moments m = moments(values);
  if (m.n < 2) return undefined_interval(m.mean, m.n, m.missing);
  Estimate e;
  e.count = m.n;
  e.missing = m.missing;
  e.mean = m.mean;
  e.standard_error = std::sqrt(m.variance / static_cast<double>(m.n));
  const double half = t_quantile_975(static_cast<double>(m.n - 1)) * e.standard_error;
  e.ci_low = e.mean - half;
  e.ci_high = e.mean + half;
  return e;
}

Estimate estimate_difference(std::span<const double> a, std::span<const double> b) {
  const Moments ma = moments(a), mb = moments(b);
  const double mean = mb.mean - ma.mean;
  if (ma.n < 2 || mb.n < 2) return undefined_interval(mean, ma.n + mb.n, ma.missing + mb.missing);
  const double na = static_cast<double>(ma.n), nb = static_cast<double>(mb.n);
  Estimate e;
  e.count = ma.n + mb.n;
  e.missing = ma.missing + mb.missing;
  e.mean = mean;
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
  // b - a is NaN when either is missing, so estimate_mean leaves the pair out.
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  return estimate_mean(d);
}

}  // namespace loom
