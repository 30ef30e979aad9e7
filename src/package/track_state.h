// Private: the packager's per-stream state -- timestamp conversion onto the title timeline,
// segment-boundary decisions, and (for audio following a video track) samples held back until
// the video has decided where the next boundary is.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "package/audio_gap_fill.h"
#include "package/media_sample.h"
#include "package/rendition_writer.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::package {

struct TrackState {
  StreamInfo info;
  uint32_t timescale = 90000;
  int64_t frame_ticks = 0;  // video: one frame at the nominal rate, in timescale units (0 unknown)
  std::vector<std::unique_ptr<RenditionWriter>> writers;  // CMAF and/or MPEG-TS

  // First packet, in the packet's own time base (decides the title offset).
  bool has_first = false;
  int64_t first_pts = 0;
  Rational first_time_base{1, 90000};

  // Title timeline: presentation = converted pts + shift; decode = converted dts + shift + decode_extra
  // (decode_extra keeps tfdt >= 0 when B-frames make the first dts negative).
  int64_t shift = 0;
  int64_t decode_extra = 0;
  bool timeline_fixed = false;
  int64_t first_presented = 0;  // presentation time of the first sample on the title timeline
  int64_t end_presented = 0;    // where the latest-ending sample so far ends (title timeline)

  // Boundary decisions (tracks that cut on their own: video, or audio without video).
  bool has_samples = false;
  int64_t zero_pts = 0;        // presentation time of the first sample
  int64_t next_boundary = 1;   // index k of the next boundary at zero + k * segment duration

  // Audio following the lead video.
  std::deque<MediaSample> held;
  int64_t lead_dropped = 0;  // ticks of audio before the first picture left out (see release_audio)
  std::deque<int64_t> cut_times;  // presentation times (own timescale) where segments must start
  std::optional<AudioGapFill> gap_fill;  // silence for holes and an early end (audio behind video)
};

}  // namespace streamforge::package
