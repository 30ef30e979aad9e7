#include "av/tone_curve.h"

#include <algorithm>
#include <cmath>

namespace streamforge::av {
namespace {

constexpr double kSdrWhiteNits = 100;  // linear 1.0, and the SDR target's peak
constexpr int kTableSize = 4096;

// SMPTE ST 2084 (PQ) constants, as BT.2100 Table 4 gives them.
constexpr double kM1 = 2610.0 / 16384;
constexpr double kM2 = 2523.0 / 4096 * 128;
constexpr double kC1 = 3424.0 / 4096;
constexpr double kC2 = 2413.0 / 4096 * 32;
constexpr double kC3 = 2392.0 / 4096 * 32;

// Light (cd/m2) to the PQ signal in [0, 1] (ST 2084 inverse EOTF).
double pq_from_nits(double nits) {
  const double y = std::pow(std::clamp(nits / 10000, 0.0, 1.0), kM1);
  return std::pow((kC1 + kC2 * y) / (1 + kC3 * y), kM2);
}

// The PQ signal to light (ST 2084 EOTF).
double nits_from_pq(double e) {
  const double p = std::pow(std::clamp(e, 0.0, 1.0), 1 / kM2);
  return 10000 * std::pow(std::max(p - kC1, 0.0) / (kC2 - kC3 * p), 1 / kM1);
}

// BT.2390-x section 5.4.1 EETF for a source mastered between 0 and `peak_nits`, shown on a
// display reaching kSdrWhiteNits with a black of 0 (so the black-lift term is zero).
double bt2390_nits(double nits, double peak_nits) {
  if (peak_nits <= kSdrWhiteNits) return std::min(nits, kSdrWhiteNits);  // nothing to compress
  const double source_black = pq_from_nits(0), source_white = pq_from_nits(peak_nits);
  const double range = source_white - source_black;
  // The signal and the target's peak, normalised to the source's PQ range.
  const double e1 = std::clamp((pq_from_nits(nits) - source_black) / range, 0.0, 1.0);
  const double max_lum = (pq_from_nits(kSdrWhiteNits) - source_black) / range;
  const double knee = 1.5 * max_lum - 0.5;  // KS: where the roll-off starts
  double e2 = e1;
  if (e1 >= knee) {
    // Hermite spline from (KS, KS) with slope 1 to (1, maxLum) with slope 0.
    const double t = (e1 - knee) / (1 - knee), t2 = t * t, t3 = t2 * t;
    e2 = (2 * t3 - 3 * t2 + 1) * knee + (t3 - 2 * t2 + t) * (1 - knee) + (-2 * t3 + 3 * t2) * max_lum;
  }
  return nits_from_pq(e2 * range + source_black);
}

// Hable's filmic curve ("Uncharted 2" constants: shoulder, linear, toe strengths and angles).
double hable(double x) {
  constexpr double a = 0.15, b = 0.50, c = 0.10, d = 0.20, e = 0.02, f = 0.30;
  return (x * (x * a + c * b) + d * e) / (x * (x * a + b) + d * f) - e / f;
}

}  // namespace

double source_peak_nits(const std::optional<MasteringDisplay>& mastering,
                        const std::optional<ContentLightLevel>& light_level) {
  // max_luminance is in units of 0.0001 cd/m2 (H.265 D.3.28, 14496-12 mdcv).
  const double display = mastering && mastering->max_luminance > 0 ? mastering->max_luminance / 10000.0 : 0;
  double peak = light_level && light_level->max_cll > 0 ? light_level->max_cll : display;
  if (display > 0) peak = std::min(peak, display);
  if (peak <= 0) peak = 1000;
  return std::clamp(peak, kSdrWhiteNits, 10000.0);
}

ToneCurve::ToneCurve(ToneCurveKind kind, double source_peak_nits)
    : kind_(kind),
      peak_nits_(std::clamp(source_peak_nits, kSdrWhiteNits, 10000.0)),
      peak_(peak_nits_ / kSdrWhiteNits) {
  gains_.resize(kTableSize + 1);
  const double step = peak_ / kTableSize;
  table_step_inverse_ = static_cast<float>(1 / step);
  // Entry 0 is the limit towards black, taken a hundredth of a step above it.
  for (int i = 0; i <= kTableSize; ++i) {
    const double x = i == 0 ? step / 100 : i * step;
    gains_[static_cast<size_t>(i)] = static_cast<float>(map(x) / x);
  }
  gain_at_peak_ = gains_.back();
}

double ToneCurve::map(double linear) const {
  if (linear <= 0) return 0;
  if (linear >= peak_) linear = peak_;  // brighter than the declared peak: lands on SDR white too
  switch (kind_) {
    case ToneCurveKind::kBt2390:
      return bt2390_nits(linear * kSdrWhiteNits, peak_nits_) / kSdrWhiteNits;
    case ToneCurveKind::kHable:
      return hable(linear) / hable(peak_);
  }
  return linear;
}

float ToneCurve::gain(float linear) const {
  const float position = linear * table_step_inverse_;
  if (position >= static_cast<float>(kTableSize)) return gain_at_peak_ * static_cast<float>(peak_) / linear;
  const int i = static_cast<int>(position);
  const float frac = position - static_cast<float>(i);
  const float lo = gains_[static_cast<size_t>(i)], hi = gains_[static_cast<size_t>(i) + 1];
  return lo + (hi - lo) * frac;
}

void ToneCurve::apply(float* a, float* b, float* c, int count) const {
  for (int i = 0; i < count; ++i) {
    const float brightest = std::max(a[i], std::max(b[i], c[i]));
    if (!(brightest > 0)) continue;  // black, or every channel negative (or NaN): nothing to scale
    const float g = gain(brightest);
    a[i] *= g;
    b[i] *= g;
    c[i] *= g;
  }
}

}  // namespace streamforge::av
