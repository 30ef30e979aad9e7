// Private: silence for where a copied audio track has no sound while the picture goes on -- a hole
// in the middle (a capture that lost its sound for a while) or an end before the picture's (a
// recording whose sound was cut short). MSE players buffer only where every track has media, so
// hls.js, dash.js and Shaka Player all stall at such a place and never reach the end; `streamforge
// transcode` fills it when it encodes, this does the same for stream copy, with coded silent frames
// (silent_aac.h, silent_opus.h). The same limits as the encoder's (media/sound_gap_limits.h):
// holes under 0.1 s are left alone (jitter), none over 120 s and at most 30 minutes in all are
// filled.
//
// Not thread-safe: one per audio track, used by the packager's thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "package/media_sample.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::package {

class AudioGapFill {
 public:
  // `timescale`: the track's. Silence can be coded for AAC Main, LC and LTP (see silent_aac.h) and
  // for Opus (silent_opus.h); for any other audio, fill() fills nothing and records the hole as
  // unfilled.
  AudioGapFill(const StreamInfo& info, uint32_t timescale);

  // Silent samples covering the hole [from, to) (presentation = decode times, the track's
  // timescale): whole frames that end by `to` inside the title, or that reach past it at the end
  // (`at_end`), where the picture must not outlast the sound.
  std::vector<MediaSample> fill(int64_t from, int64_t to, bool at_end, int64_t decode_extra);

  bool can_fill() const { return !silence_.empty(); }
  // How long `s`, a sample of this track, sounds in the track's ticks, from its bitstream: one AAC
  // frame, or an Opus packet's TOC. 0 when not known (another codec, a damaged packet). MP4
  // stores durations, not times, so the sample before a hole is stored as lasting over it; this
  // is how the hole shows.
  int64_t sound_ticks(const MediaSample& s) const;
  const std::string& why_not() const { return why_not_; }  // when !can_fill()
  int64_t filled_ticks() const { return filled_; }
  // Holes of 0.1 s or more left as they were: how long in all, and where the longest starts.
  int64_t unfilled_ticks() const { return unfilled_; }
  int64_t longest_unfilled_ticks() const { return longest_unfilled_; }
  int64_t longest_unfilled_at() const { return longest_unfilled_at_; }

 private:
  void init_opus(const StreamInfo& info);
  void leave(int64_t from, int64_t ticks);

  uint32_t timescale_;
  Codec codec_;
  SharedBytes silence_;  // one coded frame (AAC) or packet (Opus)
  int64_t frame_ticks_ = 0;  // one AAC frame (whenever the config parses), or how long silence_ lasts (Opus)
  std::string why_not_;
  int64_t filled_ = 0;
  int64_t unfilled_ = 0, longest_unfilled_ = 0, longest_unfilled_at_ = 0;
};

}  // namespace streamforge::package
