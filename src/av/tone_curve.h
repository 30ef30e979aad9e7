// Private (no FFmpeg types): the curve that compresses HDR light into SDR, applied to linear-light
// RGB pictures (1.0 = 100 cd/m2, SDR white) by scaling each pixel's three channels by the same
// factor, chosen from the brightest channel (max-RGB): hue and saturation stay, and no channel
// ends above SDR white.
#pragma once

#include <optional>
#include <vector>

#include "streamforge/media/hdr_metadata.h"

namespace streamforge::av {

enum class ToneCurveKind {
  // ITU-R BT.2390 (section 5.4) EETF: in the PQ domain, identity up to a knee, then a Hermite
  // spline that lands the source's peak on the target's. Mid-tones and shadows keep their
  // absolute light (a 10 cd/m2 face stays 10 cd/m2); only highlights are compressed.
  kBt2390,
  // John Hable's filmic curve normalised so the source's peak reaches SDR white (what FFmpeg's
  // tonemap=hable does): compresses everything, so the picture comes out darker than BT.2390's.
  kHable,
};

// The light level (cd/m2) of the source's brightest pixels, for the curve to aim at SDR white:
// MaxCLL where the source declares it (capped by the mastering display's peak: content cannot be
// brighter than the display it was graded on), else the mastering display's peak, else
// 1000 cd/m2 (the usual HDR10 grade, and HLG's nominal display peak). Kept within [100, 10000].
double source_peak_nits(const std::optional<MasteringDisplay>& mastering,
                        const std::optional<ContentLightLevel>& light_level);

class ToneCurve {
 public:
  ToneCurve(ToneCurveKind kind, double source_peak_nits);

  // The curve itself: linear light in, linear light out (1.0 = 100 cd/m2), evaluated exactly.
  double map(double linear) const;

  // Scales every pixel of three float planes (any channel order) in place. Negative channels
  // (out-of-gamut colours after the primaries conversion) are scaled like the others.
  void apply(float* a, float* b, float* c, int count) const;

  double peak_nits() const { return peak_nits_; }

 private:
  // map(x) / x, tabulated on a uniform grid over [0, source peak]: the curve is smooth (identity
  // below BT.2390's knee), so linear interpolation between 4096 entries is far below one 8-bit
  // code, and a pixel costs a max, a lookup and three multiplies instead of the PQ powers.
  float gain(float linear) const;

  ToneCurveKind kind_;
  double peak_nits_;
  double peak_;  // in linear units (peak_nits / 100)
  float table_step_inverse_ = 0;
  std::vector<float> gains_;
  float gain_at_peak_ = 1;
};

}  // namespace streamforge::av
