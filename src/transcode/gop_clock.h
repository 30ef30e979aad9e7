// Private: decides which source frames start a GOP. A frame is a keyframe when it is the first
// frame at or after a multiple of gop_seconds counted from the video stream's start. The
// decision depends only on the frame's timestamp, so every rung — and every chunk of chunked
// mode — puts keyframes on exactly the same frames.
#pragma once

#include <cstdint>

#include "streamforge/core/rational.h"

namespace streamforge {

class GopClock {
 public:
  GopClock(int64_t origin_pts, Rational time_base, Rational gop_seconds)
      : origin_(origin_pts), time_base_(time_base), gop_(gop_seconds) {}

  // Index of the GOP interval a timestamp falls in (floor division, negative before the origin).
  int64_t interval(int64_t pts) const {
    return rescale(pts - origin_, time_base_, gop_, Rounding::kDown);
  }
  // Timestamp (stream time base) where interval k starts, rounded up to a whole tick.
  int64_t interval_start(int64_t k) const { return origin_ + rescale(k, gop_, time_base_, Rounding::kUp); }

  // Call for every frame in presentation order; true when it must be a keyframe.
  bool next_is_keyframe(int64_t pts) {
    int64_t k = interval(pts);
    bool key = !started_ || k > last_interval_;
    started_ = true;
    if (k > last_interval_) last_interval_ = k;
    return key;
  }

 private:
  int64_t origin_;
  Rational time_base_, gop_;
  bool started_ = false;
  int64_t last_interval_ = INT64_MIN;
};

}  // namespace streamforge
