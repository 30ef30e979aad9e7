// Private: drops frames for a rung whose frame rate is capped below the source's. Time is cut
// into output-frame slots counted from the stream origin; the first frame in each slot is kept,
// and a frame that starts a GOP is always kept (so capped rungs keep aligned keyframes).
#pragma once

#include <cstdint>

#include "streamforge/core/rational.h"

namespace streamforge {

class FrameRateLimiter {
 public:
  // Keeps everything when either rate is unknown (0/1) or out_rate is not below source_rate.
  FrameRateLimiter(int64_t origin_pts, Rational time_base, Rational source_rate, Rational out_rate)
      : origin_(origin_pts),
        time_base_(time_base),
        slot_(out_rate.inverse()),
        active_(out_rate.positive() && source_rate.positive() && out_rate < source_rate) {}

  bool keep(int64_t pts, bool keyframe) {
    if (!active_) return true;
    int64_t slot = rescale(pts - origin_, time_base_, slot_, Rounding::kDown);
    if (slot > last_slot_ || keyframe) {
      last_slot_ = slot > last_slot_ ? slot : last_slot_;
      return true;
    }
    return false;
  }

 private:
  int64_t origin_;
  Rational time_base_, slot_;
  bool active_;
  int64_t last_slot_ = INT64_MIN;
};

}  // namespace streamforge
