#include "streamforge/core/rational.h"

#include <cmath>
#include <numeric>
#include <string>

namespace streamforge {

Rational Rational::reduced() const {
  if (den == 0) return {0, 1};
  int64_t g = std::gcd(num, den);
  if (g == 0) g = 1;
  Rational r{num / g, den / g};
  if (r.den < 0) {
    r.num = -r.num;
    r.den = -r.den;
  }
  return r;
}

std::string Rational::to_string() const { return std::to_string(num) + "/" + std::to_string(den); }

bool operator<(const Rational& a, const Rational& b) {
  Rational x = a.reduced(), y = b.reduced();
  return static_cast<Int128>(x.num) * y.den < static_cast<Int128>(y.num) * x.den;
}

Rational rational_from_double(double value, int64_t max_den) {
  if (!std::isfinite(value)) return {0, 1};
  bool negative = value < 0;
  double x = std::fabs(value);
  // Continued fraction expansion; stop when the next convergent's denominator is too large.
  int64_t h0 = 0, h1 = 1, k0 = 1, k1 = 0;
  double frac = x;
  for (int i = 0; i < 64; ++i) {
    double a_d = std::floor(frac);
    if (a_d > 9.2e18) break;
    auto a = static_cast<int64_t>(a_d);
    int64_t h2 = a * h1 + h0, k2 = a * k1 + k0;
    if (k2 > max_den) break;
    h0 = h1; h1 = h2; k0 = k1; k1 = k2;
    double rem = frac - a_d;
    if (rem < 1e-12) break;
    frac = 1.0 / rem;
  }
  if (k1 == 0) return {0, 1};
  return Rational{negative ? -h1 : h1, k1}.reduced();
}

int64_t rescale(int64_t value, Rational from, Rational to, Rounding rounding) {
  if (value == kNoTimestamp) return kNoTimestamp;
  if (from.den == 0 || to.num == 0) return 0;
  // value * from.num / from.den * to.den / to.num
  Int128 num = static_cast<Int128>(value) * from.num * to.den;
  Int128 den = static_cast<Int128>(from.den) * to.num;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Int128 q = num / den, r = num % den;
  switch (rounding) {
    case Rounding::kDown:
      if (r != 0 && num < 0) --q;
      break;
    case Rounding::kUp:
      if (r != 0 && num > 0) ++q;
      break;
    case Rounding::kNearest: {
      Int128 twice = (r < 0 ? -r : r) * 2;
      if (twice >= den) q += (num < 0 ? -1 : 1);
      break;
    }
  }
  return static_cast<int64_t>(q);
}

}  // namespace streamforge
