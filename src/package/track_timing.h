// Private: per-track timescales and the title timeline.
//
// Each track gets its own timescale so sample durations are exact integers and never drift
// (DESIGN.md: no floating-point seconds in the media path): video a multiple of the frame
// rate's numerator near 90 kHz (30000/1001 -> 90000, 24000/1001 -> 96000, 25 -> 90000,
// 60000/1001 -> 120000), audio its sample rate.
#pragma once

#include <cstdint>

#include "streamforge/media/stream_info.h"

namespace streamforge::package {

inline uint32_t video_timescale(Rational frame_rate) {
  constexpr int64_t kNominal = 90000;
  Rational fr = frame_rate.reduced();
  // An unusual rate (measured, not nominal: 900000/29953) would give an absurd timescale.
  if (!fr.positive() || fr.num > 120'000) return kNominal;
  // fr.num ticks per second make every frame duration (den/num s) a whole number of ticks.
  int64_t multiple = (kNominal + fr.num - 1) / fr.num;
  return static_cast<uint32_t>(fr.num * multiple);
}

inline uint32_t track_timescale(const StreamInfo& info) {
  if (info.type == MediaType::kAudio && info.sample_rate > 0) return static_cast<uint32_t>(info.sample_rate);
  if (info.type == MediaType::kVideo) return video_timescale(info.frame_rate);
  return 1000;
}

}  // namespace streamforge::package
