// Private (no FFmpeg types): resample + re-frame + encode one audio rendition (AAC or Opus).
// One instance per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/sound_gap_limits.h"
#include "streamforge/core/result.h"
#include "streamforge/media/frame.h"
#include "streamforge/media/packet.h"
#include "streamforge/media/stream_info.h"

namespace streamforge::av {

struct AudioEncoderConfig {
  Codec codec = Codec::kAac;
  std::string encoder = "aac";
  int bitrate_kbps = 128;
  int channels = 2;
  int sample_rate = 48000;
  std::string language;
  // Where the output timeline starts, in seconds of the source's timeline (the transcoder passes
  // the source's start). Audio that begins later is preceded by silence, so every rendition
  // covers the same span. Unset: the output starts at the first frame.
  std::optional<double> start_seconds;
};

class AudioEncoder {
 public:
  static Result<std::unique_ptr<AudioEncoder>> open(const AudioEncoderConfig& config);
  ~AudioEncoder();

  // Output description; time_base is 1/sample_rate.
  StreamInfo stream_info() const;
  // Samples before the first real sample that the encoder adds (AAC priming: 1024 at 48 kHz;
  // Opus pre-skip). Packagers write it as an edit list.
  int priming_samples() const;
  // Seconds of silence put into gaps so far.
  double gap_fill_seconds() const;
  // Seconds of overlapping audio cut so far.
  double trimmed_seconds() const;

  // Appends encoded packets; output timestamps run continuously by sample count from the start
  // (config.start_seconds, else the first frame). The audio stays where the source's timestamps
  // put it: a gap of more than 0.1 s (a dropout in a capture, a splice) is filled with silence,
  // and audio that overlaps what was already encoded by more than 0.1 s is trimmed. Smaller
  // jitter is ignored (it would only add clicks); a slow drift (an audio clock a little off
  // the timestamps) is followed by stretching or squeezing the audio by up to 0.2 %, without
  // steps. Gaps over kMaxFilledGapSeconds, or beyond
  // kMaxFilledTotalSeconds of silence in all, are not filled (the audio runs on, as before): a
  // hostile file must not turn into hours of silence.
  static constexpr int kMaxFilledGapSeconds = SoundGapLimits::kMaxGapSeconds;       // 120
  static constexpr int kMaxFilledTotalSeconds = SoundGapLimits::kMaxTotalSeconds;   // 1800
  Status encode(const Frame& frame, std::vector<Packet>& out);
  // Encodes what is left. `until_seconds` (the source's timeline, as start_seconds): where the
  // picture ends. Audio that ends more than 0.1 s before it is followed by silence up to there
  // (within the limits above, counted in gap_fill_seconds): in HLS and DASH players buffer only
  // where both tracks have media, so a title whose sound stops at 10 s of a 20 s picture stalled
  // at 10 s in hls.js, dash.js and Shaka Player.
  Status flush(std::vector<Packet>& out, std::optional<double> until_seconds = std::nullopt);

 private:
  AudioEncoder();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace streamforge::av
