// Private: ResolvedRung / ResolvedAudio -> the av/ encoder configurations.
#pragma once

#include "av/audio_encoder.h"
#include "av/video_encoder.h"
#include "streamforge/transcode/ladder_spec.h"

namespace streamforge {

av::VideoEncoderConfig video_encoder_config(const ResolvedRung& rung, const LadderSpec& spec,
                                            const StreamInfo& source, int threads);
// source_start_seconds: where the source's timeline starts (SerializedSink::timeline_start), so
// audio that begins later is preceded by silence.
av::AudioEncoderConfig audio_encoder_config(const ResolvedAudio& audio, double source_start_seconds);

// Where a picture at `pts` ends on the source's timeline, in seconds: plus one frame at the
// nominal rate. The latest one is where the audio renditions are padded to (AudioEncoder::flush).
double picture_end_seconds(int64_t pts, Rational time_base, Rational frame_rate);

// Frames per GOP at the rung's rate (for the encoder's own GOP bookkeeping).
int gop_frames(const LadderSpec& spec, Rational frame_rate);

// gop_seconds as an exact rational (2.0 -> 2/1, 1.001 -> 1001/1000).
Rational gop_rational(const LadderSpec& spec);

}  // namespace streamforge
