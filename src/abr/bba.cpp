#include "abr/bba.h"

#include <algorithm>

namespace streamforge::abr {

AbrDecision BbaController::decide(const PlaybackState& state) {
  AbrDecision d;
  const int top = max_level();
  const double b = state.buffer_seconds;
  if (b < p_.reservoir_seconds) {
    d.rendition = 0;
    d.reason = AbrReason::kBufferLow;
    return d;
  }
  if (b >= p_.reservoir_seconds + p_.cushion_seconds) {
    d.rendition = top;
    d.reason = AbrReason::kBufferLevel;
    return d;
  }
  // Rate map f(B), linear over the cushion (paper, Figure 7).
  const double r_min = level_bitrate_kbps(0), r_max = level_bitrate_kbps(top);
  const double f = r_min + (r_max - r_min) * (b - p_.reservoir_seconds) / p_.cushion_seconds;
  const int prev = std::clamp(last_level() < 0 ? 0 : last_level(), 0, top);
  const double rate_plus = level_bitrate_kbps(std::min(prev + 1, top));
  const double rate_minus = level_bitrate_kbps(std::max(prev - 1, 0));
  d.reason = AbrReason::kBufferLevel;
  if (prev < top && f >= rate_plus) {
    // Up: the highest rate strictly below f(B).
    int next = 0;
    for (int l = 0; l <= top; ++l) {
      if (level_bitrate_kbps(l) < f) next = l;
    }
    d.rendition = std::max(next, prev);
  } else if (prev > 0 && f <= rate_minus) {
    // Down: the lowest rate strictly above f(B).
    int next = top;
    for (int l = top; l >= 0; --l) {
      if (level_bitrate_kbps(l) > f) next = l;
    }
    d.rendition = std::min(next, prev);
  } else {
    d.rendition = prev;
    d.reason = AbrReason::kHold;
  }
  return d;
}

}  // namespace streamforge::abr
