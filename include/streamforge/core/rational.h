// Rational time. Every timestamp in the media path carries its timescale; there are no
// floating-point seconds until a manifest or a log line needs one.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace streamforge {

// 128-bit products keep rescaling exact for any realistic timestamp (__extension__ silences -Wpedantic).
__extension__ typedef __int128 Int128;

struct Rational {
  int64_t num = 0;
  int64_t den = 1;

  constexpr Rational() = default;
  constexpr Rational(int64_t n, int64_t d) : num(n), den(d) {}

  bool valid() const { return den != 0; }
  bool positive() const { return den != 0 && ((num > 0) == (den > 0)) && num != 0; }
  double to_double() const { return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den); }
  // Reduced form with a positive denominator ({0,1} when den == 0).
  Rational reduced() const;
  Rational inverse() const { return {den, num}; }
  std::string to_string() const;  // "30000/1001"

  friend bool operator==(const Rational& a, const Rational& b) {
    // Compare as fractions (1/2 == 2/4) using 128-bit products.
    return static_cast<Int128>(a.num) * b.den == static_cast<Int128>(b.num) * a.den;
  }
  friend bool operator<(const Rational& a, const Rational& b);
};

// Best rational approximation of a double with denominator <= max_den (e.g. 29.97 -> 30000/1001).
Rational rational_from_double(double value, int64_t max_den = 1001000);

// Rounding of rescale: to nearest (ties away from zero), down (toward -inf), up (toward +inf).
enum class Rounding { kNearest, kDown, kUp };

// value * from / to, exact in 128-bit arithmetic: convert a timestamp from timebase `from` to `to`.
// A timebase is seconds per tick (1/90000 for a 90 kHz clock).
int64_t rescale(int64_t value, Rational from, Rational to, Rounding rounding = Rounding::kNearest);

// Seconds as double for display/manifest use.
inline double to_seconds(int64_t ticks, Rational time_base) {
  return static_cast<double>(ticks) * time_base.to_double();
}

constexpr int64_t kNoTimestamp = std::numeric_limits<int64_t>::min();

}  // namespace streamforge
